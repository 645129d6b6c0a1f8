// 导出调解结果 (issue 18 item 4) and the supervision list's township filter (issue 17 §4): the links carry
// the chosen period and township; an incomplete or reversed period offers no link.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { OutcomesExport } from '../src/components/OutcomesExport.tsx';
import { CaseQueue } from '../src/views/dispatch/CaseQueue.tsx';
import { createFakeCases, NOW } from './dispatch-fixtures.ts';

afterEach(cleanup);
const TOWNSHIPS = [{ code: '411502001000', name: '老城街道' }];
const link = (id: string) => new URL(screen.getByTestId(id).getAttribute('href')!, 'http://x');

describe('导出调解结果', () => {
  it('links to /api/export/outcomes with the period and the township', () => {
    render(<OutcomesExport townships={TOWNSHIPS} initial={{ from: '2026-06-01', to: '2026-11-30' }} />);
    fireEvent.click(screen.getByTestId('outcomes-export-open'));
    expect(link('outcomes-export-link').pathname).toBe('/api/export/outcomes');
    expect(Object.fromEntries(link('outcomes-export-link').searchParams)).toEqual({ from: '2026-06-01', to: '2026-11-30' });
    fireEvent.change(screen.getByLabelText('导出乡镇(街道)'), { target: { value: '411502001000' } });
    expect(link('outcomes-export-link').searchParams.get('township')).toBe('411502001000');
  });

  it('offers no link for a reversed period', () => {
    render(<OutcomesExport initial={{ from: '2026-06-01', to: '2026-11-30' }} />);
    fireEvent.click(screen.getByTestId('outcomes-export-open'));
    fireEvent.change(screen.getByLabelText('结案起始日期 年'), { target: { value: '2027' } });
    expect(screen.queryByTestId('outcomes-export-link')).toBeNull();
    expect(screen.getByTestId('outcomes-export-problem').textContent).toContain('起始日期不能晚于结束日期');
  });

  it('is in the dispatch queue, with this month as its default period', () => {
    const client = createFakeCases({ list: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 20 })) as never });
    render(<CaseQueue client={client} mode="dispatch" townships={TOWNSHIPS} selectedId={null} onSelect={() => {}} now={NOW} />);
    fireEvent.click(screen.getByTestId('outcomes-export-open'));
    const p = link('outcomes-export-link').searchParams;
    expect(p.get('from')).toMatch(/^\d{4}-\d{2}-01$/);
    expect(p.get('to')! >= p.get('from')!).toBe(true);
  });
});

describe('督促督办 township filter', () => {
  it('narrows the list and its export alike', async () => {
    const supervision = vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 20 }));
    const client = createFakeCases({ list: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 20 })) as never, supervision: supervision as never });
    render(<CaseQueue client={client} mode="dispatch" townships={TOWNSHIPS} selectedId={null} onSelect={() => {}} now={NOW} />);
    fireEvent.click(screen.getByTestId('tab-supervision'));
    expect(Object.fromEntries(link('supervision-export').searchParams)).toEqual({ kind: 'overdue' });
    fireEvent.change(screen.getByTestId('supervision-township'), { target: { value: '411502001000' } });
    expect(Object.fromEntries(link('supervision-export').searchParams)).toEqual({ kind: 'overdue', township: '411502001000' });
    await waitFor(() => expect(supervision).toHaveBeenLastCalledWith('overdue', expect.objectContaining({ township: '411502001000' }), expect.anything()));
  });
});
