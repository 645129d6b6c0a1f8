// One place for settings: defaults in code, environment overrides, validated at start-up.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder of the embedded database; ignored when DATABASE_URL is set. */
  DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, '.data', 'pglite')),
  /** postgres://… of a PostgreSQL + PostGIS server; empty means the embedded database. */
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Optional raster basemap XYZ template (e.g. Tianditu with your key). No basemap by default. */
  BASEMAP_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** Built client served at /. */
  CLIENT_DIST: z.string().default(path.join(REPO_ROOT, 'client', 'dist')),
  /** Folder holding the generated district data (data/build). */
  DISTRICT_DATA_DIR: z.string().default(path.join(REPO_ROOT, 'data', 'build')),
  /** Load the district on first start when the database is empty. */
  LOAD_DISTRICT: z.enum(['auto', 'never']).default('auto'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // Relative folders are relative to the repository, wherever the process was started from.
  for (const k of ['DATA_DIR', 'CLIENT_DIST', 'DISTRICT_DATA_DIR'] as const) c[k] = path.resolve(REPO_ROOT, c[k]);
  return c;
}

/** Reads the repository's .env into process.env (without overriding what is already set). */
export function loadEnvFile(): void {
  const file = path.join(REPO_ROOT, '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** The settings as they may be logged: credentials in URLs replaced. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const hide = (u?: string) => (u ? u.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@') : u);
  return { ...config, DATABASE_URL: hide(config.DATABASE_URL), BASEMAP_URL: config.BASEMAP_URL ? hide(config.BASEMAP_URL)?.replace(/tk=[^&]+/, 'tk=***') : undefined };
}
