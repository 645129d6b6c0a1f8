// The embedded database: PGlite with PostGIS in this process, reached through a local socket so the
// ordinary `pg` driver (and knex) talk to it exactly as to a server. PGlite has ONE connection:
// the socket allows one client and the knex pool must be max 1 (see docs/stack-notes in shared).
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/** Opens (or creates) the data folder; `dataDir` undefined means in memory (tests). */
export async function startEmbedded(dataDir?: string): Promise<EmbeddedDatabase> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { postgis } });
  } catch (err) {
    throw new Error(
      `The embedded database in ${dataDir ?? '(memory)'} could not be opened (${(err as Error).message}). ` +
        'If the folder is damaged, restore a backup or move it away to start with a fresh district load.',
    );
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
