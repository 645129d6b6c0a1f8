// The dispatcher's list of cases moved by a committed boundary import.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { BoundaryChanges } from '../src/views/dispatch/BoundaryChanges.tsx';
import type { BoundariesClient, ImportListItem } from '../src/api/boundaries.ts';

const item = (over: Partial<ImportListItem>): ImportListItem => ({
  id: 'imp-1', level: 'grid', status: 'committed', file_name: 'grids.geojson', format: 'geojson', crs: 'EPSG:4326',
  created_at: '2026-11-30T02:00:00Z', committed_at: '2026-11-30T02:05:00Z', valid_from: '2026-11-30', created_by: 'admin',
  can_commit: true, cases_changed: 2, ...over,
});

function client(items: ImportListItem[]): BoundariesClient {
  return {
    imports: vi.fn(async () => ({ items })),
    changes: vi.fn(async (id: string) => ({
      import_id: id, level: 'grid', valid_from: '2026-11-30', committed_at: '2026-11-30T02:05:00Z', units: 5, cases_checked: 700,
      cases: [
        { case_id: 41, title: '邻里土地纠纷', status: 'assigned', old: { township_code: 'T', village_code: 'V1', grid_code: 'G1' }, new: { township_code: 'T', village_code: 'V2', grid_code: 'G2' }, tribunal_changed: false },
        { case_id: 42, title: '物业费纠纷', status: 'pending', old: { township_code: 'T', village_code: 'V1', grid_code: 'G1' }, new: { township_code: 'U', village_code: 'V3', grid_code: 'G3' }, tribunal_changed: true },
      ],
      service_areas: [], mediators_outside: [],
    })),
  } as unknown as BoundariesClient;
}

describe('BoundaryChanges', () => {
  it('lists committed imports that moved cases, opens their cases, and a click opens the case', async () => {
    const onOpen = vi.fn();
    const c = client([item({}), item({ id: 'imp-0', cases_changed: 0 }), item({ id: 'imp-p', status: 'preview' })]);
    render(<BoundaryChanges client={c} onOpenCase={onOpen} />);
    const button = await screen.findByRole('button', { name: /网格边界导入：2 件案件归属变化/ });
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    fireEvent.click(button);
    await screen.findByText(/#42 物业费纠纷/);
    expect(screen.getByText(/对接法庭已变/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /#41 邻里土地纠纷/ }));
    expect(onOpen).toHaveBeenCalledWith(41);
  });

  it('shows nothing when no import moved a case', async () => {
    const c = client([item({ cases_changed: 0 })]);
    const { container } = render(<BoundaryChanges client={c} onOpenCase={() => undefined} />);
    await waitFor(() => expect(c.imports).toHaveBeenCalled());
    expect(container.textContent).toBe('');
  });
});
