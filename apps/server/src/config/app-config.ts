import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsJSON, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes'].includes(String(value).toLowerCase());
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The environment as the server reads it: every variable, checked once at boot. */
class Env {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional() @IsString() MEDIA_DIR?: string;
  @IsOptional() @IsString() JOURNAL_DIR?: string;
  @IsOptional() @IsString() ANCHOR_FILE?: string;
  @IsOptional() @IsString() H5_DIR?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @Length(3, 32) WECHAT_TOKEN?: string;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^wx[0-9a-zA-Z-]{4,32}$/, { message: 'WECHAT_APPID must look like wx0123456789abcdef' })
  WECHAT_APPID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() @Length(8, 64) WECHAT_APPSECRET?: string;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[A-Za-z0-9+/]{43}$/, { message: 'WECHAT_ENCODING_AES_KEY must be 43 base64 characters' })
  WECHAT_ENCODING_AES_KEY?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() WECHAT_ALLOW_PLAINTEXT?: boolean;
  @IsOptional() @Transform(emptyToUndefined) @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'WECHAT_API_BASE must be an http(s) URL' })
  WECHAT_API_BASE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(30) @Max(3600) WECHAT_MAX_AGE_SECONDS?: number;

  @IsOptional() @IsString() WECHAT_TEMPLATE_ASSIGNED?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_ANSWERED?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_REOPENED?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_ESCALATION?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_DIGEST?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_WARNING?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_ACCEPTED?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_RESIDENT_REOPENED?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_EMERGENCY?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_IDEA?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_LEAGUE?: string;
  @IsOptional() @IsString() WECHAT_TEMPLATE_MEETING?: string;
  /** JSON: subscription-message template ids, {"miniprogram": {"accepted": …}, "oa": {"answered": …}} */
  @IsOptional() @IsJSON({ message: 'WECHAT_SUBSCRIBE_TEMPLATES must be JSON' }) WECHAT_SUBSCRIBE_TEMPLATES?: string;
  /** JSON: per notification, our field names → the template's keys, e.g. {"case_assigned": {"thing2": "thing5"}} */
  @IsOptional() @IsJSON({ message: 'WECHAT_TEMPLATE_FIELDS must be JSON' }) WECHAT_TEMPLATE_FIELDS?: string;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^wx[0-9a-zA-Z-]{4,32}$/, { message: 'MINIPROGRAM_APPID must look like wx0123456789abcdef' })
  MINIPROGRAM_APPID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() @Length(8, 64) MINIPROGRAM_SECRET?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @Length(32, 256, { message: 'AUTH_SECRET must be at least 32 characters' })
  AUTH_SECRET?: string;
  @IsOptional() @Matches(/^[A-Z]{1,8}$/, { message: 'CASE_NUMBER_PREFIX must be 1-8 capital letters' }) CASE_NUMBER_PREFIX?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() SEED_DEMO?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) WORKER_POLL_MS?: number;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^(true|false|\d{1,2}|[a-z0-9.:/, ]+)$/, { message: 'TRUST_PROXY must be true, false, a hop count, or addresses/subnets (loopback, 10.0.0.0/8, …)' })
  TRUST_PROXY?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64) WEB_CONCURRENCY?: number;
  /** A font file with Chinese glyphs (TTF/OTF/TTC) for the pictures the server draws. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() PICTURE_FONT_FILE?: string;

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^\d{8,12}$/, { message: 'WECHATPAY_MCHID must be the merchant number (digits)' }) WECHATPAY_MCHID?: string;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[0-9A-Fa-f]{8,64}$/, { message: 'WECHATPAY_SERIAL must be the merchant certificate serial (hex)' }) WECHATPAY_SERIAL?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() WECHATPAY_PRIVATE_KEY_PATH?: string;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^PUB_KEY_ID_\w+$/, { message: 'WECHATPAY_PUBLIC_KEY_ID must look like PUB_KEY_ID_…' }) WECHATPAY_PUBLIC_KEY_ID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() WECHATPAY_PUBLIC_KEY_PATH?: string;
  @IsOptional() @Transform(emptyToUndefined) @Length(32, 32, { message: 'WECHATPAY_APIV3_KEY must be 32 characters' }) WECHATPAY_APIV3_KEY?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'WECHATPAY_API_BASE must be an http(s) URL' }) WECHATPAY_API_BASE?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'WECHATPAY_NOTIFY_URL must be an http(s) URL' }) WECHATPAY_NOTIFY_URL?: string;
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^\d{1,8}$/, { message: 'WECHATPAY_TRANSFER_SCENE_ID must be the scene id WeChat Pay gave (digits)' }) WECHATPAY_TRANSFER_SCENE_ID?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) REWARD_MONTHLY_BUDGET_FEN?: number;
}

/** Debian's fonts-wqy-microhei: what the pictures use unless PICTURE_FONT_FILE says otherwise. */
export const DEFAULT_PICTURE_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/**
 * WeChat Pay for cash rewards (商家转账). 'live': the merchant's credentials, read from files
 * here and never logged. 'fake': the sandbox's built-in fake WeChat Pay (keys made at boot).
 */
export type WechatPayConfig = {
  mchid: string;
  appid: string;
  apiV3Key: string;
  notifyUrl: string;
  transferSceneId: string;
  monthlyBudgetFen: number;
} & (
  | { mode: 'live'; serial: string; privateKey: string; publicKeyId: string; publicKey: string; apiBase: string }
  | { mode: 'fake' }
);

/** What residents are told of their case. */
export type ResidentNotice = 'accepted' | 'answered' | 'reopened' | 'phoneMoved' | 'idea';

export interface WechatConfig {
  token: string;
  appid: string;
  secret: string;
  encodingAESKey?: string;
  allowPlaintext: boolean;
  apiBase: string;
  maxAgeSeconds: number;
  /** Official Account template messages (模板消息). */
  templates: { assigned: string; answered: string; reopened: string; escalation: string; digest: string; accepted: string; residentReopened: string; emergency: string; warning: string; idea: string; league: string; meeting: string };
  /** A city's templates name their fields differently: per notification kind, our key → theirs. */
  templateFields: Record<string, Record<string, string>>;
  /** Subscription messages residents accepted: the mini-program's (subscribe/send) and the Official Account's (bizsend). */
  subscribeTemplates: { miniprogram: Partial<Record<ResidentNotice, string>>; oa: Partial<Record<ResidentNotice, string>> };
  miniprogramAppid?: string;
  /** Residents sign in to the mini-program with it (jscode2session); none: resident login is off. */
  miniprogram?: { appid: string; secret: string };
}

export interface AppConfig {
  port: number;
  /** Set: that PostgreSQL server. Unset: embedded PGlite under dataDir (or in memory when dataDir is null). */
  databaseUrl?: string;
  dataDir: string | null;
  /** Tests only (never from the environment): an in-memory PGlite starts from this migrated dump. */
  pgliteSnapshot?: string;
  /** Where residents' photos, voice and video are kept (the local-disk media store). */
  mediaDir: string;
  /** The webhook's local journal: messages that arrived while the database was away, until they are filed. */
  journalDir: string;
  /** The mini-program's h5 build, served at /app/ in the sandbox so it can be tried in a browser. */
  h5Dir: string;
  /** No WeChat credentials configured: run the built-in fake WeChat API and the /sandbox page. */
  sandbox: boolean;
  wechat: WechatConfig;
  authSecret: string;
  caseNumberPrefix: string;
  seedDemo: boolean;
  /** Server processes sharing the port; more than one needs a PostgreSQL server. */
  webConcurrency: number;
  /** Browser origins allowed to call the API (the mini-program's h5 build); the sandbox allows any. */
  corsOrigins: string[] | true;
  /** Express's "trust proxy": which proxies' X-Forwarded-For to believe, so that per-address limits see residents, not the proxy. */
  trustProxy: boolean | number | string;
  /** 每日锚定: the append-only file, outside the database, that keeps each day's timeline anchor. */
  anchorFile: string;
  /** How often background workers (notification delivery, media download) look for work; 0 turns them off (tests drain them explicitly). */
  workerPollMs: number;
  /** The CJK font file the picture renderer draws every text with (without it, text would silently vanish). */
  pictureFontFile: string;
  /** Cash rewards through WeChat Pay; null: not configured (rewards can be proposed and approved, not paid). */
  wechatpay: WechatPayConfig | null;
}

export class ConfigError extends Error {}

export const SANDBOX_WECHAT = {
  token: 'sandboxtoken',
  appid: 'wxsandbox0000000',
  secret: 'sandbox-secret-not-for-production',
  miniprogram: { appid: 'wxsandboxmini0000', secret: 'sandbox-mini-secret' },
  templates: {
    assigned: 'TPL_CASE_ASSIGNED',
    answered: 'TPL_CASE_ANSWERED',
    reopened: 'TPL_CASE_REOPENED',
    escalation: 'TPL_CASE_ESCALATION',
    digest: 'TPL_UNIT_DIGEST',
    warning: 'TPL_AREA_WARNING',
    accepted: 'TPL_CASE_ACCEPTED',
    residentReopened: 'TPL_CASE_REOPENED_RESIDENT',
    emergency: 'TPL_CASE_EMERGENCY',
    idea: 'TPL_GOLDEN_IDEA',
    league: 'TPL_LEAGUE_LINE',
    meeting: 'TPL_JOINT_MEETING',
  },
  subscribeTemplates: {
    miniprogram: { accepted: 'SUB_MINI_ACCEPTED', answered: 'SUB_MINI_ANSWERED', reopened: 'SUB_MINI_REOPENED', phoneMoved: 'SUB_MINI_PHONE_MOVED', idea: 'SUB_MINI_IDEA' },
    oa: { answered: 'SUB_OA_ANSWERED' },
  },
} as const;

/** Reads and checks the environment once. A missing or malformed value stops the server with its name. */
/** The server's configuration for a one-off tool: its database and settings, without background jobs or demo data. */
export function loadToolConfig(): AppConfig {
  return loadConfig({ ...process.env, SEED_DEMO: 'false', WORKER_POLL_MS: '0' });
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const env = plainToInstance(Env, { ...source }, { excludeExtraneousValues: false });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }

  // Any real credential, of the Official Account or of the mini-program, means production: no fake
  // WeChat, no /sandbox, no sandbox sign-in codes, no demo staff with a published password.
  const credentials = ['WECHAT_APPID', 'WECHAT_APPSECRET', 'WECHAT_TOKEN', 'WECHAT_ENCODING_AES_KEY', 'MINIPROGRAM_APPID', 'MINIPROGRAM_SECRET'] as const;
  const sandbox = credentials.every((k) => !env[k]);
  if (!sandbox) {
    const problems = (['WECHAT_APPID', 'WECHAT_APPSECRET', 'WECHAT_TOKEN', 'AUTH_SECRET'] as const)
      .filter((k) => !env[k])
      .map((k) => `${k}: required when any WeChat credential is configured (production)`);
    if (Boolean(env.MINIPROGRAM_APPID) !== Boolean(env.MINIPROGRAM_SECRET)) {
      problems.push(`${env.MINIPROGRAM_APPID ? 'MINIPROGRAM_SECRET' : 'MINIPROGRAM_APPID'}: the mini-program needs both MINIPROGRAM_APPID and MINIPROGRAM_SECRET`);
    }
    if (env.SEED_DEMO) problems.push('SEED_DEMO: the demo staff (published password) exist only in the sandbox; load your own with pnpm org:load');
    if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  if ((env.WEB_CONCURRENCY ?? 1) > 1 && !env.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  WEB_CONCURRENCY: more than one process needs DATABASE_URL (embedded PGlite is one process)');
  }

  const templates = {
    assigned: env.WECHAT_TEMPLATE_ASSIGNED || SANDBOX_WECHAT.templates.assigned,
    answered: env.WECHAT_TEMPLATE_ANSWERED || SANDBOX_WECHAT.templates.answered,
    reopened: env.WECHAT_TEMPLATE_REOPENED || SANDBOX_WECHAT.templates.reopened,
    escalation: env.WECHAT_TEMPLATE_ESCALATION || SANDBOX_WECHAT.templates.escalation,
    digest: env.WECHAT_TEMPLATE_DIGEST || SANDBOX_WECHAT.templates.digest,
    warning: env.WECHAT_TEMPLATE_WARNING || SANDBOX_WECHAT.templates.warning,
    accepted: env.WECHAT_TEMPLATE_ACCEPTED || SANDBOX_WECHAT.templates.accepted,
    residentReopened: env.WECHAT_TEMPLATE_RESIDENT_REOPENED || SANDBOX_WECHAT.templates.residentReopened,
    emergency: env.WECHAT_TEMPLATE_EMERGENCY || SANDBOX_WECHAT.templates.emergency,
    idea: env.WECHAT_TEMPLATE_IDEA || SANDBOX_WECHAT.templates.idea,
    league: env.WECHAT_TEMPLATE_LEAGUE || SANDBOX_WECHAT.templates.league,
    meeting: env.WECHAT_TEMPLATE_MEETING || SANDBOX_WECHAT.templates.meeting,
  };
  const subscribeTemplates = env.WECHAT_SUBSCRIBE_TEMPLATES
    ? (parseNestedMap('WECHAT_SUBSCRIBE_TEMPLATES', env.WECHAT_SUBSCRIBE_TEMPLATES) as WechatConfig['subscribeTemplates'])
    : sandbox
      ? SANDBOX_WECHAT.subscribeTemplates
      : { miniprogram: {}, oa: {} };
  const port = env.PORT ?? 3000;
  const wechatpay = loadWechatPay(env, sandbox, port, env.MINIPROGRAM_APPID ?? SANDBOX_WECHAT.miniprogram.appid);

  return {
    port,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    mediaDir: resolve(env.MEDIA_DIR ?? join(env.DATA_DIR ?? './data', 'media')),
    journalDir: resolve(env.JOURNAL_DIR ?? join(env.DATA_DIR ?? './data', 'journal')),
    anchorFile: resolve(env.ANCHOR_FILE ?? join(env.DATA_DIR ?? './data', 'audit', 'timeline-anchors.jsonl')),
    h5Dir: resolve(env.H5_DIR ?? join(__dirname, '../../../miniprogram/dist-h5')),
    sandbox,
    wechat: {
      token: env.WECHAT_TOKEN ?? SANDBOX_WECHAT.token,
      appid: env.WECHAT_APPID ?? SANDBOX_WECHAT.appid,
      secret: env.WECHAT_APPSECRET ?? SANDBOX_WECHAT.secret,
      encodingAESKey: env.WECHAT_ENCODING_AES_KEY,
      allowPlaintext: env.WECHAT_ALLOW_PLAINTEXT ?? false,
      // In the sandbox the fake WeChat API is mounted on this very server.
      apiBase: env.WECHAT_API_BASE ?? (sandbox ? `http://127.0.0.1:${port}/__wechat` : 'https://api.weixin.qq.com'),
      maxAgeSeconds: env.WECHAT_MAX_AGE_SECONDS ?? 300,
      templates,
      templateFields: env.WECHAT_TEMPLATE_FIELDS ? parseNestedMap('WECHAT_TEMPLATE_FIELDS', env.WECHAT_TEMPLATE_FIELDS) : {},
      subscribeTemplates: { miniprogram: subscribeTemplates.miniprogram ?? {}, oa: subscribeTemplates.oa ?? {} },
      miniprogramAppid: env.MINIPROGRAM_APPID ?? (sandbox ? SANDBOX_WECHAT.miniprogram.appid : undefined),
      miniprogram:
        env.MINIPROGRAM_APPID && env.MINIPROGRAM_SECRET
          ? { appid: env.MINIPROGRAM_APPID, secret: env.MINIPROGRAM_SECRET }
          : sandbox
            ? { ...SANDBOX_WECHAT.miniprogram }
            : undefined,
    },
    // The sandbox gets a fresh secret per boot: its tokens are for trying things out, never for keeping.
    authSecret: env.AUTH_SECRET ?? randomBytes(32).toString('hex'),
    caseNumberPrefix: env.CASE_NUMBER_PREFIX ?? 'MS',
    seedDemo: sandbox && (env.SEED_DEMO ?? true),
    workerPollMs: env.WORKER_POLL_MS ?? 1000,
    pictureFontFile: resolve(env.PICTURE_FONT_FILE ?? DEFAULT_PICTURE_FONT),
    webConcurrency: env.WEB_CONCURRENCY ?? 1,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : sandbox ? true : [],
    wechatpay,
  };
}

const WECHATPAY_REQUIRED = ['WECHATPAY_MCHID', 'WECHATPAY_SERIAL', 'WECHATPAY_PRIVATE_KEY_PATH', 'WECHATPAY_PUBLIC_KEY_ID', 'WECHATPAY_PUBLIC_KEY_PATH', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_NOTIFY_URL'] as const;

/** Any WeChat Pay credential means all of them; none: the sandbox's fake, or no payouts in production. */
function loadWechatPay(env: Env, sandbox: boolean, port: number, appid: string): WechatPayConfig | null {
  const common = {
    appid,
    transferSceneId: env.WECHATPAY_TRANSFER_SCENE_ID ?? '1000',
    // 10,000 yuan a month unless the city says otherwise.
    monthlyBudgetFen: env.REWARD_MONTHLY_BUDGET_FEN ?? 1_000_000,
  };
  if (WECHATPAY_REQUIRED.every((k) => !env[k])) {
    if (!sandbox) return null;
    return { mode: 'fake', mchid: '1900000001', apiV3Key: randomBytes(16).toString('hex'), notifyUrl: `http://127.0.0.1:${port}/api/wechatpay/notify`, ...common };
  }
  const missing = WECHATPAY_REQUIRED.filter((k) => !env[k]);
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n  ${missing.map((k) => `${k}: required when any WeChat Pay setting is given`).join('\n  ')}`);
  const read = (name: 'WECHATPAY_PRIVATE_KEY_PATH' | 'WECHATPAY_PUBLIC_KEY_PATH') => {
    try {
      return readFileSync(env[name]!, 'utf8');
    } catch {
      throw new ConfigError(`Invalid configuration:\n  ${name}: cannot read ${env[name]}`);
    }
  };
  return {
    mode: 'live',
    mchid: env.WECHATPAY_MCHID!,
    serial: env.WECHATPAY_SERIAL!,
    privateKey: read('WECHATPAY_PRIVATE_KEY_PATH'),
    publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID!,
    publicKey: read('WECHATPAY_PUBLIC_KEY_PATH'),
    apiV3Key: env.WECHATPAY_APIV3_KEY!,
    apiBase: env.WECHATPAY_API_BASE ?? 'https://api.mch.weixin.qq.com',
    notifyUrl: env.WECHATPAY_NOTIFY_URL!,
    ...common,
  };
}

/** TRUST_PROXY as Express takes it: off by default, so that a client cannot choose its own address. */
function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** A JSON object of objects of strings, or a ConfigError naming the variable. */
function parseNestedMap(name: string, raw: string): Record<string, Record<string, string>> {
  const value: unknown = JSON.parse(raw);
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((inner) => typeof inner === 'object' && inner !== null && !Array.isArray(inner) && Object.values(inner).every((v) => typeof v === 'string'));
  if (!ok) throw new ConfigError(`Invalid configuration:\n  ${name}: must be a JSON object of objects of strings`);
  return value as Record<string, Record<string, string>>;
}

/** The configuration with secrets masked, for the boot log. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    port: config.port,
    database: config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') : `PGlite at ${config.dataDir ?? 'memory'}`,
    sandbox: config.sandbox,
    wechat: { appid: config.wechat.appid, apiBase: config.wechat.apiBase, safeMode: Boolean(config.wechat.encodingAESKey) },
    // Keys stay out: the merchant number and where it calls are enough to tell which account is used.
    wechatpay: config.wechatpay ? { mode: config.wechatpay.mode, mchid: config.wechatpay.mchid, apiBase: config.wechatpay.mode === 'live' ? config.wechatpay.apiBase : 'built-in fake' } : null,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
