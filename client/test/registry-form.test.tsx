// The registry forms: the mediator form names a bad service-area code and sends nothing; an edit
// sends the version it was opened at; the tribunal tab shows edit actions to admin only.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { MediatorItem, TribunalItem } from '../../server/src/contract/registry.ts';
import type { RegistryClient } from '../src/api/registry.ts';
import { MediatorForm } from '../src/views/registry/MediatorForm.tsx';
import { TribunalsTab } from '../src/views/registry/TribunalsTab.tsx';

afterEach(cleanup);

const MEDIATOR: MediatorItem = {
  id: 7, name: '示例·丁', kind: 'grid_worker', status: 'active', status_since: '2026-01-01', joined_on: null, leave_until: null, withdrawn_on: null,
  location: { type: 'Point', coordinates: [114.06, 32.11] }, location_source: 'area', service_area_codes: ['411502001001001'],
  service_areas: [{ level: 'grid', code: '411502001001001', name: '义阳社区第1网格' }], specialties: [], capacity: 10, open_cases: 0,
  tribunal_id: 1, tribunal_name: '浉河区人民法院', organisation_id: null, organisation_name: null, work_unit: null, position: null,
  phone: '139****0007', phone_masked: true, is_liaison: false, note: null, is_demo: true, version: 4, updated_at: null,
};
const TRIBUNAL: TribunalItem = { id: 1, name: '浉河区人民法院', name_is_real: true, address: null, seat: null, seat_source: 'schematic', catchment: [{ code: '411502001000', name: '老城街道' }], mediator_count: 3, organisation_count: 1, is_demo: true, version: 1 };

describe('mediator form', () => {
  it('refuses a service area that is not a code, and sends nothing', async () => {
    const client = { createMediator: vi.fn() } as unknown as RegistryClient;
    render(<MediatorForm client={client} mediator={null} organisations={[]} tribunals={[]} onSaved={() => {}} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText('姓名*'), { target: { value: '示例·新人' } });
    fireEvent.change(screen.getByLabelText('联系电话*'), { target: { value: '13700000001' } });
    fireEvent.change(screen.getByLabelText('服务区域编码'), { target: { value: '义阳社区' } });
    fireEvent.click(screen.getByText('保存'));
    expect(screen.getByRole('alert').textContent).toContain('“义阳社区”不是有效编码');
    expect(client.createMediator).not.toHaveBeenCalled();
  });

  it('an edit sends its version; a masked phone left empty is not sent', async () => {
    const updateMediator = vi.fn(async () => ({ ...MEDIATOR, case_count: 0, version: 5 }));
    const onSaved = vi.fn();
    render(<MediatorForm client={{ updateMediator } as unknown as RegistryClient} mediator={MEDIATOR} organisations={[]} tribunals={[]} onSaved={onSaved} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText('办案容量'), { target: { value: '12' } });
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [id, patch] = updateMediator.mock.calls[0] as unknown as [number, Record<string, unknown>];
    expect(id).toBe(7);
    expect(patch).toMatchObject({ version: 4, capacity: 12, service_areas: [{ level: 'grid', code: '411502001001001' }] });
    expect('phone' in patch).toBe(false);
    expect('location' in patch).toBe(false);
  });
});

describe('tribunals tab', () => {
  const client = { exportUrl: () => '/x' } as unknown as RegistryClient;
  it('admin may edit, the leader only reads', () => {
    render(<TribunalsTab client={client} role="admin" tribunals={[TRIBUNAL]} townships={null} onChanged={() => {}} />);
    expect(screen.getByText('老城街道')).toBeTruthy();
    expect(screen.getByText('编辑')).toBeTruthy();
    cleanup();
    render(<TribunalsTab client={client} role="leader" tribunals={[TRIBUNAL]} townships={null} onChanged={() => {}} />);
    expect(screen.queryByText('编辑')).toBeNull();
    expect(screen.queryByText('新增人民法庭')).toBeNull();
  });
});
