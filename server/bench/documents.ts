// Court document figures (issue 18 item 3; goal: one document under 300 ms), medians over rounds:
//   - render only: the template in force + the field values → .docx bytes (docxtemplater, CPU)
//   - one generation as the route does it: the case's facts read, rendered, stored (case_documents) and
//     audited, in one transaction (services/documents/generate.ts generateDocument)
//   - the print view: the facts read, rendered, and the paragraphs read back (printView)
// on a demo case that is settled and has a mediator (the 委派调解函 and the 人民调解协议书).
//   npx tsx server/bench/documents.ts   (embedded database in a temporary folder; DATABASE_URL=… for PostgreSQL)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import type { Database } from '../src/db/connection.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../src/contract/documents.ts';
import { writeAudit } from '../src/services/audit.ts';
import type { Actor } from '../src/services/masking.ts';
import { caseFacts } from '../src/services/documents/fields.ts';
import { renderDocx } from '../src/services/documents/render.ts';
import { generateDocument, printView } from '../src/services/documents/generate.ts';
import { templateInForce } from '../src/services/documents/templates.ts';
import { median, ms, percentile, timeIt } from './stats.ts';

const log = pino({ level: 'silent' });
const DAYS = 30;

export async function documentFigures(db: Database, label: string, rounds = 30): Promise<void> {
  const knex = db.knex;
  const admin = await knex('users').where({ username: 'admin' }).first('id', 'username', 'role');
  const actor: Actor = { id: admin.id, username: admin.username, role: admin.role, tribunal_id: null, mediator_id: null };
  const c = await knex('cases').where({ status: 'settled' }).whereNotNull('mediator_id').orderBy('id').first('id');
  if (!c) { console.log(`[${label}] documents: skipped, no settled case with a mediator`); return; }
  const onDone = (trx: Parameters<typeof writeAudit>[0], action: Parameters<typeof writeAudit>[1]['action'], target: { type: string; id: number }, details: Record<string, unknown>) =>
    writeAudit(trx, { actor, action, target, details });
  const before = ((await knex('case_documents').max({ m: 'id' }))[0]!.m as number | null) ?? 0;
  const now = Date.now();
  for (const kind of ['delegation_letter', 'mediation_agreement'] as DocumentKind[]) {
    const facts = await caseFacts(knex, actor, c.id, DAYS, now);
    const template = await templateInForce(knex, kind);
    const render = await timeIt(rounds, async () => renderDocx(template.data, facts.values));
    const generate = await timeIt(rounds, () => generateDocument(knex, actor, c.id, kind, DAYS, now, onDone));
    const print = await timeIt(rounds, () => printView(knex, actor, c.id, kind, DAYS, now));
    const size = renderDocx(template.data, facts.values).length;
    console.log(`[${label}] ${DOCUMENT_KINDS[kind]} (${(size / 1024).toFixed(1)} kB): render only median ${ms(median(render))}; `
      + `generate + store + audit median ${ms(median(generate))} (p90 ${ms(percentile(generate, 90))}); print view median ${ms(median(print))}; ${rounds} rounds (goal < 300 ms)`);
  }
  await knex('case_documents').where('id', '>', before).delete();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  const dir = url ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-documents-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : {}) });
  const { db } = await startDatabase(config, log);
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
  await documentFigures(db, `district, ${db.kind}`);
  await db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
