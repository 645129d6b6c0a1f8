// The running server builds the dispatch read model in the background (issue 15: its build "must not
// delay the first answer of the other routes"): the real process (server/src/index.ts) is started on the
// test database while another connection holds the grids locked, so the model's first read waits; the
// server still says it is ready and answers GET /api/auth/me and GET /api/health; once the lock goes,
// its log says the model is built. (The start of the model was once lost in a merge: previews then ran
// on the SQL for ever.) PostgreSQL only: an embedded database takes one process.
// The figures at province scale: server/bench/start-model.ts.
import type { Knex } from 'knex';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openTestDatabase } from './helpers.ts';
import { call, sleep, startServer, type ServerProcess } from './fault-helpers.ts';

let srv: ServerProcess | undefined;
afterAll(async () => { await srv?.stop(); });

describe.skipIf(inject('database').kind !== 'postgres')('the dispatch model at start', () => {
  it('is built in the background: the routes answer while its first read waits, then it is ready', async () => {
    const db = await openTestDatabase();
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = db.knex.transaction(async (trx: Knex.Transaction) => {
      await trx.raw('LOCK TABLE grids IN ACCESS EXCLUSIVE MODE');
      locked();
      await new Promise<void>((r) => (release = r));
    });
    try {
      await isLocked;
      srv = await startServer({ DATABASE_URL: inject('database').url, LOG_LEVEL: 'info', LOAD_DISTRICT: 'never', COVERAGE_WARM_SECONDS: '0' }, { timeoutMs: 180_000 });
      expect((await call(srv.base, null, 'GET', '/api/auth/me')).status).toBe(401);
      expect((await call(srv.base, null, 'GET', '/api/health')).status).toBe(200);
      expect(srv.output()).not.toMatch(/dispatch model ready/); // still waiting for the grids
    } finally {
      release?.();
      await holding;
      await db.close();
    }
    for (let t = 0; t < 1200 && !/dispatch model ready/.test(srv.output()); t++) await sleep(100);
    expect(srv.output()).toMatch(/"dispatch_model_ms":\d+.*dispatch model ready/);
  }, 240_000);
});
