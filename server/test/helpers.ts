// Test fixtures are built fresh per file: an app on a random port over the shared test database.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import pino from 'pino';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { createApp, type AppContext } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DISTRICT_DIR } from './paths.ts';

export interface TestApp {
  base: string;
  db: Database;
  ctx: AppContext;
  get(pathAndQuery: string): Promise<Response>;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<Database> {
  const { url, kind } = inject('database');
  return openDatabase({ url, kind });
}

export async function createTestApp(): Promise<TestApp> {
  const db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent' });
  const { app, ctx } = createApp({ db, config, log: pino({ level: 'silent' }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    db,
    ctx,
    get: (p) => fetch(base + p),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.close();
    },
  };
}

export function readBuild<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(DISTRICT_DIR, file), 'utf8')) as T;
}

/** Every 4xx answer has this shape. */
export async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as { error?: { code?: string; message?: string } };
  if (res.status !== status || body.error?.code !== code || !body.error?.message) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  return body.error;
}
