// The assessment client: figures of the dashboard (formatting, null shares, warnings, the list each opens),
// sorting of the performance table, the briefing's colours and projection, the API client's URLs and CSRF,
// and the performance table rendered from a fake client (sort by clicking a header).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { DashboardAnswer, DashboardList, PerformanceAnswer, PerformanceRow } from '../../server/src/contract/assessment.ts';
import { DEFINITIONS } from '../../server/src/contract/assessment.ts';
import { keyFigures } from '../src/views/assessment/figures.ts';
import { sortRows, PerformanceTab } from '../src/views/assessment/PerformanceTab.tsx';
import { colourOf, fitProjection } from '../src/views/assessment/briefing.ts';
import { FigureList } from '../src/views/assessment/FigureList.tsx';
import { createAssessmentClient, type AssessmentClient } from '../src/api/assessment.ts';
import type { ThematicModel } from '../src/lib/thematic.ts';
import type { AreaFeature } from '../src/api/types.ts';

afterEach(cleanup);

function dashboard(f: Partial<DashboardAnswer['figures']> = {}): DashboardAnswer {
  return {
    period: { from: '2025-12-01', to: '2026-11-30' }, dataset: { name: 'shihe-demo', demo: true, anchor_date: '2026-11-30', version: null },
    month: { from: '2026-11-01', to: '2026-11-30' }, year: { from: '2026-01-01', to: '2026-11-30', year: 2026 },
    quarter: { from: '2026-10-01', to: '2026-11-30', year: 2026, quarter: 4 },
    figures: {
      cases_period: 6478, cases_month: 579, cases_year: 5973, settled: 4477, failed: 700, filed: 368, withdrawn: 300, open: 569, success_rate: 0.8063,
      diverted: 2297, diverted_settled: 1575, diverted_share: 0.3546, overdue_open: 274, overdue: 777, filed_per_10k: 5.75, population: 640133,
      villages_total: 269, uncovered_villages: 30, mediators_active: 576, mediators_trained: 540, training_share: 0.9375, cadres_active: 200, cadres_trained: 190,
      training_sessions: 20, training_attendance: 900, schools_total: 62, schools_with_event: 35, publicity_share: 0.5645, enterprises_above_size: 20,
      enterprises_with_event: 15, publicity_events: 333, publicity_audience: 142951, guidance_requested: 216, guidance_held: 174, ...f,
    },
    by_month: [], by_township: [], by_type: [], by_source: [], by_publicity_kind: [], coverage_rule: 'coverage', definitions: DEFINITIONS,
  };
}

describe('key figures of the dashboard', () => {
  it('formats counts and shares, names the month, year and quarter, and says which list each opens', () => {
    const figs = Object.fromEntries(keyFigures(dashboard()).map((f) => [f.key, f]));
    expect(figs.cases_month).toMatchObject({ label: '本月案件（11月）', value: '579', list: 'cases_month' });
    expect(figs.cases_year!.value).toBe('5,973');
    expect(figs.success_rate).toMatchObject({ value: '80.6%', list: 'settled' });
    expect(figs.publicity_share).toMatchObject({ label: '学校法治宣传（2026年第4季度）', value: '56.5%', warning: true, list: 'schools_without_event' });
    expect(figs.publicity_share!.hint).toBe('未开展 27 所 / 共 62 所');
    expect(figs.overdue_open).toMatchObject({ warning: true, list: 'overdue_open', label: '当前超期未结', value: '274', hint: '期内登记曾超期 777 件' });
    // Issue 17: each card explains what it counts, from the same definitions as the list and the export.
    expect(figs.overdue_open!.definition).toContain('督促督办');
    expect(figs.cases_month!.definition).toContain('自然月');
    for (const f of Object.values(figs)) expect(f.definition.length, f.key).toBeGreaterThan(5);
    expect(figs.training_share).toMatchObject({ hint: '未参训 36 人', list: 'untrained' });
  });
  it('an empty period: a dash for null shares, no warnings for zeros', () => {
    const figs = Object.fromEntries(keyFigures(dashboard({ success_rate: null, diverted_share: null, overdue_open: 0, uncovered_villages: 0, publicity_share: null, schools_total: 0, schools_with_event: 0 })).map((f) => [f.key, f]));
    expect(figs.success_rate).toMatchObject({ value: '—', hint: '暂无已结案件' });
    expect(figs.diverted!.hint).toContain('—');
    expect(figs.overdue_open!.warning).toBe(false);
    expect(figs.uncovered_villages!.warning).toBe(false);
    expect(figs.publicity_share!.value).toBe('—');
  });
});

const row = (key: string, name: string, received: number, success_rate: number | null): PerformanceRow => ({
  key, name, parent_name: null, population: null, received, assigned: received, settled: 0, failed: 0, filed: 0, withdrawn: 0, open: 0,
  success_rate, median_days: null, overdue: 0, court_delegated: 0, self_reported: 0, guidance_requested: 0, guidance_held: 0, filed_per_10k: null,
});

describe('sorting the performance table', () => {
  const rows = [row('1', '乙', 5, 0.5), row('2', '甲', 9, null), row('3', '丙', 1, 0.9)];
  it('sorts numbers both ways and keeps rows without a rate last', () => {
    expect(sortRows(rows, 'received', 'desc').map((r) => r.key)).toEqual(['2', '1', '3']);
    expect(sortRows(rows, 'success_rate', 'desc').map((r) => r.key)).toEqual(['3', '1', '2']);
    expect(sortRows(rows, 'success_rate', 'asc').map((r) => r.key)).toEqual(['1', '3', '2']);
  });

  it('renders the table from the API and sorts by a clicked header', async () => {
    const answer: PerformanceAnswer = { dimension: 'township', period: { from: '2026-01-01', to: '2026-06-30' }, rows, definitions: DEFINITIONS };
    const fake = {
      performance: async () => answer,
      trend: async () => ({ period: answer.period, months: [{ month: '2026-01', received: 3, settled: 1, failed: 1, filed: 0, success_rate: 0.5 }] }),
      exportUrl: () => '/api/assessment/export?dimension=township',
    } as unknown as AssessmentClient;
    render(<PerformanceTab period={answer.period} client={fake} />);
    await waitFor(() => expect(screen.getByTestId('performance-table')).toBeTruthy());
    const names = () => [...screen.getByTestId('performance-table').querySelectorAll('tbody tr')].map((tr) => tr.firstElementChild!.textContent);
    expect(names()).toEqual(['甲', '乙', '丙']);
    fireEvent.click(screen.getByRole('columnheader', { name: '成功率' }));
    expect(names()).toEqual(['丙', '乙', '甲']);
    expect(screen.getByTestId('performance-table').textContent).toContain('—'); // null rate
    expect(screen.getByTestId('export-xlsx').getAttribute('href')).toContain('dimension=township');
  });
});

describe('the list behind a figure', () => {
  it('在岗调解员 has the township select: the list and its export follow it', async () => {
    const asked: (string | undefined)[] = [];
    const fake = {
      dashboardList: async (figure: string, p: { township?: string }): Promise<DashboardList> => {
        asked.push(p.township);
        return {
          figure: 'mediators_active', label: '在岗调解员', definition: '状态为在岗的调解员。', total: 1,
          columns: [{ key: 'name', label: '姓名' }, { key: 'township', label: '乡镇(街道)' }], items: [{ name: '张三', township: p.township ? '乙镇' : '甲镇' }],
        };
      },
      dashboardListExportUrl: (figure: string, p: { township?: string }) => `/api/dashboard/list/export?figure=${figure}${p.township ? `&township=${p.township}` : ''}`,
    } as unknown as AssessmentClient;
    const townships = [{ code: '110000000002', name: '乙镇' }, { code: '110000000001', name: '甲镇' }];
    render(<FigureList figure="mediators_active" period={{ from: '2026-01-01', to: '2026-11-30' }} townships={townships} onClose={() => {}} client={fake} />);
    await waitFor(() => expect(screen.getByTestId('figure-list').textContent).toContain('甲镇'));
    fireEvent.change(screen.getByTestId('figure-list-township'), { target: { value: '110000000002' } });
    await waitFor(() => expect(asked).toContain('110000000002'));
    expect(screen.getByTestId('figure-list-export').getAttribute('href')).toContain('township=110000000002');
  });
});

describe('the briefing', () => {
  const model = {
    theme: 'coverage', level: 'village', title: 't', unit: '人', property: 'mediator_count',
    classes: [{ min: 1, max: 2, color: '#a', label: '1', count: 1 }, { min: 2, max: null, color: '#b', label: '≥2', count: 1 }],
    zero: { count: 1, label: 'z', color: '#z' }, noData: null,
  } as unknown as ThematicModel;
  it('colours an area as the thematic layer does', () => {
    expect(colourOf(model, { mediator_count: 0 })).toBe('#z');
    expect(colourOf(model, { mediator_count: 1 })).toBe('#a');
    expect(colourOf(model, { mediator_count: 7 })).toBe('#b');
  });
  it('fits the areas into the box, north up', () => {
    const f = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[114, 32], [114.2, 32], [114.2, 32.2], [114, 32.2], [114, 32]]] } } as unknown as AreaFeature;
    const p = fitProjection([f], { x: 0, y: 0, width: 100, height: 100 });
    const [x0, y0] = p([114, 32.2]);
    const [x1, y1] = p([114.2, 32]);
    expect(y0).toBeCloseTo(0, 6);
    expect(y1).toBeCloseTo(100, 6);
    expect(x1 - x0).toBeCloseTo(100 * Math.cos((32.1 * Math.PI) / 180), 4); // narrower than tall by cos(latitude)
  });
});

describe('the assessment API client', () => {
  it('builds query strings, reads the CSRF token once for writes and turns errors into ApiError', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const fetch = async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      if (url === '/api/auth/me') return new Response(JSON.stringify({ csrfToken: 'tok' }));
      if (url.startsWith('/api/training/sessions') && init?.method === 'POST') return new Response(JSON.stringify({ error: { code: 'unknown_township', message: '没有代码为 1 的乡镇(街道)' } }), { status: 422 });
      return new Response(JSON.stringify({ ok: true }));
    };
    const c = createAssessmentClient({ fetch });
    await c.performance('judge', { from: '2026-01-01', to: '2026-03-31' });
    expect(calls[0]!.url).toBe('/api/assessment/performance?dimension=judge&from=2026-01-01&to=2026-03-31');
    expect(c.exportUrl('village', {})).toBe('/api/assessment/export?dimension=village');
    await expect(c.createSession({ held_on: '2026-01-02', topic: 'x', hours: 1, organiser: 'a', place: 'b', audience: 'mixed' })).rejects.toMatchObject({ code: 'unknown_township', status: 422 });
    const post = calls.find((x) => x.init?.method === 'POST')!;
    expect((post.init!.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    await c.dashboardList('untrained', { from: '2026-01-01', page: 2 });
    expect(calls.at(-1)!.url).toBe('/api/dashboard/list?figure=untrained&from=2026-01-01&page=2');
  });
});
