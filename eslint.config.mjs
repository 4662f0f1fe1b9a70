import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/dist-*/**', '**/node_modules/**', 'apps/miniprogram/**', '**/*.js', '**/*.mjs', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: [] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Tests read JSON bodies loosely; the assertions are what check their shape.
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The domain is plain TypeScript: no framework, no ORM, no validation library, no WeChat.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'class-validator', 'class-transformer', '@msz/*', '../../apps/*', 'node:*'] }],
    },
  },
  {
    // The corpus test reads the committed JSON Lines files from disk (they cannot be imported); only tests may.
    files: ['libs/domain/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'class-validator', 'class-transformer', '@msz/*', '../../apps/*'] }],
    },
  },
  {
    // WeChat's protocol knows nothing of cases or of the server.
    files: ['libs/wechat/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', '@msz/domain', '@msz/server*', '../../apps/*'] }] },
  },
);
