// 案件分流 → 下载 GIS 文件: the case queue's link to GET /api/export/cases carries the queue's current
// filters (status as a comma list, dispute type, source, township) and names the ones a GIS layer cannot
// apply (仅看已超期, the search words).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CaseQueue } from '../src/views/dispatch/CaseQueue.tsx';
import { caseExportFilters } from '../src/views/dispatch/case-export.ts';
import { createFakeCases, NOW } from './dispatch-fixtures.ts';

afterEach(cleanup);

describe('the case queue\'s GIS download', () => {
  it('caseExportFilters maps the queue filters to the export\'s property filters', () => {
    expect(caseExportFilters({ status: ['pending', 'assigned', 'mediating'], type: 'neighbour', source: 'self_reported', township: '411502001000', page: 2, page_size: 20 }))
      .toEqual({ filters: { status: 'pending,assigned,mediating', dispute_type: 'neighbour', source: 'self_reported', township_code: '411502001000' }, leftOut: [] });
    expect(caseExportFilters({ overdue: true, q: '张' })).toEqual({ filters: {}, leftOut: ['仅看已超期', '搜索词'] });
  });

  it('the link follows the filters chosen in the dispatch queue; 我的案件 has no such link', async () => {
    const client = createFakeCases({ list: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 20 })) as never, mine: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 20 })) as never });
    const { unmount } = render(<CaseQueue client={client} mode="dispatch" townships={[{ code: '411502001000', name: '老城街道' }]} selectedId={null} onSelect={() => {}} now={NOW} />);
    fireEvent.click(screen.getByTestId('gis-download-open'));
    const link = () => new URL(screen.getByTestId('gis-download-link').getAttribute('href')!, 'http://x');
    expect(link().pathname).toBe('/api/export/cases');
    expect(link().searchParams.get('status')).toBe('pending');
    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'open' } });
    fireEvent.change(screen.getByLabelText('乡镇(街道)'), { target: { value: '411502001000' } });
    fireEvent.change(screen.getByLabelText('案件来源'), { target: { value: 'self_reported' } });
    expect(Object.fromEntries(link().searchParams)).toEqual({ format: 'gpkg', crs: '4490', status: 'pending,assigned,mediating', township_code: '411502001000', source: 'self_reported' });
    expect(screen.queryByTestId('gis-download-note')).toBeNull();
    fireEvent.click(screen.getByLabelText('仅看已超期'));
    expect(screen.getByTestId('gis-download-note').textContent).toContain('仅看已超期');
    unmount();
    render(<CaseQueue client={client} mode="mine" selectedId={null} onSelect={() => {}} now={NOW} />);
    expect(screen.queryByTestId('queue-gis-download')).toBeNull();
  });
});
