// Starting on an embedded folder after trouble: a second server on a folder in use is refused with a
// clear message (two processes writing one PGlite folder would destroy it); a start interrupted during
// migrations or the first load is noticed at the next start (its marker), the folder is checked with a
// write probe, and the server starts; the marker and the lock are gone after a clean stop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/db/embedded.ts';
import { START_MARKER } from '../src/start.ts';
import { call, startServer, type ServerProcess } from './fault-helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-start-'));
const dataDir = path.join(tmp, 'pglite');
let srv: ServerProcess | undefined;
afterAll(async () => {
  await srv?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// Embedded only: the PostgreSQL stage of `npm test` skips it (the embedded stage runs it).
describe.skipIf(process.env.TEST_DATABASE_URL)('starting on an embedded folder', () => {
  it('refuses a second server on a folder in use, with what to do', async () => {
    srv = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { timeoutMs: 180_000 });
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, START_MARKER))).toBe(false); // removed once migrations and the load finished
    const second = await startServer({ DATA_DIR: dataDir }).then(() => 'started', (err: Error) => err.message);
    expect(second).toMatch(/exited \(1\)/);
    expect(second).toMatch(/in use by another process \(pid \d+\)/);
    expect((await call(srv.base, null, 'GET', '/api/health')).status).toBe(200); // the first one is unharmed
  }, 240_000);

  it('after a kill during migrations or the first load: notices it, checks the folder, starts', async () => {
    await srv!.kill();
    fs.writeFileSync(path.join(dataDir, START_MARKER), new Date().toISOString()); // as a start killed mid-load leaves it
    srv = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { timeoutMs: 180_000 });
    expect(srv.output()).toMatch(/last start was interrupted during migrations or the first load/);
    expect((await call(srv.base, null, 'GET', '/api/health')).status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, START_MARKER))).toBe(false);
    await srv.stop();
    srv = undefined;
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false); // a clean stop releases the folder
  }, 240_000);
});
