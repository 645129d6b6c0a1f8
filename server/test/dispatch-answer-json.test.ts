// The preview's answer written as JSON text (services/dispatch/answer-json.ts) is exactly the text
// JSON.stringify gives for it — from the read model (the kept per-mediator parts, again after a reload of
// the mediators), from SQL, ranked by village, with an address match, outside the district.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressMatchInfo } from '../src/contract/cases.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import type { Database } from '../src/db/connection.ts';
import { previewAnswer, rankForPoint } from '../src/services/assignment.ts';
import { previewJson } from '../src/services/dispatch/answer-json.ts';
import { DispatchModelHolder } from '../src/services/dispatch/model.ts';
import { rank } from '../src/services/dispatch/rule.ts';
import { openTestDatabase } from './helpers.ts';

const TYPES = Object.keys(DISPUTE_TYPES) as DisputeType[];
let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

describe('previewJson', () => {
  it('is JSON.stringify of the answer, byte for byte', async () => {
    const holder = new DispatchModelHolder(db.knex);
    const model = await holder.refresh();
    const { rows } = await db.knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y, v.code AS village FROM
      (SELECT ST_PointOnSurface(geom) AS p, village_code FROM grids ORDER BY code) g JOIN villages v ON v.code = g.village_code`);
    const match = (code: string): AddressMatchInfo => ({ outcome: 'exact', level: 'village', code, name: '某村', township_name: '某镇', lng: 114, lat: 32, bbox: [113.9, 31.9, 114.1, 32.1], alternatives: [] });
    let n = 0;
    for (let pass = 0; pass < 2; pass++) { // the second pass finds the kept parts
      for (const [i, r] of (rows as { x: number; y: number; village: string }[]).entries()) {
        if (i % 3) continue;
        const type = TYPES[i % TYPES.length]!;
        const a = previewAnswer(rank(model.facts(r.x, r.y, type), type), r.x, r.y, type);
        expect(previewJson(a)).toBe(JSON.stringify(a));
        const v = previewAnswer(rank(model.villageFacts(r.village, type), type), r.x, r.y, type);
        expect(previewJson(v, match(r.village))).toBe(JSON.stringify({ ...v, address_match: match(r.village) }));
        n += a.candidates.length;
      }
    }
    expect(n).toBeGreaterThan(1000);
    // from SQL (new objects every time), outside the district
    for (const [x, y] of [[114.03, 32.08], [114.1, 32.2], [120, 40]] as const) {
      const a = await rankForPoint(db.knex, x, y, 'medical');
      expect(previewJson(a)).toBe(JSON.stringify(a));
      expect(previewJson(a, match('1'))).toBe(JSON.stringify({ ...a, address_match: match('1') }));
    }
    // a mediator renamed: the kept part is not reused for the new facts
    const r0 = (rows as { x: number; y: number }[])[0]!;
    const before = previewAnswer(rank(model.facts(r0.x, r0.y, 'neighbour'), 'neighbour'), r0.x, r0.y, 'neighbour');
    previewJson(before);
    if (before.outcome === 'candidates') {
      const renamed = { ...before, candidates: before.candidates.map((c) => ({ ...c, name: `${c.name}乙` })) };
      expect(previewJson(renamed)).toBe(JSON.stringify(renamed));
    }
  }, 120_000);
});
