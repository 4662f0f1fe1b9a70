/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';
declare module '*.sass';

/** Server base URL, replaced at build time (config/index.ts, env TARO_APP_API_BASE). No trailing slash. */
declare const API_BASE: string;

declare namespace NodeJS {
  interface ProcessEnv {
    /** Node's own variable; decides whether the build is minified. */
    NODE_ENV: 'development' | 'production' | 'test';
    /** Platform being built. Only weapp and h5 are set up here. */
    TARO_ENV: 'weapp' | 'h5';
    /** Mini-program appid for this build (see https://taro-docs.jd.com/docs/next/env-mode-config). */
    TARO_APP_ID?: string;
    /** Server base URL baked into the build; defaults to http://localhost:3000. */
    TARO_APP_API_BASE?: string;
  }
}
