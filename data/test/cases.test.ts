import { fromTable, type Table } from '../../server/src/contract/table.ts';
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { CASE_STATUSES, DISPUTE_TYPES, OPEN_CASE_STATUSES } from '../../server/src/contract/vocab.ts';
import { DEMO_ANCHOR_DATE } from '../scripts/config.ts';
import { readAreas, readJson } from './helpers.ts';

interface Case {
  id: string; title: string; dispute_type: string; description: string; status: string; location: [number, number];
  township_code: string; village_code: string; grid_code: string; mediator_id: string | null;
  created_at: string; assigned_at: string | null; closed_at: string | null; source: string;
}
interface Mediator { id: string; service_areas: { level: string; code: string }[] }

const cases = fromTable<Case>(readJson<Table>('cases.json'));
const mediators = new Map(readJson<Mediator[]>('mediators.json').map((m) => [m.id, m]));
const grids = new Map(readAreas('grids.geojson').map((g) => [g.properties.code as string, g]));
const villages = new Map(readAreas('villages.geojson').map((v) => [v.properties.code as string, v]));
const end = Date.parse(`${DEMO_ANCHOR_DATE}T00:00:00+08:00`) + 86_400_000;
const start = Date.parse('2024-12-01T00:00:00+08:00');

describe('cases', () => {
  it('number about 12,000 with unique ids', () => {
    expect(cases.length).toBeGreaterThan(11_000);
    expect(cases.length).toBeLessThan(13_500);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
  it('have vocabulary values, consistent timestamps and statuses', () => {
    for (const c of cases) {
      expect(Object.keys(DISPUTE_TYPES)).toContain(c.dispute_type);
      expect(Object.keys(CASE_STATUSES)).toContain(c.status);
      expect(['court_delegated', 'self_reported']).toContain(c.source);
      expect(c.title.length).toBeGreaterThan(0);
      const t0 = Date.parse(c.created_at);
      expect(t0 >= start && t0 < end, c.id).toBe(true);
      const ta = c.assigned_at === null ? null : Date.parse(c.assigned_at);
      const tc = c.closed_at === null ? null : Date.parse(c.closed_at);
      if (ta !== null) expect(ta >= t0 && ta <= end, c.id).toBe(true);
      if (tc !== null) expect(tc >= (ta ?? t0) && tc <= end, c.id).toBe(true);
      expect(c.mediator_id === null, c.id).toBe(ta === null);
      const open = (OPEN_CASE_STATUSES as readonly string[]).includes(c.status);
      expect(tc === null, c.id).toBe(open);
      if (c.status === 'pending') expect(ta, c.id).toBeNull();
      if (['assigned', 'mediating', 'settled', 'failed', 'filed'].includes(c.status)) expect(ta, c.id).not.toBeNull();
    }
  });
  it('lie inside their grid, in the right village and township', () => {
    for (const c of cases) {
      const g = grids.get(c.grid_code);
      expect(g, c.id).toBeDefined();
      expect(g!.properties.parent_code).toBe(c.village_code);
      expect(villages.get(c.village_code)!.properties.parent_code).toBe(c.township_code);
      expect(turf.booleanPointInPolygon(c.location, g!), c.id).toBe(true);
    }
  });
  it('are assigned to a mediator responsible for their area', () => {
    for (const c of cases) {
      if (!c.mediator_id) continue;
      const m = mediators.get(c.mediator_id);
      expect(m, c.id).toBeDefined();
      const ok = m!.service_areas.some((a) => a.level === 'district' || (a.level === 'township' && a.code === c.township_code) || (a.level === 'village' && a.code === c.village_code) || (a.level === 'grid' && a.code === c.grid_code));
      expect(ok, c.id).toBe(true);
    }
  });
  it('are mostly closed when old and open when recent', () => {
    const old = cases.filter((c) => Date.parse(c.created_at) < end - 90 * 86_400_000);
    const share = (s: string) => old.filter((c) => c.status === s).length / old.length;
    expect(share('settled')).toBeGreaterThan(0.62);
    expect(share('settled')).toBeLessThan(0.8);
    expect(share('failed')).toBeGreaterThan(0.06);
    expect(share('filed')).toBeGreaterThan(0.03);
    expect(share('withdrawn')).toBeGreaterThan(0.03);
    expect(share('pending')).toBe(0);
    const recent = cases.filter((c) => Date.parse(c.created_at) > end - 3 * 86_400_000);
    expect(recent.filter((c) => (OPEN_CASE_STATUSES as readonly string[]).includes(c.status)).length / recent.length).toBeGreaterThan(0.8);
    expect(cases.filter((c) => c.status === 'pending').length).toBeGreaterThan(10);
  });
  it('are open only while recent, with a realistic handful overdue at the anchor (issue 17)', () => {
    const open = cases.filter((c) => c.status === 'assigned' || c.status === 'mediating');
    // No case stays open for months: the oldest open assignment is under 60 days before the end.
    for (const c of open) expect(end - Date.parse(c.assigned_at!), c.id).toBeLessThan(60 * 86_400_000);
    const overdue = open.filter((c) => Date.parse(c.assigned_at!) + 30 * 86_400_000 < end);
    expect(overdue.length).toBeGreaterThan(5);
    expect(overdue.length).toBeLessThan(60);
  });
  it('have more land disputes in villages and more specialist disputes in communities', () => {
    const rate = (type: (t: string) => boolean, vt: string) => {
      const xs = cases.filter((c) => villages.get(c.village_code)!.properties.type === vt);
      return xs.filter((c) => type(c.dispute_type)).length / xs.length;
    };
    const land = (t: string) => t === 'land';
    const spec = (t: string) => ['medical', 'traffic', 'labour', 'property', 'logistics', 'environment', 'commercial'].includes(t);
    expect(rate(land, 'village')).toBeGreaterThan(3 * rate(land, 'community'));
    expect(rate(spec, 'community')).toBeGreaterThan(1.5 * rate(spec, 'village'));
  });
});
