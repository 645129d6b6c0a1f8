// One place for settings: defaults in code, environment overrides, validated at start-up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// Two levels up from server/src/config.ts, and equally from the server bundle server/dist/index.mjs
// that `npm start` runs (scripts/serve.mjs): files are found from here, never from a module's own place.
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CACHE_DIR = path.join(REPO_ROOT, '.data', 'cache');

/** AMap's URI API: a marker at the point, opened in the AMap app when installed (`callnative=1`). */
export const AMAP_MARKER_URL_DEFAULT = 'https://uri.amap.com/marker?position={lng},{lat}&name={name}&coordinate=wgs84&callnative=1&src=shihe-grid-map';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder of the embedded database; ignored when DATABASE_URL is set. */
  DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, '.data', 'pglite')),
  /** The embedded database's PostGIS bundle: `trimmed` (without the unused raster and topology libraries, a second faster to open) or `full` (as shipped). */
  POSTGIS_BUNDLE: z.enum(['trimmed', 'full']).default('trimmed'),
  /** Where the trimmed PostGIS bundle is made on the first start (about 40 MB). */
  CACHE_DIR: z.string().min(1).default(DEFAULT_CACHE_DIR),
  /** postgres://… of a PostgreSQL + PostGIS server; empty means the embedded database. */
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** How long a start waits (retrying, logging each attempt) for a PostgreSQL server that is down, then exits 1. */
  DATABASE_WAIT_SECONDS: z.coerce.number().min(0).max(24 * 3600).default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Optional raster basemap XYZ template (e.g. Tianditu with your key). No basemap by default. */
  BASEMAP_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** `on`: the mediator's case work also offers an AMap (高德, uri.amap.com) navigation link beside the `geo:` one.
   *  Off by default: court networks are closed and the app names no outside host unless told to. */
  AMAP_LINKS: z.enum(['off', 'on']).default('off'),
  /** The AMap marker link offered when AMAP_LINKS=on: `{lng}`, `{lat}` (WGS84 degrees) and `{name}` (the place, URL-encoded)
   *  are filled in by the client. The default tells AMap the point is WGS84, so AMap shifts it to its GCJ-02 itself. */
  AMAP_MARKER_URL: z.string().trim()
    .refine((s) => /^https?:\/\/[^\s]+$/.test(s) && s.includes('{lng}') && s.includes('{lat}'), '应为 http(s):// 开头、含 {lng} 和 {lat} 的网址模板（{name} 可选），例如 https://uri.amap.com/marker?position={lng},{lat}&name={name}&coordinate=wgs84')
    .default(AMAP_MARKER_URL_DEFAULT),
  /** Built client served at /. */
  CLIENT_DIST: z.string().default(path.join(REPO_ROOT, 'client', 'dist')),
  /** Folder holding the generated district data (data/build). */
  DISTRICT_DATA_DIR: z.string().default(path.join(REPO_ROOT, 'data', 'build')),
  /** Load the district on first start when the database is empty. */
  LOAD_DISTRICT: z.enum(['auto', 'never']).default('auto'),
  /** The day the demo data set ends on when it is loaded: `today` (its dates move to the loading day), `build` (as built), or a YYYY-MM-DD day. */
  DEMO_ANCHOR: z.string().regex(/^(today|build|\d{4}-\d{2}-\d{2})$/, 'today、build 或 YYYY-MM-DD 日期').default('today'),
  /** Key of the session id hashes (HMAC-SHA256); required in production, at least 32 characters. */
  SESSION_SECRET: z.string().min(32, '至少 32 个字符（例如 openssl rand -hex 32 的输出）').optional().or(z.literal('').transform(() => undefined)),
  /** A session ends after this many minutes without a request. */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(480),
  /** …and at the latest this many hours after login. */
  SESSION_MAX_HOURS: z.coerce.number().positive().max(30 * 24).default(12),
  /** A valid session is answered from an in-process cache for this many seconds (0: every request reads the database). */
  SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  /** Failed logins allowed per IP address and per username within LOGIN_RATE_WINDOW_MINUTES. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_RATE_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** Express `trust proxy`: empty (no proxy), `loopback`, a number of hops or a list of addresses. */
  TRUST_PROXY: z.string().default(''),
  /** Pre-litigation mediation deadline (诉前调解期限), days from the first assignment. */
  PRE_LITIGATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** The court's code in case numbers （2026）豫1502民诉前调123号 (the province's short name and the court's number). */
  CASE_NUMBER_COURT: z.string().trim().regex(/^[\u4e00-\u9fa5]\d{2,6}$/, '应为省份简称加法院代字编号，例如 豫1502').default('豫1502'),
  /** The type code of the cases this system numbers: 民诉前调 (civil pre-litigation mediation). */
  CASE_NUMBER_TYPE: z.string().trim().regex(/^[\u4e00-\u9fa5]{1,8}$/, '应为案件类型代字，例如 民诉前调').default('民诉前调'),
  /** The notification job checks deadlines (a deadline within 3 days, overdue) every this many seconds. */
  NOTIFY_CHECK_SECONDS: z.coerce.number().min(5).max(24 * 3600).default(300),
  /** SMS gateway URL template, `{phone}` and `{text}` filled in URL-encoded; empty: messages are only logged and kept in the outbox. */
  SMS_URL_TEMPLATE: z.string().trim()
    .refine((s) => /^https?:\/\/[^\s]+$/.test(s) && s.includes('{phone}') && s.includes('{text}'), '应为 http(s):// 开头、含 {phone} 和 {text} 的网址模板，例如 http://gw.example/send?to={phone}&text={text}')
    .optional().or(z.literal('').transform(() => undefined)),
  /** HTTP method of the gateway call. */
  SMS_METHOD: z.enum(['GET', 'POST']).default('POST'),
  /** The SMS sender sends what is due every this many seconds. */
  SMS_SEND_SECONDS: z.coerce.number().min(1).max(3600).default(10),
  /** The coverage model is kept warm (built at start, brought up to date) every this many seconds; 0: built on request only. */
  COVERAGE_WARM_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  // Uploads (boundary files, registry imports) are read in a worker thread with these limits, checked
  // while reading: a file that crosses one is refused with 413 upload_limit naming it.
  /** Inflated bytes of one zip entry (a .shp, an .xlsx sheet), in MB. */
  UPLOAD_MAX_ENTRY_MB: z.coerce.number().positive().max(4096).default(100),
  /** Inflated bytes of all entries of one zip (zipped Shapefile, .xlsx), in MB. */
  UPLOAD_MAX_INFLATED_MB: z.coerce.number().positive().max(4096).default(200),
  /** Entries of one zip. */
  UPLOAD_MAX_ENTRIES: z.coerce.number().int().positive().default(1000),
  /** Features of one boundary file. */
  UPLOAD_MAX_FEATURES: z.coerce.number().int().positive().default(20_000),
  /** Vertices (positions) of one boundary file. */
  UPLOAD_MAX_VERTICES: z.coerce.number().int().positive().default(750_000),
  /** Data rows of one registry import file. */
  UPLOAD_MAX_ROWS: z.coerce.number().int().positive().default(50_000),
  /** Columns of one registry import file. */
  UPLOAD_MAX_COLUMNS: z.coerce.number().int().positive().default(200),
  /** Characters of one cell of a registry import file (Excel's own limit is 32,767). */
  UPLOAD_MAX_CELL_CHARS: z.coerce.number().int().positive().default(32_767),
  /** Heap of the worker that reads one upload, in MB: a file needing more is refused, the server is untouched. */
  UPLOAD_WORKER_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(1024),
  /** Seconds the worker may spend reading one upload. */
  UPLOAD_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(90),
  /** Uploads read at the same time (one worker each); more wait in a queue. */
  UPLOAD_WORKERS: z.coerce.number().int().min(1).max(8).default(1),
  /** Size of one file kept with a case (an agreement photo, a PDF), in MB. */
  ATTACHMENT_MAX_MB: z.coerce.number().positive().max(100).default(10),
  /** Uploads that may wait for a worker; beyond them 503 uploads_busy with Retry-After. */
  UPLOAD_QUEUE: z.coerce.number().int().min(0).max(100).default(4),
}).superRefine((c, ctx) => {
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: '生产环境（NODE_ENV=production）必须设置：一个至少 32 个字符的随机串，例如 openssl rand -hex 32 的输出，写入 .env 或环境变量' });
  }
});

/** Used only outside production, where SESSION_SECRET may be left out: sessions survive restarts. */
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-not-for-production';

export type Config = z.infer<typeof schema> & { SESSION_SECRET: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // Relative folders are relative to the repository, wherever the process was started from.
  for (const k of ['DATA_DIR', 'CACHE_DIR', 'CLIENT_DIST', 'DISTRICT_DATA_DIR'] as const) c[k] = path.resolve(REPO_ROOT, c[k]);
  c.SESSION_SECRET ??= DEVELOPMENT_SESSION_SECRET;
  return c as Config;
}

/** Reads the repository's .env into process.env (without overriding what is already set). */
export function loadEnvFile(): void {
  const file = path.join(REPO_ROOT, '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** The settings as they may be logged: credentials in URLs replaced. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const hide = (u?: string) => (u ? u.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@') : u);
  return { ...config, SESSION_SECRET: '***', DATABASE_URL: hide(config.DATABASE_URL), BASEMAP_URL: config.BASEMAP_URL ? hide(config.BASEMAP_URL)?.replace(/tk=[^&]+/, 'tk=***') : undefined,
    // A gateway template may carry an account and key in its query: only its origin is logged.
    SMS_URL_TEMPLATE: config.SMS_URL_TEMPLATE ? `${hide(config.SMS_URL_TEMPLATE)!.split('?')[0]}?…` : undefined };
}
