// A what-if scenario, in memory and pure: the baseline units (coverage-*.sql rows), the real active
// mediators and a list of changes → every unit's coverage under the scenario. Nothing is written.
// Changes: `add` a hypothetical mediator (negative id; responsible for the village it stands in, so
// for that village's grids too: `village_code`, located by the caller), `move` a real active mediator
// (its service areas stay), `remove` a real active mediator (as if on leave: neither responsible nor near).
import type { CoverageUnit, ScenarioChange } from '../../contract/coverage.ts';
import { judgeAll, toUnit, type UnitRow } from './baseline.ts';
import { MediatorIndex, updateNearest, type MediatorPoint, type Nearest } from './nearest.ts';
import type { Radii } from './rule.ts';

export interface Hypothetical { key: string; id: number; lng: number; lat: number; village_code: string | null }

export interface ScenarioInput {
  units: readonly UnitRow[];
  /** Real ACTIVE mediators with a location. */
  mediators: readonly MediatorPoint[];
  radii: Radii;
  changes: readonly ScenarioChange[];
  /** Village of each `add` change's point, by key (null: outside every village). */
  villageOf: (key: string) => string | null;
  /**
   * Optional: the units' nearest mediators among `mediators` (the model's). Then only the units a
   * change can affect are searched again (nearest.ts updateNearest) — what makes a dragged mediator
   * cheap at province scale; the answer is the same.
   */
  nearest?: Nearest;
}

export interface ScenarioResult { units: CoverageUnit[]; added: Hypothetical[]; warnings: string[] }

/** The mediators and responsibilities a scenario leaves, as plain data. */
export function applyChanges(mediators: readonly MediatorPoint[], changes: readonly ScenarioChange[], villageOf: (key: string) => string | null) {
  const byId = new Map(mediators.map((m) => [m.id, m]));
  const removed = new Set<number>();
  const moved = new Map<number, { lng: number; lat: number }>();
  const added: Hypothetical[] = [];
  const warnings: string[] = [];
  const keys = new Set<string>();
  for (const c of changes) {
    if (c.op === 'add') {
      if (keys.has(c.key)) { warnings.push(`假设调解员 ${c.key} 重复，只计第一次`); continue; }
      keys.add(c.key);
      added.push({ key: c.key, id: -(added.length + 1), lng: c.lng, lat: c.lat, village_code: villageOf(c.key) });
    } else if (!byId.has(c.mediator_id)) {
      warnings.push(`调解员 ${c.mediator_id} 不是在岗且有位置的调解员，变更（${c.op === 'move' ? '移动' : '停用'}）未计入`);
    } else if (c.op === 'remove') {
      removed.add(c.mediator_id);
      moved.delete(c.mediator_id);
    } else if (!removed.has(c.mediator_id)) {
      moved.set(c.mediator_id, { lng: c.lng, lat: c.lat });
    }
  }
  // Hypothetical ones first (ids −n … −1), then the real ones in their order: ordered by id when the
  // real ones are, so nearest.ts diffPoints can merge instead of building maps.
  const points: MediatorPoint[] = [];
  for (let k = added.length - 1; k >= 0; k--) points.push({ id: added[k]!.id, lng: added[k]!.lng, lat: added[k]!.lat });
  for (const m of mediators) {
    if (removed.has(m.id)) continue;
    const to = moved.get(m.id);
    points.push(to ? { id: m.id, ...to } : m);
  }
  const newByVillage = new Map<string, number[]>();
  for (const h of added) {
    if (h.village_code === null) { warnings.push(`假设调解员 ${h.key} 不在任何村（社区）范围内：只计距离，不负责任何单元`); continue; }
    const list = newByVillage.get(h.village_code) ?? [];
    list.push(h.id);
    newByVillage.set(h.village_code, list);
  }
  return { points, removed, added, newByVillage, warnings };
}

export function evaluateScenario(input: ScenarioInput): ScenarioResult {
  const s = applyChanges(input.mediators, input.changes, input.villageOf);
  const responsibleOf = (u: UnitRow) => {
    const extra = s.newByVillage.get(u.village_code);
    return s.removed.size || extra ? [...(extra ?? []), ...u.responsible.filter((id) => !s.removed.has(id))] : u.responsible;
  };
  let units;
  if (!input.nearest) units = judgeAll(input.units, s.points, input.radii, responsibleOf);
  else {
    const n = updateNearest(input.units, input.nearest, input.mediators, s.points, () => new MediatorIndex(s.points));
    units = input.units.map((u, i) => {
      const none = n.d[i] === Infinity;
      return toUnit(u, input.radii, responsibleOf(u), none ? null : n.id[i]!, none ? null : n.d[i]!);
    });
  }
  return { units, added: s.added, warnings: s.warnings };
}
