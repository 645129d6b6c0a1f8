// A vocabulary the database checks (a migration's CHECK (col IN (...))) is written in two places: the
// migration (migrations do not import app code) and the contract. This test binds the two: it reads every
// such constraint from the migrated database (pg_get_constraintdef) and compares its values with the
// contract's list. A new vocabulary constraint must be added to BOUND or DATABASE_ONLY below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.ts';
import { openTestDatabase } from './helpers.ts';
import { AREA_LEVELS, CASE_SOURCES, CASE_STATUSES, GEOMETRY_SOURCES, MEDIATOR_STATUSES, ROLES, SERVICE_AREA_LEVELS, TOWNSHIP_TYPES, VILLAGE_TYPES } from '../src/contract/vocab.ts';
import { AUDIT_OUTCOMES } from '../src/contract/auth.ts';
import { BOUNDARY_LEVELS } from '../src/contract/boundaries.ts';
import { ATTACHMENT_KINDS, ATTACHMENT_TYPES, EXTENSION_STATUSES } from '../src/contract/case-work.ts';
import { ASSIGN_CHOICES, COORD_SYSTEMS, GUIDANCE_MODES, PARTY_ROLES } from '../src/contract/cases.ts';
import { DOCUMENT_KINDS } from '../src/contract/documents.ts';
import { IMPORT_KINDS, LOCATION_SOURCES, ORGANISATION_STATUSES } from '../src/contract/registry.ts';
import { PUBLICITY_KINDS, TRAINING_AUDIENCES } from '../src/contract/assessment.ts';
import { SMS_STATUSES } from '../src/contract/notifications.ts';

const keys = (o: object | readonly string[]): string[] => (Array.isArray(o) ? [...(o as readonly string[])] : Object.keys(o));

/** `table.column` → the contract's list of the values its CHECK constraint allows. */
const BOUND: Record<string, string[]> = {
  'users.role': keys(ROLES),
  'audit_log.outcome': keys(AUDIT_OUTCOMES),
  'townships.type': keys(TOWNSHIP_TYPES),
  'villages.type': keys(VILLAGE_TYPES),
  'district.geometry_source': keys(GEOMETRY_SOURCES),
  'townships.geometry_source': keys(GEOMETRY_SOURCES),
  'villages.geometry_source': keys(GEOMETRY_SOURCES),
  'grids.geometry_source': keys(GEOMETRY_SOURCES),
  'area_boundary_versions.level': keys(AREA_LEVELS),
  'import_boundary_previews.level': keys(BOUNDARY_LEVELS),
  'mediators.status': keys(MEDIATOR_STATUSES),
  'mediators.location_source': keys(LOCATION_SOURCES),
  'mediator_service_areas.level': keys(SERVICE_AREA_LEVELS),
  'organisations.status': keys(ORGANISATION_STATUSES),
  'import_previews.kind': keys(IMPORT_KINDS),
  'cases.status': keys(CASE_STATUSES),
  'cases.source': keys(CASE_SOURCES),
  // 'address': the case was placed from its address (no coordinates were sent), not a choice in the form.
  'cases.coord_system_in': [...keys(COORD_SYSTEMS), 'address'],
  'case_parties.role': keys(PARTY_ROLES),
  // 'batch': written by POST /api/assign/batch, not a dispatcher's choice of one case.
  'case_assignments.mode': [...keys(ASSIGN_CHOICES), 'batch'],
  'guidance_requests.mode': keys(GUIDANCE_MODES),
  'case_attachments.kind': keys(ATTACHMENT_KINDS),
  'case_attachments.mime': keys(ATTACHMENT_TYPES),
  'extension_requests.status': keys(EXTENSION_STATUSES),
  'document_templates.kind': keys(DOCUMENT_KINDS),
  'case_documents.kind': keys(DOCUMENT_KINDS),
  'publicity_events.kind': keys(PUBLICITY_KINDS),
  'training_sessions.audience': keys(TRAINING_AUDIENCES),
  'sms_outbox.status': keys(SMS_STATUSES),
};

/** Vocabulary constraints with no list in the contract (states only the services write), and why. */
const DATABASE_ONLY: Record<string, string> = {
  'import_boundary_previews.status': 'preview → committed | discarded, written and read only by services/boundaries',
  'import_boundary_problems.kind': 'overlap | gap, the stored problems of a preview (services/boundaries/preview.ts)',
};

interface VocabularyCheck { column: string; name: string; values: string[] }

// pg_get_constraintdef of knex's checkIn: CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text])))
const IN_LIST = /^CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\)$/;

function parse(table: string, name: string, def: string): VocabularyCheck | null {
  if (!def.includes('ANY (ARRAY[')) return null;
  const m = IN_LIST.exec(def);
  if (!m) throw new Error(`${table}.${name}: a list constraint this test cannot read: ${def}`);
  const values = [...m[2]!.matchAll(/'((?:[^']|'')*)'::text/g)].map((v) => v[1]!.replaceAll("''", "'"));
  return { column: `${table}.${m[1]}`, name, values };
}

let db: Database;
let checks: VocabularyCheck[];
beforeAll(async () => {
  db = await openTestDatabase();
  const { rows } = await db.knex.raw<{ rows: { tbl: string; name: string; def: string }[] }>(`
    SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'c' AND n.nspname = current_schema() AND c.conrelid::regclass::text <> 'spatial_ref_sys'
    ORDER BY 1, 2`);
  checks = rows.map((r) => parse(r.tbl, r.name, r.def)).filter((c): c is VocabularyCheck => c !== null);
});
afterAll(async () => { await db.close(); });

const sorted = (xs: string[]) => [...xs].sort();

describe('vocabulary constraints match the contract', () => {
  it('finds the constraints (the query and the parser still work)', () => {
    expect(checks.map((c) => c.column)).toContain('case_documents.kind');
    expect(checks.length).toBeGreaterThanOrEqual(Object.keys(BOUND).length);
  });

  it('every vocabulary constraint is bound to a contract list or said to be the database\'s own', () => {
    const unclassified = checks.map((c) => c.column).filter((col) => !(col in BOUND) && !(col in DATABASE_ONLY));
    expect(unclassified, 'add these to BOUND (with the contract list) or DATABASE_ONLY (with the reason)').toEqual([]);
  });

  it('every bound column still has its constraint', () => {
    const found = new Set(checks.map((c) => c.column));
    expect(Object.keys(BOUND).filter((col) => !found.has(col))).toEqual([]);
  });

  it.each(Object.entries(BOUND))('%s allows exactly the contract\'s values', (column, contract) => {
    for (const c of checks.filter((x) => x.column === column)) {
      expect(sorted(c.values), `${c.name} (a migration) vs the contract`).toEqual(sorted(contract));
    }
  });
});
