// Starts the real server (`npm run serve`) on a free port with a fresh embedded data folder, as a
// newcomer would, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

export interface Served { base: string; proc: ChildProcess; dataDir: string; startMs: number; stop(): Promise<void> }

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function serve(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Served> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-e2e-'));
  const port = await freePort();
  const t0 = performance.now();
  // Node itself runs the server (tsx as a loader), so the child is the server: killing it leaves no
  // orphan behind (an npx/tsx wrapper passes SIGTERM on, but not a SIGKILL, and may outlive its child).
  const proc = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'server/src/index.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('http://')) { clearInterval(timer); resolve(); }
    }, 50);
    proc.once('exit', (code) => { clearInterval(timer); reject(new Error(`server exited (${code}):\n${out}`)); });
  });
  const startMs = performance.now() - t0;
  return {
    base: `http://127.0.0.1:${port}`,
    proc,
    dataDir,
    startMs,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}
