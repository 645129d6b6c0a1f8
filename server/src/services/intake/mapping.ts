// Column mapping of an intake file: proposed from the last mapping used for the same header set
// (intake_mappings, keyed by a hash of the sorted header texts), else guessed from the header texts.
import crypto from 'node:crypto';
import type { Knex } from '../../db/types.ts';
import { INTAKE_FIELD_KEYS, INTAKE_FIELDS, type IntakeField, type IntakeMapping } from '../../contract/intake.ts';

type Db = Knex | Knex.Transaction;

const clean = (h: string) => h.replace(/[\s\u3000*＊:：]/g, '').toLowerCase();

/** The key of a header set: the same headers in any order give the same key. */
export function headerKey(headers: string[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(headers.map(clean).filter(Boolean).sort())).digest('hex');
}

/** Each field to the first column whose header is one of its texts (exactly, then contained). */
export function guessMapping(headers: string[]): IntakeMapping {
  const h = headers.map(clean);
  const used = new Set<number>();
  const out: IntakeMapping = {};
  for (const pass of ['exact', 'contains'] as const) {
    for (const f of INTAKE_FIELD_KEYS) {
      if (out[f] !== undefined) continue;
      const names = INTAKE_FIELDS[f].headers.map(clean);
      const i = h.findIndex((x, j) => !used.has(j) && x !== '' && (pass === 'exact' ? names.includes(x) : names.some((n) => n.length >= 2 && x.includes(n))));
      if (i >= 0) {
        out[f] = i;
        used.add(i);
      }
    }
  }
  for (const f of INTAKE_FIELD_KEYS) if (out[f] === undefined) out[f] = null;
  return out;
}

/** Only columns that exist; a field left out is not mapped. */
export function fitMapping(m: IntakeMapping, headers: string[]): IntakeMapping {
  const out: IntakeMapping = {};
  for (const f of INTAKE_FIELD_KEYS) {
    const i = m[f];
    out[f] = typeof i === 'number' && i >= 0 && i < headers.length ? i : null;
  }
  return out;
}

export async function proposeMapping(db: Db, headers: string[]): Promise<{ mapping: IntakeMapping; source: 'remembered' | 'guessed' }> {
  const row = await db('intake_mappings').where({ header_key: headerKey(headers) }).first('mapping');
  if (row) {
    const m = (typeof row.mapping === 'string' ? JSON.parse(row.mapping) : row.mapping) as IntakeMapping;
    return { mapping: fitMapping(m, headers), source: 'remembered' };
  }
  return { mapping: guessMapping(headers), source: 'guessed' };
}

export async function rememberMapping(db: Db, headers: string[], mapping: IntakeMapping, userId: number): Promise<void> {
  await db('intake_mappings').insert({ header_key: headerKey(headers), mapping: JSON.stringify(mapping), updated_by: userId, updated_at: db.fn.now() })
    .onConflict('header_key').merge();
}

export const mappedFields = (m: IntakeMapping): IntakeField[] => INTAKE_FIELD_KEYS.filter((f) => typeof m[f] === 'number');
