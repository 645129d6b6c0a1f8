// The registry's maps and filters with the map stubbed (happy-dom has no WebGL): the organisations tab
// draws its points coloured by kind and a point selects one; the 框选范围 box (two map clicks) and the
// organisation filter reach the API; the mediator form's service-area picker adds areas by name as codes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { MediatorItem, OrganisationItem } from '../../server/src/contract/registry.ts';
import type { RegistryClient } from '../src/api/registry.ts';
import type { AreaCollection } from '../src/api/types.ts';
import type { MapFeatureHit } from '../src/map/types.ts';
import { createArea } from './fixtures.ts';

type MapProps = { sources: Record<string, { data?: { features: { properties: Record<string, unknown> }[] } }>; layers: { id: string; paint?: Record<string, unknown> }[]; onMapClick?: (p: { lng: number; lat: number }, hit: MapFeatureHit | null) => void };
const maps: MapProps[] = [];
vi.mock('../src/map/MapView.tsx', () => ({
  MapView: (p: MapProps) => {
    maps.push(p);
    return <div data-testid="map" data-orgs={p.sources['registry-organisations']?.data?.features.length ?? -1} data-box={p.sources['registry-box']?.data?.features.length ?? -1} />;
  },
}));
const { OrganisationsTab } = await import('../src/views/registry/OrganisationsTab.tsx');
const { MediatorsTab } = await import('../src/views/registry/MediatorsTab.tsx');
const { MediatorForm, addAreaCode, removeAreaCode } = await import('../src/views/registry/MediatorForm.tsx');
const { KIND_COLORS, boxOf } = await import('../src/views/registry/organisation-layer.ts');

afterEach(() => { cleanup(); maps.length = 0; });
const lastMap = () => maps[maps.length - 1]!;

function org(id: number, kind: OrganisationItem['kind'], lng: number | null): OrganisationItem {
  return {
    id, name: `示例·调委会${id}`, kind, industry: null, status: 'active', status_since: null, township_code: '411502001000', township_name: '老城街道',
    village_code: null, village_name: null, address: null, location: lng === null ? null : { type: 'Point', coordinates: [lng, 32.1] }, contact_name: null,
    contact_phone: null, phone_masked: false, tribunal_id: null, tribunal_name: null, member_count: 1, active_member_count: 1, note: null, is_demo: true, version: 1,
  };
}
const ORGS = [org(1, 'village_committee', 114.05), org(2, 'lawyer_studio', 114.1), org(3, 'industry', null)];
const townships: AreaCollection = { type: 'FeatureCollection', features: [createArea({ code: '411502001000', name: '老城街道', level: 'township', township_code: '411502001000' })] };
const villages: AreaCollection = { type: 'FeatureCollection', features: [createArea({ code: '411502001001', name: '义阳社区', level: 'village', township_code: '411502001000', parent_code: '411502001000' })] };
const grids: AreaCollection = { type: 'FeatureCollection', features: [createArea({ code: '411502001001001', name: '义阳社区第1网格', level: 'grid', township_code: '411502001000', parent_code: '411502001001' })] };

function orgClient() {
  const organisations = vi.fn(async (f?: { bbox?: number[] }) => ({ total: f?.bbox ? 1 : ORGS.length, items: f?.bbox ? [ORGS[0]!] : ORGS }));
  const organisation = vi.fn(async (id: number) => ({ ...ORGS.find((o) => o.id === id)!, members: [] }));
  return { client: { organisations, organisation, exportUrl: () => '/x' } as unknown as RegistryClient, organisations, organisation };
}

describe('organisations tab map', () => {
  it('draws the placed organisations coloured by kind; a point selects one', async () => {
    const { client, organisation } = orgClient();
    render(<OrganisationsTab client={client} role="leader" townships={townships} villages={villages} tribunals={[]} refresh={0} />);
    await waitFor(() => expect(screen.getByTestId('map').dataset.orgs).toBe('2'));
    const layer = lastMap().layers.find((l) => l.id === 'registry-organisations-point')!;
    const colour = JSON.stringify(layer.paint!['circle-color']);
    expect(colour).toContain(KIND_COLORS.village_committee);
    expect(colour).toContain(KIND_COLORS.lawyer_studio);
    expect(screen.getByLabelText('图例').textContent).toContain('律师调解工作室');
    expect(screen.getByLabelText('图例').textContent).toContain('1 个未录入位置');
    act(() => lastMap().onMapClick!({ lng: 114.1, lat: 32.1 }, { layerId: 'registry-organisations-point', source: 'registry-organisations', id: 2, properties: { id: 2 } }));
    await waitFor(() => expect(organisation).toHaveBeenCalledWith(2, expect.anything()));
    await waitFor(() => expect(screen.getByLabelText('组织成员').textContent).toContain('示例·调委会2'));
  });

  it('框选范围: two clicks make the bbox filter, drawn on the map; 清除范围 drops it', async () => {
    const { client, organisations } = orgClient();
    render(<OrganisationsTab client={client} role="leader" townships={townships} villages={villages} tribunals={[]} refresh={0} />);
    await waitFor(() => expect(screen.getByTestId('map').dataset.orgs).toBe('2'));
    fireEvent.click(screen.getByText('框选地图范围'));
    expect(screen.getByRole('status').textContent).toContain('一个角');
    act(() => lastMap().onMapClick!({ lng: 114.12, lat: 32.0 }, null));
    await waitFor(() => expect(screen.getByTestId('map').dataset.box).toBe('1')); // the first corner
    // A click on a point while picking is a corner, not a selection.
    act(() => lastMap().onMapClick!({ lng: 114.0, lat: 32.2 }, { layerId: 'registry-organisations-point', source: 'registry-organisations', id: 1, properties: { id: 1 } }));
    await waitFor(() => expect(organisations).toHaveBeenCalledWith(expect.objectContaining({ bbox: [114, 32, 114.12, 32.2] }), expect.anything()));
    await waitFor(() => expect(screen.getByTestId('map').dataset.orgs).toBe('1'));
    expect(screen.getByTestId('map').dataset.box).toBe('1');
    expect(screen.getByText('仅显示框内')).toBeTruthy();
    fireEvent.click(screen.getByText('清除范围'));
    await waitFor(() => expect(screen.getByTestId('map').dataset.orgs).toBe('2'));
    expect(screen.getByTestId('map').dataset.box).toBe('0');
  });

  it('boxOf orders the corners and rounds to 1e-5 degrees', () => {
    expect(boxOf({ lng: 114.123456, lat: 32.2 }, { lng: 114.0, lat: 32.000001 })).toEqual([114, 32, 114.12346, 32.2]);
  });
});

describe('mediators tab filters', () => {
  it('the organisation filter reaches GET /api/mediators', async () => {
    const mediators = vi.fn(async () => ({ total: 0, items: [] as MediatorItem[] }));
    const client = { mediators, exportUrl: () => '/x' } as unknown as RegistryClient;
    render(<MediatorsTab client={client} role="dispatcher" townships={townships} villages={villages} organisations={ORGS} tribunals={[]} refresh={0} />);
    fireEvent.change(screen.getByLabelText('所属组织'), { target: { value: '2' } });
    await waitFor(() => expect(mediators).toHaveBeenCalledWith(expect.objectContaining({ organisation: 2 }), expect.anything()));
    expect(screen.getByText('框选地图范围')).toBeTruthy();
  });
});

describe('mediator form service-area picker', () => {
  it('adds a township, a village and a grid by name; they are sent as codes', async () => {
    const createMediator = vi.fn(async (b: unknown) => ({ id: 9, name: '示例·新', ...(b as object) }));
    const onSaved = vi.fn();
    render(<MediatorForm client={{ createMediator } as unknown as RegistryClient} mediator={null} organisations={[]} tribunals={[]} onSaved={onSaved} onCancel={() => {}}
      townships={townships} villages={villages} loadGrids={async () => grids} />);
    fireEvent.change(screen.getByLabelText('姓名*'), { target: { value: '示例·新' } });
    fireEvent.change(screen.getByLabelText('联系电话*'), { target: { value: '13700000001' } });
    fireEvent.change(screen.getByLabelText('选择乡镇（街道）'), { target: { value: '411502001000' } });
    fireEvent.click(screen.getByText('添加'));
    fireEvent.change(screen.getByLabelText('选择村（社区）'), { target: { value: '411502001001' } });
    await waitFor(() => expect((screen.getByLabelText('选择网格') as HTMLSelectElement).disabled).toBe(false));
    fireEvent.change(screen.getByLabelText('选择网格'), { target: { value: '411502001001001' } });
    fireEvent.click(screen.getByText('添加'));
    const chips = screen.getByLabelText('已选服务区域');
    expect(chips.textContent).toContain('老城街道');
    expect(chips.textContent).toContain('义阳社区第1网格');
    expect((screen.getByLabelText('服务区域编码') as HTMLInputElement).value).toBe('411502001000；411502001001001');
    fireEvent.click(screen.getByLabelText('移除 老城街道'));
    fireEvent.click(screen.getByText('全区'));
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect((createMediator.mock.calls[0]![0] as { service_areas: unknown }).service_areas).toEqual([
      { level: 'grid', code: '411502001001001' }, { level: 'district', code: '411502000000' },
    ]);
  });

  it('addAreaCode and removeAreaCode keep the codes text without duplicates', () => {
    expect(addAreaCode('', '411502001000')).toBe('411502001000');
    expect(addAreaCode('411502001000；', '411502001001')).toBe('411502001000；411502001001');
    expect(addAreaCode('411502001000', '411502001000')).toBe('411502001000');
    expect(addAreaCode('411502001000', '411502000000')).toBe('411502001000；全区');
    expect(removeAreaCode('411502001000；全区', '411502000000')).toBe('411502001000');
  });
});
