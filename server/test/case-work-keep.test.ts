// A file kept with a case survives what a court's server goes through: a restart (a new app on the
// same data — the embedded folder, or the PostgreSQL database) and a backup made by the existing backup
// code (server/src/db/backup.ts), restored after the file was lost. A database of its own: an embedded
// folder in the embedded stage, a database next to TEST_DATABASE_URL's in the PostgreSQL stage.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLatest, openDatabase, type Database } from '../src/db/connection.ts';
import { backupEmbedded, backupPostgres, restoreEmbedded, restorePostgres } from '../src/db/backup.ts';
import { createTestApp, type TestApp } from './helpers.ts';
import { formOf, tinyPng } from './case-work-files.ts';

const PG = process.env.TEST_DATABASE_URL;
let tmp: string;
let url = '';
let admin: Database | null = null;
const name = PG ? `${new URL(PG).pathname.slice(1)}_casework` : '';

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-casework-'));
  if (PG) {
    admin = await openDatabase({ url: PG, kind: 'postgres', poolMax: 1 });
    await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.knex.raw(`CREATE DATABASE ${name}`);
    const u = new URL(PG);
    u.pathname = `/${name}`;
    url = u.toString();
  }
});

afterAll(async () => {
  if (admin) {
    await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const dataDir = () => path.join(tmp, 'pglite');
const open = () => (PG ? openDatabase({ url, kind: 'postgres', poolMax: 2 }) : openDatabase({ dataDir: dataDir() }));
/** An app over `db` as the server would run on it (createTestApp: demo accounts seeded when none exist). */
const appOn = (db: Database) => createTestApp({ sharing: { db } as TestApp });

describe(PG ? 'PostgreSQL server' : 'embedded database', () => {
  it('an agreement photo is kept across a restart and in a backup', async () => {
    const png = tinyPng();
    // The schema, one mediator (the demo mediator account links to the first one) and a case in mediation.
    let db = await open();
    let attachmentId = 0;
    try {
      if (PG) await db.knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
      await migrateLatest(db.knex, { embedded: !PG });
      const [m] = await db.knex('mediators').insert({ name: '测试调解员(保存)', kind: 'other', status: 'active', is_demo: true }).returning('id');
      const [c] = await db.knex('cases').insert({
        title: '测试：协议书保存', dispute_type: 'neighbour', status: 'mediating', mediator_id: (m as { id: number }).id,
        location: db.knex.raw('ST_SetSRID(ST_MakePoint(114.07, 32.12), 4326)'),
      }).returning('id');
      const caseId = (c as { id: number }).id;
      const app = await appOn(db);
      try {
        const s = await app.login('mediator');
        expect(s.user.mediator_id).toBe((m as { id: number }).id);
        const res = await fetch(`${app.base}/api/cases/${caseId}/attachments`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, body: formOf(png, '调解协议书.png') });
        expect(res.status, await res.clone().text()).toBe(201);
        attachmentId = ((await res.json()) as { id: number }).id;
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }

    // Restart: a new database connection and a new app on the same data.
    const read = async () => {
      const d = await open();
      try {
        const app = await appOn(d);
        try {
          const res = await app.request(`/api/attachments/${attachmentId}`, { as: 'mediator' });
          return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
        } finally {
          await app.close();
        }
      } finally {
        await d.close();
      }
    };
    const again = await read();
    expect(again.status).toBe(200);
    expect(again.bytes.equals(png)).toBe(true);

    // A backup by the backup code; the file is then lost; the restore brings it back.
    const file = path.join(tmp, PG ? 'casework.dump' : 'casework.tar.gz');
    if (PG) await backupPostgres(url, file);
    else await backupEmbedded(dataDir(), file);
    db = await open();
    try {
      expect(await db.knex('case_attachments').where({ id: attachmentId }).delete()).toBe(1);
    } finally {
      await db.close();
    }
    if (PG) await restorePostgres(file, url);
    else await restoreEmbedded(file, dataDir());
    const restored = await read();
    expect(restored.status).toBe(200);
    expect(restored.bytes.equals(png)).toBe(true);
  }, 300_000);
});
