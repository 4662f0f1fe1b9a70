import { startupLines } from './app.factory';
import { loadConfig } from './config/app-config';

describe(startupLines.name, () => {
  const sandbox = loadConfig({ PORT: '3456' });

  it('says where to go in the sandbox: the simulator, the app and the API', () => {
    const lines = startupLines(sandbox, true);
    expect(lines.length).toBeLessThanOrEqual(5);
    for (const path of ['/sandbox', '/app/', '/api/docs']) expect(lines.join('\n')).toContain(`http://localhost:3456${path}`);
  });

  it('says how to build the app when it is not built', () => {
    const text = startupLines(sandbox, false).join('\n');
    expect(text).not.toContain('http://localhost:3456/app/');
    expect(text).toContain('pnpm run build:miniprogram');
  });
});
