import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { MEDIATOR_KINDS, MEDIATOR_STATUSES, ORGANISATION_KINDS, SPECIALTIES } from '../../server/src/contract/vocab.ts';
import { readAreas, readJson } from './helpers.ts';

interface Mediator {
  id: string; name: string; kind: string; phone: string; organisation_id: string; tribunal_id: string; location: [number, number];
  specialties: string[]; capacity: number; status: string; status_since: string; is_liaison: boolean; service_areas: { level: string; code: string }[];
}
interface Org { id: string; name: string; kind: string; industry: string | null; township_code: string | null; village_code: string | null; location: [number, number]; tribunal_id: string; contact_phone: string }
interface Tribunal { id: string; name: string; name_is_real: boolean; seat: [number, number]; catchment: string[] }

const mediators = readJson<Mediator[]>('mediators.json');
const orgs = readJson<Org[]>('organisations.json');
const tribunals = readJson<Tribunal[]>('tribunals.json');
const district = readAreas('district.geojson')[0]!;
const townships = readAreas('townships.geojson');
const villages = readAreas('villages.geojson');
const grids = readAreas('grids.geojson');
const areaByCode = new Map([...townships, ...villages, ...grids].map((f) => [f.properties.code as string, f]));
const gridVillage = new Map(grids.map((g) => [g.properties.code as string, g.properties.parent_code as string]));

describe('tribunals', () => {
  it('cover every township exactly once; only the two public names are real', () => {
    const all = tribunals.flatMap((t) => t.catchment).sort();
    expect(all).toEqual(townships.map((t) => t.properties.code as string).sort());
    expect(tribunals.filter((t) => t.name_is_real).map((t) => t.name).sort()).toEqual(['浉河区人民法院', '董家河法庭'].sort());
    for (const t of tribunals) if (!t.name_is_real) expect(t.name).toMatch(/示例|演示/);
    for (const t of tribunals) expect(turf.booleanPointInPolygon(t.seat, district)).toBe(true);
  });
});

describe('organisations', () => {
  it('have valid kinds, unique ids, and demo names where invented', () => {
    expect(new Set(orgs.map((o) => o.id)).size).toBe(orgs.length);
    const kinds = new Set(orgs.map((o) => o.kind));
    for (const k of Object.keys(ORGANISATION_KINDS)) expect(kinds.has(k)).toBe(true);
    for (const o of orgs) {
      if (o.kind !== 'village_committee' && o.kind !== 'township_committee') expect(o.name).toMatch(/示例|演示/);
      if (o.industry !== null) expect(Object.keys(SPECIALTIES)).toContain(o.industry);
      expect(o.contact_phone).toMatch(/^0376-6000\d{3}$/); // an invented office line (public in the directory)
      expect(tribunals.some((t) => t.id === o.tribunal_id)).toBe(true);
      expect(turf.booleanPointInPolygon(o.location, district)).toBe(true);
    }
    const industries = new Set(orgs.filter((o) => o.kind === 'industry').map((o) => o.industry));
    for (const s of Object.keys(SPECIALTIES)) expect(industries.has(s)).toBe(true);
    expect(orgs.filter((o) => o.kind === 'township_committee')).toHaveLength(19);
    expect(orgs.filter((o) => o.kind === 'village_committee').length).toBeGreaterThan(240);
  });
});

describe('mediators', () => {
  it('are about 600, with fake names and phones, all kinds present', () => {
    expect(mediators.length).toBeGreaterThan(500);
    expect(mediators.length).toBeLessThan(750);
    expect(new Set(mediators.map((m) => m.id)).size).toBe(mediators.length);
    expect(new Set(mediators.map((m) => m.phone)).size).toBe(mediators.length);
    for (const m of mediators) {
      expect(m.name).toContain('某');
      expect(m.name).toMatch(/示例|演示/);
      expect(m.phone).toMatch(/^1\d{10}$/);
      expect(Object.keys(MEDIATOR_STATUSES)).toContain(m.status);
      expect(m.status_since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(m.capacity >= 3 && m.capacity <= 15).toBe(true);
      for (const s of m.specialties) expect(Object.keys(SPECIALTIES)).toContain(s);
      expect(orgs.some((o) => o.id === m.organisation_id)).toBe(true);
      expect(m.service_areas.length).toBeGreaterThan(0);
    }
    const kinds = new Set(mediators.map((m) => m.kind));
    for (const k of Object.keys(MEDIATOR_KINDS)) expect(kinds.has(k)).toBe(true);
    const share = (s: string) => mediators.filter((m) => m.status === s).length / mediators.length;
    expect(share('active')).toBeGreaterThan(0.85);
    expect(share('on_leave')).toBeGreaterThan(0.02);
    expect(share('withdrawn')).toBeGreaterThan(0.01);
  });
  it('are located inside one of their service areas', () => {
    for (const m of mediators) {
      const inside = m.service_areas.some((a) => {
        const f = a.level === 'district' ? (a.code === '411502000000' ? district : undefined) : areaByCode.get(a.code);
        expect(f, `${m.id} ${a.level} ${a.code}`).toBeDefined();
        return f ? turf.booleanPointInPolygon(m.location, f) : false;
      });
      expect(inside, m.id).toBe(true);
    }
  });
  it('leave coverage gaps: a dozen or more villages without, and some with only inactive, local mediators', () => {
    const local = new Map<string, Mediator[]>();
    for (const m of mediators) for (const a of m.service_areas) {
      const v = a.level === 'village' ? a.code : a.level === 'grid' ? gridVillage.get(a.code) : undefined;
      if (v) local.set(v, [...(local.get(v) ?? []), m]);
    }
    const uncovered = villages.filter((v) => !local.has(v.properties.code as string));
    const inactiveOnly = villages.filter((v) => (local.get(v.properties.code as string) ?? []).length > 0 && local.get(v.properties.code as string)!.every((m) => m.status !== 'active'));
    expect(uncovered.length).toBeGreaterThanOrEqual(12);
    expect(inactiveOnly.length).toBeGreaterThanOrEqual(3);
    const meta = readJson<{ coverage_gaps: { villages_without_mediators: string[] } }>('meta.json');
    expect(meta.coverage_gaps.villages_without_mediators.sort()).toEqual(uncovered.map((v) => v.properties.code as string).sort());
    // Grids without a grid-level mediator exist too.
    const gridCovered = new Set(mediators.flatMap((m) => m.service_areas.filter((a) => a.level === 'grid').map((a) => a.code)));
    expect(grids.filter((g) => !gridCovered.has(g.properties.code as string)).length).toBeGreaterThan(50);
  });
});
