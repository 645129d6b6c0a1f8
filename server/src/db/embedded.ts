// The embedded database: PGlite with PostGIS in this process, reached through a local socket so the
// ordinary `pg` driver (and knex) talk to it exactly as to a server. PGlite has ONE connection:
// the socket allows one client and the knex pool must be max 1 (see docs/stack-notes in shared).
//
// PGlite does not lock its folder (its postmaster.pid is a placeholder), and two processes writing
// one folder would destroy it: a lock file with our pid refuses a second server (or a backup) while
// one runs. A lock left by a dead process means the last run did not shut down cleanly.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DEFAULT_CACHE_DIR } from '../config.ts';
import { postgisExtension, type PostgisBundleOptions } from './postgis-bundle.ts';

export interface EmbeddedDatabase {
  url: string;
  /** The previous process using this folder ended without closing it (killed, crashed, power loss). */
  uncleanShutdown: boolean;
  close(): Promise<void>;
}

export const LOCK_FILE = 'shihe-server.lock';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid of a live process holding the folder, or null; `stale`: a lock of a dead process was found. */
export function folderHolder(dataDir: string): { pid: number | null; stale: boolean } {
  const file = path.join(dataDir, LOCK_FILE);
  if (!fs.existsSync(file)) return { pid: null, stale: false };
  const pid = Number(/"pid":\s*(\d+)/.exec(fs.readFileSync(file, 'utf8'))?.[1]);
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { pid, stale: false };
  return { pid: null, stale: true };
}

/** Takes the folder for this process; refuses when another live process has it. */
export function lockFolder(dataDir: string, purpose: string): { uncleanShutdown: boolean; release(): void } {
  const holder = folderHolder(dataDir);
  if (holder.pid !== null) {
    throw new Error(
      `The embedded database folder ${dataDir} is in use by another process (pid ${holder.pid}). Stop that server first (only one process may open the folder). ` +
        `内置数据库目录正被另一个进程（pid ${holder.pid}）使用，请先停止该服务。`,
    );
  }
  const file = path.join(dataDir, LOCK_FILE);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
  return {
    uncleanShutdown: holder.stale,
    release() {
      try {
        if (folderHolder(dataDir).pid === null) fs.rmSync(file, { force: true });
      } catch {
        // the folder may be gone (tests): nothing to release
      }
    },
  };
}

export function damagedFolderAdvice(dataDir: string): string {
  return (
    `If the folder is damaged, stop here and either restore a backup (npm run restore -- <backup file>) or move the folder away ` +
    `(mv "${dataDir}" "${dataDir}.damaged") to start with a fresh district load. ` +
    `如数据目录已损坏：请用 npm run restore -- <备份文件> 恢复备份，或将该目录移走（mv "${dataDir}" "${dataDir}.damaged"）后重新启动以重新载入辖区数据。`
  );
}

const SYNC = 0x53; // 'S'
/** Frontend messages of the extended query protocol other than Sync: Parse, Bind, Describe, Execute, Close, Flush. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * PGlite answers an extended-protocol message that fails (Parse, or Execute hitting a RAISE in a
 * trigger) with an ErrorResponse AND a ReadyForQuery, and then runs the rest of the batch; PostgreSQL
 * sends ReadyForQuery only at Sync and skips everything up to it after an error
 * (electric-sql/pglite#958). The extra ReadyForQuery makes the `pg` driver take the next answer for
 * the next query: every later query on the connection got the previous one's result (seen in
 * security.test.ts: a refused UPDATE on audit_log, then a SELECT answered with an empty result).
 * This puts PostgreSQL's rule back between the socket server and PGlite: no ReadyForQuery before
 * Sync, and after an error nothing runs until Sync.
 */
function followExtendedProtocol(db: PGlite): void {
  const raw = db.execProtocolRawStream.bind(db);
  let failed = false;
  db.execProtocolRawStream = async (message, options) => {
    const type = message[0]!;
    if (!EXTENDED.has(type)) {
      if (type === SYNC) failed = false;
      return raw(message, options);
    }
    if (failed) return; // PostgreSQL discards these until Sync
    const chunks: Uint8Array[] = [];
    await raw(message, { ...options, onRawData: (d: Uint8Array) => { chunks.push(d.slice()); } });
    const out = Buffer.concat(chunks);
    const kept: Buffer[] = [];
    for (let i = 0; i + 5 <= out.length;) {
      const len = out.readInt32BE(i + 1);
      const end = Math.min(out.length, i + 1 + len);
      const t = out[i]!;
      if (t === 0x45) failed = true; // ErrorResponse
      if (t !== 0x5a) kept.push(out.subarray(i, end)); // drop ReadyForQuery ('Z')
      i = end;
    }
    if (kept.length) options?.onRawData?.(Buffer.concat(kept));
  };
}

/** Opens (or creates) the data folder; `dataDir` undefined means in memory (tests). */
export async function startEmbedded(
  dataDir?: string,
  bundle: PostgisBundleOptions = { bundle: 'trimmed', cacheDir: DEFAULT_CACHE_DIR },
): Promise<EmbeddedDatabase> {
  let lock: ReturnType<typeof lockFolder> | undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = lockFolder(dataDir, 'server');
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { postgis: postgisExtension(bundle) } });
  } catch (err) {
    lock?.release();
    throw new Error(`The embedded database in ${dataDir ?? '(memory)'} could not be opened (${(err as Error).message}). ${dataDir ? damagedFolderAdvice(dataDir) : ''}`);
  }
  followExtendedProtocol(db);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    url: `postgres://postgres@${conn}/postgres`,
    uncleanShutdown: lock?.uncleanShutdown ?? false,
    async close() {
      await server.stop();
      await db.close();
      lock?.release();
    },
  };
}
