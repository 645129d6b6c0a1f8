// Planning view pieces without a map: the parameter form, unit statuses, sorting, the scenario's
// change list as map clicks edit it, the layers' data, and the figures/list panels.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { CoverageTotals, CoverageUnit } from '../../server/src/contract/coverage.ts';
import { DEFAULT_FORM, addSite, delta, moveSite, paramsOf, removeSite, sortUnits, unitStatuses } from '../src/views/planning/model.ts';
import { CoverageFigures, UncoveredList } from '../src/views/planning/panels.tsx';
import { coverageUnitsData, coverageUnitsLayer } from '../src/layers/coverage-units.ts';
import { paramsQuery } from '../src/api/coverage.ts';

afterEach(cleanup);

const unit = (code: string, o: Partial<CoverageUnit> = {}): CoverageUnit => ({
  code, name: `示例村${code}`, township_code: 'T1', village_code: code, point: { type: 'Point', coordinates: [114, 32] }, urban: false, radius_m: 3000,
  responsible_mediators: [], nearest_mediator_id: null, nearest_mediator_m: null, covered: false, reasons: ['no_responsible_mediator'],
  population_est: 100, case_count: 1, ...o,
});
const totals = (o: Partial<CoverageTotals> = {}): CoverageTotals => ({
  units: 10, units_covered: 8, population: 1000, population_covered: 800, cases: 100, cases_covered: 90,
  share_units: 0.8, share_population: 0.8, share_cases: 0.9, by_reason: { no_responsible_mediator: 2, too_far: 0 }, ...o,
});

describe('parameters', () => {
  it('default radii send nothing; one radius or per class; bad input is a Chinese error', () => {
    expect(paramsOf(DEFAULT_FORM)).toEqual({ params: { level: 'village' } });
    expect(paramsOf({ ...DEFAULT_FORM, mode: 'one', radius: '1500' })).toEqual({ params: { level: 'village', radius_m: 1500 } });
    expect(paramsOf({ ...DEFAULT_FORM, level: 'grid', mode: 'classes', urban: '800', rural: '2500' })).toEqual({ params: { level: 'grid', radius_urban_m: 800, radius_rural_m: 2500 } });
    expect(paramsOf({ ...DEFAULT_FORM, mode: 'one', radius: '-3' })).toEqual({ error: expect.stringContaining('覆盖半径') });
    expect(paramsOf({ ...DEFAULT_FORM, from: '2026-05-01', to: '2026-01-01' })).toEqual({ error: '起始日期不能晚于结束日期' });
    expect(paramsQuery({ level: 'grid', radius_m: 1000 })).toBe('?level=grid&radius_m=1000');
  });
});

describe('scenario editing', () => {
  it('adds hypothetical mediators with fresh keys, moves and removes them', () => {
    let r = addSite([], 114.123456789, 32.1);
    expect(r.key).toBe('n1');
    r = addSite(r.changes, 114.2, 32.2);
    expect(r.key).toBe('n2');
    let c = moveSite(r.changes, { key: 'n1' }, 114.3, 32.3);
    expect(c[0]).toMatchObject({ op: 'add', key: 'n1', lng: 114.3, lat: 32.3 });
    c = removeSite(c, { key: 'n1' });
    expect(addSite(c, 1, 1).key).toBe('n1'); // n1 is free again
  });

  it('moves and takes out real mediators; taking out twice puts them back', () => {
    let c = moveSite([], { id: 7 }, 114, 32);
    c = moveSite(c, { id: 7 }, 114.1, 32.1);
    expect(c).toEqual([{ op: 'move', mediator_id: 7, lng: 114.1, lat: 32.1 }]);
    c = removeSite(c, { id: 7 });
    expect(c).toEqual([{ op: 'remove', mediator_id: 7 }]);
    expect(removeSite(c, { id: 7 })).toEqual([]);
  });
});

describe('statuses, sorting and layers', () => {
  it('marks units a scenario gains or loses', () => {
    const base = [unit('a'), unit('b', { covered: true, reasons: [] }), unit('c')];
    const s = unitStatuses(base, [unit('a', { covered: true, reasons: [] }), unit('b', { covered: false })]);
    expect([...s]).toEqual([['a', 'gained'], ['b', 'lost'], ['c', 'uncovered']]);
    const fc = coverageUnitsData({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: { code: 'a' } as never }] }, s);
    expect(fc.features[0]!.properties).toMatchObject({ code: 'a', coverage_status: 'gained' });
    const layer = coverageUnitsLayer(fc);
    expect(layer.layers.map((l) => l.spec.id)).toEqual(['coverage-units-fill', 'coverage-units-hatch', 'coverage-units-line']);
  });

  it('sorts by population or cases, largest first, ties by code', () => {
    const us = [unit('b', { population_est: 5, case_count: 9 }), unit('a', { population_est: 5, case_count: 1 }), unit('c', { population_est: 9, case_count: 5 })];
    expect(sortUnits(us, 'population').map((u) => u.code)).toEqual(['c', 'a', 'b']);
    expect(sortUnits(us, 'cases').map((u) => u.code)).toEqual(['b', 'c', 'a']);
    expect(delta(3, 5)).toBe('+2');
    expect(delta(5, 3)).toBe('−2');
  });
});

describe('panels', () => {
  it('figures show baseline shares and, with a scenario, the new share and the difference', () => {
    render(<CoverageFigures baseline={totals()} scenario={totals({ units_covered: 9, share_units: 0.9 })} elapsed={4.2} />);
    expect(screen.getByTestId('share-units').textContent).toBe('80.0%');
    expect(screen.getByTestId('scenario-share-units').textContent).toBe('90.0%');
    expect(screen.getByTestId('delta-units').textContent).toBe('方案 +1 个（+10.0 个百分点）');
    expect(screen.getByText('方案推演：服务器计算 4.2 毫秒')).toBeTruthy();
  });

  it('the list holds only uncovered units with their reasons, sortable, and links the export', () => {
    const onPick = vi.fn();
    const us = [unit('a', { population_est: 10, case_count: 50 }), unit('b', { population_est: 90, case_count: 5, reasons: ['too_far'] }), unit('c', { covered: true, reasons: [] })];
    render(<UncoveredList units={us} scenarioChanged={null} onPick={onPick} exportUrl="/api/coverage/units.xlsx?level=village" summary={null} />);
    const table = screen.getByTestId('uncovered-table');
    const names = () => within(table).getAllByRole('row').slice(1).map((r) => r.querySelector('td')!.firstChild!.textContent);
    expect(names()).toEqual(['示例村b', '示例村a']);
    expect(within(table).getByText('最近的在岗调解员超出覆盖半径')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '按案件' }));
    expect(names()).toEqual(['示例村a', '示例村b']);
    fireEvent.click(within(table).getAllByRole('row')[1]!);
    expect(onPick).toHaveBeenCalledWith(us[0]);
    expect(screen.getByTestId('export-xlsx').getAttribute('href')).toBe('/api/coverage/units.xlsx?level=village');
  });
});
