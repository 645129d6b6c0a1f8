// Pure helpers of the planning view: parameters from the form, unit statuses for the map, sorting,
// and the scenario's change list edited by map clicks. Kept apart from React so they are unit-tested.
import type { CoverageParams, CoverageTotals, CoverageUnit, ScenarioChange } from '../../../../server/src/contract/coverage.ts';
import type { UnitStatus } from '../../layers/coverage-units.ts';

export type RadiusMode = 'default' | 'one' | 'classes';
export interface ParamForm { level: 'village' | 'grid'; mode: RadiusMode; radius: string; urban: string; rural: string; from: string; to: string }

export const DEFAULT_FORM: ParamForm = { level: 'village', mode: 'default', radius: '2000', urban: '1000', rural: '3000', from: '', to: '' };

const metres = (s: string): number | null => {
  const t = s.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n <= 100_000 ? n : null;
};

/** The request parameters, or an error message (in Chinese) for the form. */
export function paramsOf(f: ParamForm): { params: CoverageParams } | { error: string } {
  const p: CoverageParams = { level: f.level };
  if (f.mode === 'one') {
    const r = metres(f.radius);
    if (r === null) return { error: '覆盖半径应为 0 至 100000 之间的数字（米）' };
    p.radius_m = r;
  } else if (f.mode === 'classes') {
    const u = metres(f.urban), r = metres(f.rural);
    if (u === null || r === null) return { error: '城镇、乡村覆盖半径应为 0 至 100000 之间的数字（米）' };
    p.radius_urban_m = u;
    p.radius_rural_m = r;
  }
  if (f.from) p.from = f.from;
  if (f.to) p.to = f.to;
  if (f.from && f.to && f.from > f.to) return { error: '起始日期不能晚于结束日期' };
  return { params: p };
}

/** Map status of every unit: the baseline's, or where a scenario changed it, gained/lost. */
export function unitStatuses(base: readonly CoverageUnit[], changed: readonly CoverageUnit[] | null): Map<string, UnitStatus> {
  const m = new Map<string, UnitStatus>();
  for (const u of base) m.set(u.code, u.covered ? 'covered' : 'uncovered');
  for (const u of changed ?? []) {
    const before = m.get(u.code);
    if (u.covered && before === 'uncovered') m.set(u.code, 'gained');
    else if (!u.covered && before === 'covered') m.set(u.code, 'lost');
  }
  return m;
}

export type SortKey = 'population' | 'cases';
export function sortUnits(units: readonly CoverageUnit[], key: SortKey): CoverageUnit[] {
  const v = (u: CoverageUnit) => (key === 'population' ? u.population_est : u.case_count);
  return [...units].sort((a, b) => v(b) - v(a) || a.code.localeCompare(b.code));
}

/** Adds a hypothetical mediator; keys are n1, n2, … never reused within a scenario. */
export function addSite(changes: readonly ScenarioChange[], lng: number, lat: number): { changes: ScenarioChange[]; key: string } {
  let n = 1;
  const keys = new Set(changes.flatMap((c) => (c.op === 'add' ? [c.key] : [])));
  while (keys.has(`n${n}`)) n++;
  const key = `n${n}`;
  return { changes: [...changes, { op: 'add', key, lng: round6(lng), lat: round6(lat), label: `假设调解员 ${n}` }], key };
}

/** Moves a hypothetical (by key) or a real (by id) mediator. */
export function moveSite(changes: readonly ScenarioChange[], target: { key: string } | { id: number }, lng: number, lat: number): ScenarioChange[] {
  const [x, y] = [round6(lng), round6(lat)];
  if ('key' in target) return changes.map((c) => (c.op === 'add' && c.key === target.key ? { ...c, lng: x, lat: y } : c));
  const rest = changes.filter((c) => !(c.op === 'move' && c.mediator_id === target.id) && !(c.op === 'remove' && c.mediator_id === target.id));
  return [...rest, { op: 'move', mediator_id: target.id, lng: x, lat: y }];
}

/** Removes a hypothetical mediator, or takes a real one out of the scenario (toggles back in). */
export function removeSite(changes: readonly ScenarioChange[], target: { key: string } | { id: number }): ScenarioChange[] {
  if ('key' in target) return changes.filter((c) => !(c.op === 'add' && c.key === target.key));
  const wasRemoved = changes.some((c) => c.op === 'remove' && c.mediator_id === target.id);
  const rest = changes.filter((c) => !((c.op === 'move' || c.op === 'remove') && c.mediator_id === target.id));
  return wasRemoved ? rest : [...rest, { op: 'remove', mediator_id: target.id }];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** "+3" / "−2" / "±0" for a difference. */
export function delta(a: number, b: number): string {
  const d = b - a;
  return d > 0 ? `+${d.toLocaleString('zh-CN')}` : d < 0 ? `−${(-d).toLocaleString('zh-CN')}` : '±0';
}

export const shareDelta = (a: CoverageTotals, b: CoverageTotals, k: 'share_units' | 'share_population' | 'share_cases'): string => {
  const x = a[k], y = b[k];
  if (x === null || y === null) return '';
  const d = (y - x) * 100;
  return Math.abs(d) < 0.05 ? '±0.0 个百分点' : `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} 个百分点`;
};
