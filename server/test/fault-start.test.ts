// Starting on an embedded folder after trouble: a second server on a folder in use is refused with a
// clear message (two processes writing one PGlite folder would destroy it); a start interrupted during
// migrations or the first load is noticed at the next start (its marker), the folder is checked with a
// write probe, and the server starts; the marker and the lock are gone after a clean stop. A port
// taken by another program ends the start with a message (it once left a server that logged `ready`
// and answered nothing).
import fs from 'node:fs';
import net from 'node:net';
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
    // A first start (create, migrate, load): 12–15 s on a quiet machine, 200–300 s seen at load 30 on 2 cores.
    srv = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { timeoutMs: 540_000 });
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, START_MARKER))).toBe(false); // removed once migrations and the load finished
    const second = await startServer({ DATA_DIR: dataDir }).then(() => 'started', (err: Error) => err.message);
    expect(second).toMatch(/exited \(1\)/);
    expect(second).toMatch(/in use by another process \(pid \d+\)/);
    expect((await call(srv.base, null, 'GET', '/api/health')).status).toBe(200); // the first one is unharmed
  }, 600_000);

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

  it('a port in use: exit 1 saying so, the folder released', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const start = await startServer({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, { timeoutMs: 180_000 })
        .then(async (s) => { await s.kill(); return 'started'; }, (err: Error) => err.message);
      expect(start).toMatch(/exited \(1\)/);
      expect(start).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      holder.close();
    }
  }, 240_000);
});
