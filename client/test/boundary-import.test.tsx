// BoundaryImportView with a fake boundaries client (no server) and the map stubbed (happy-dom has no WebGL);
// the upload client with a fake XMLHttpRequest (progress of the bytes, then the server's steps).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { BoundaryPreview, ImportChanges } from '../../server/src/contract/boundaries.ts';
import type { BoundariesClient } from '../src/api/boundaries.ts';
import { createBoundariesClient } from '../src/api/boundaries.ts';
import { ApiError } from '../src/api/client.ts';

vi.mock('../src/map/MapView.tsx', () => ({
  MapView: (p: { sources: Record<string, { data?: { features: GeoJSON.Feature[] } }>; layers: { id: string; filter?: unknown }[]; camera?: { bbox: number[] } | null }) => (
    <div data-testid="map" data-imported={p.sources['bi-imported']?.data?.features.length ?? 0} data-current={p.sources['bi-current']?.data?.features.length ?? 0}
      data-markers={JSON.stringify(p.sources['bi-problems']?.data?.features.map((f) => [f.properties!.i, (f.geometry as GeoJSON.Point).coordinates]) ?? [])}
      data-selected={JSON.stringify(p.layers.find((l) => l.id === 'bi-selected-feature')?.filter ?? null)}
      data-camera={JSON.stringify(p.camera?.bbox ?? null)} />
  ),
}));
const { BoundaryImportView } = await import('../src/views/registry/BoundaryImportView.tsx');

afterEach(cleanup);

const PREVIEW: BoundaryPreview = {
  id: '0b7d2c1e-7c1f-4d0e-9d3c-1b2a3c4d5e6f', level: 'grid', expires_at: '2026-12-02T00:00:00.000Z',
  file: { name: 'grids.geojson', format: 'geojson', features: 2 },
  crs: { used: 'EPSG:4547', label: 'CGCS2000 3 度带 中央经线 114°E (EPSG:4547)', source: 'prj', note: null },
  match: { by: 'code', property: '网格编码', candidates: [{ property: '网格编码', matches: 2 }, { property: 'ID', matches: 0 }] },
  summary: { features: 2, matched: 2, unmatched: 0, units_without_feature: 0, invalid: 0, repaired: 0, outside: 0, overlaps: 1, gaps: 1, errors: 0, warnings: 3, can_commit: true, seconds: 1.2, skipped: 0 },
  features: [
    { n: 1, file_code: '411502001003001', file_name: null, code: '411502001003001', unit_name: '第1网格', status: 'warning', area_m2: 40000, problems: [{ kind: 'overlap', severity: 'warning', message: '与 411502001003002 重叠 1,234 平方米', area_m2: 1234, other: '411502001003002', point: { lng: 114.005, lat: 32.005 } }] },
    { n: 2, file_code: '411502001003002', file_name: null, code: '411502001003002', unit_name: '第2网格', status: 'warning', area_m2: 30000, problems: [{ kind: 'overlap', severity: 'warning', message: '与 411502001003001 重叠 1,234 平方米', area_m2: 1234, other: '411502001003001', point: { lng: 114.005, lat: 32.005 } }] },
  ],
  overlaps: [{ a: '411502001003001', b: '411502001003002', area_m2: 1234, point: { lng: 114.005, lat: 32.005 } }],
  gaps: [{ parent_code: '411502001003', parent_name: '三里店社区', area_m2: 5678, point: { lng: 114.008, lat: 32.002 } }],
  units_without_feature: [],
  crs_offset: null,
  grid_conflicts: [],
  boundary_revision: 4,
};
const CHANGES: ImportChanges = {
  import_id: PREVIEW.id, level: 'grid', valid_from: '2026-12-01', committed_at: '2026-12-01T04:00:00.000Z', units: 2, unchanged: 3, boundary_revision: 5, cases_checked: 763,
  cases: [{ case_id: 42, title: '邻里噪音纠纷（示例）', status: 'pending', old: { township_code: 'a', village_code: 'b', grid_code: '411502001003001' }, new: { township_code: 'a', village_code: 'b', grid_code: '411502001003002' }, tribunal_changed: false }],
  service_areas: [], mediators_outside: [],
};
const square = (n: number, kind = 'imported'): GeoJSON.Feature => ({ type: 'Feature', properties: { kind, n }, geometry: { type: 'Polygon', coordinates: [[[114, 32], [114.01, 32], [114.01, 32.01], [114, 32]]] } });

function fakeClient(over: Partial<BoundariesClient> = {}): BoundariesClient {
  return {
    upload: vi.fn(async (_f, _o, onProgress) => { onProgress?.({ sent: 1, server: null }); return PREVIEW; }),
    preview: vi.fn(),
    previewGeojson: vi.fn(async () => ({ type: 'FeatureCollection' as const, features: [square(1), square(2), square(0, 'overlap')] })),
    commit: vi.fn(async () => CHANGES),
    discard: vi.fn(async () => {}),
    changes: vi.fn(async () => CHANGES),
    imports: vi.fn(async () => ({ items: [] })),
    versions: vi.fn(async () => ({ total: 0, items: [] })),
    problemsUrl: (id: string) => `/api/boundaries/imports/${id}/problems`,
    ...over,
  } as BoundariesClient;
}
const areas = async () => ({ type: 'FeatureCollection' as const, features: [] });

describe('BoundaryImportView', () => {
  it('uploads, lists every problem with its area, asks for the warnings to be accepted, then shows the moved cases', async () => {
    const client = fakeClient();
    render(<BoundaryImportView role="admin" client={client} areas={areas} />);
    const file = new File(['{}'], 'grids.geojson', { type: 'application/geo+json' });
    fireEvent.change(screen.getByTestId('bi-file'), { target: { files: [file] } });
    fireEvent.change(screen.getByTestId('bi-crs'), { target: { value: 'gcj02' } });
    fireEvent.click(screen.getByTestId('bi-preview'));
    await screen.findByTestId('bi-summary');
    expect(client.upload).toHaveBeenCalledWith(file, expect.objectContaining({ level: 'grid', crs: 'gcj02', match_by: 'code' }), expect.any(Function));
    expect(screen.getByTestId('bi-warnings').textContent).toBe('3');
    const table = screen.getByTestId('bi-problems');
    expect(table.textContent).toContain('重叠');
    expect(table.textContent).toContain('1,234 m²');
    expect(table.textContent).toContain('缝隙');
    expect(table.textContent).toContain('5,678 m²');
    expect(screen.getByText(/来自 \.prj/)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('map').dataset.imported).toBe('3'));
    const commit = screen.getByTestId('bi-commit') as HTMLButtonElement;
    expect(commit.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('bi-accept'));
    expect(commit.disabled).toBe(false);
    fireEvent.click(commit);
    const changes = await screen.findByTestId('bi-changes');
    expect(client.commit).toHaveBeenCalledWith(PREVIEW.id, expect.objectContaining({ accept_warnings: true }));
    expect(changes.textContent).toContain('#42');
    expect(changes.textContent).toContain('411502001003002');
    expect(changes.textContent).toContain('待分流');
    expect(changes.textContent).toContain('另有 3 个与现行边界相同');
  });

  it('a preview made before another commit: the 409 says so, the commit is closed, one click previews the file again', async () => {
    const message = '边界已在预览之后被修改（版本 4 → 5），请重新上传并预览';
    const client = fakeClient({ commit: vi.fn(async () => { throw new ApiError('boundaries_changed', message, 409); }) });
    render(<BoundaryImportView role="admin" client={client} areas={areas} />);
    const file = new File(['{}'], 'grids.geojson');
    fireEvent.change(screen.getByTestId('bi-file'), { target: { files: [file] } });
    fireEvent.click(screen.getByTestId('bi-preview'));
    await screen.findByTestId('bi-summary');
    fireEvent.click(screen.getByTestId('bi-accept'));
    fireEvent.click(screen.getByTestId('bi-commit'));
    expect((await screen.findByTestId('bi-error')).textContent).toBe(message);
    expect((screen.getByTestId('bi-commit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('bi-repreview'));
    await waitFor(() => expect(client.upload).toHaveBeenCalledTimes(2));
    expect(client.upload).toHaveBeenLastCalledWith(file, expect.objectContaining({ level: 'grid' }), expect.any(Function));
    await waitFor(() => expect(screen.queryByTestId('bi-error')).toBeNull());
    expect(screen.queryByTestId('bi-repreview')).toBeNull();
  });

  it('draws a numbered marker per problem with a place; a click on its row flies there and outlines the feature; the list downloads', async () => {
    const unplaced = { ...PREVIEW, features: [...PREVIEW.features, { n: 3, file_code: null, file_name: null, code: null, unit_name: null, status: 'warning' as const, area_m2: null,
      problems: [{ kind: 'not_polygon' as const, severity: 'warning' as const, message: '要素没有几何', point: null }] }] };
    render(<BoundaryImportView role="admin" client={fakeClient({ upload: vi.fn(async () => unplaced) })} areas={areas} />);
    fireEvent.change(screen.getByTestId('bi-file'), { target: { files: [new File(['{}'], 'g.geojson')] } });
    fireEvent.click(screen.getByTestId('bi-preview'));
    await screen.findByTestId('bi-summary');
    const map = screen.getByTestId('map');
    // Rows 1–2 the overlaps, 3 the feature without geometry (no marker), 4 the gap.
    expect(JSON.parse(map.dataset.markers!)).toEqual([[1, [114.005, 32.005]], [2, [114.005, 32.005]], [4, [114.008, 32.002]]]);
    expect(screen.getByTestId('bi-problem-3').textContent).toContain('无位置');
    fireEvent.click(screen.getByTestId('bi-problem-2'));
    // About 150 m around the place.
    await waitFor(() => expect((JSON.parse(map.dataset.camera!) as number[]).map((v) => v.toFixed(4))).toEqual(['114.0035', '32.0035', '114.0065', '32.0065']));
    expect(JSON.stringify(JSON.parse(map.dataset.selected!))).toContain('["get","n"],2');
    expect(screen.getByTestId('bi-problem-2').className).toContain('bi-row-selected');
    expect(screen.getByTestId('bi-problems-download').getAttribute('href')).toBe(`/api/boundaries/imports/${PREVIEW.id}/problems`);
  });

  it('a commit where no unit changed says so', async () => {
    const client = fakeClient({ commit: vi.fn(async () => ({ ...CHANGES, units: 0, unchanged: 5, cases_checked: 0, cases: [] })) });
    render(<BoundaryImportView role="admin" client={client} areas={areas} />);
    fireEvent.change(screen.getByTestId('bi-file'), { target: { files: [new File(['{}'], 'grids.geojson')] } });
    fireEvent.click(screen.getByTestId('bi-preview'));
    await screen.findByTestId('bi-summary');
    fireEvent.click(screen.getByTestId('bi-accept'));
    fireEvent.click(screen.getByTestId('bi-commit'));
    expect((await screen.findByTestId('bi-changes')).textContent).toContain('没有变化：文件中的 5 个网格与现行边界相同，未生成新版本');
  });

  it('shows the server\'s message when the file is refused, and a preview with errors cannot be committed', async () => {
    const client = fakeClient({ upload: vi.fn(async () => { throw new ApiError('unsupported_crs', '不支持文件的坐标系「Xian_1980」', 422); }) });
    render(<BoundaryImportView role="admin" client={client} areas={areas} />);
    fireEvent.change(screen.getByTestId('bi-file'), { target: { files: [new File(['x'], 'a.zip')] } });
    fireEvent.click(screen.getByTestId('bi-preview'));
    expect((await screen.findByTestId('bi-error')).textContent).toContain('Xian_1980');
    cleanup();
    const bad = { ...PREVIEW, summary: { ...PREVIEW.summary, errors: 1, can_commit: false } };
    render(<BoundaryImportView role="admin" client={fakeClient({ upload: vi.fn(async () => bad) })} areas={areas} />);
    fireEvent.change(screen.getByTestId('bi-file'), { target: { files: [new File(['{}'], 'g.geojson')] } });
    fireEvent.click(screen.getByTestId('bi-preview'));
    await screen.findByTestId('bi-summary');
    fireEvent.click(screen.getByTestId('bi-accept'));
    expect((screen.getByTestId('bi-commit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a preview with errors offers to leave the bad features out, as an explicit second preview', async () => {
    const bad = { ...PREVIEW, summary: { ...PREVIEW.summary, errors: 1, can_commit: false }, features: [{ ...PREVIEW.features[0]!, status: 'error' as const }, PREVIEW.features[1]!] };
    const skipped = { ...PREVIEW, summary: { ...PREVIEW.summary, skipped: 1 } };
    const upload = vi.fn(async (_f: File, o: { skip_errors?: boolean }) => (o.skip_errors ? skipped : bad));
    render(<BoundaryImportView role="admin" client={fakeClient({ upload })} areas={areas} />);
    fireEvent.change(screen.getByTestId('bi-file'), { target: { files: [new File(['{}'], 'g.geojson')] } });
    fireEvent.click(screen.getByTestId('bi-preview'));
    expect((await screen.findByTestId('bi-skip-offer')).textContent).toContain('有错误的 1 个要素');
    fireEvent.click(screen.getByTestId('bi-skip'));
    expect((await screen.findByTestId('bi-skipped')).textContent).toContain('已按选择排除 1 个要素');
    expect(upload).toHaveBeenLastCalledWith(expect.any(File), expect.objectContaining({ skip_errors: true }), expect.any(Function));
    expect(screen.queryByTestId('bi-skip-offer')).toBeNull();
  });
});

describe('the upload client', () => {
  it('reports the bytes sent, then polls the server\'s steps, and resolves with the preview', async () => {
    vi.useFakeTimers(); // time moves only when the test moves it: the poll surely answers before the upload does
    const sent: unknown[] = [];
    class FakeXhr {
      upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void; onload?: () => void } = {};
      onload?: () => void; onerror?: () => void; status = 0; responseText = ''; headers: Record<string, string> = {};
      open() {}
      setRequestHeader(k: string, v: string) { this.headers[k] = v; }
      send(body: FormData) {
        sent.push(body.get('level'), this.headers['x-csrf-token']);
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
        this.upload.onload?.();
        setTimeout(() => { this.status = 201; this.responseText = JSON.stringify(PREVIEW); this.onload?.(); }, 1000);
      }
    }
    const fetch = vi.fn(async (url: string) => new Response(JSON.stringify(url.endsWith('/api/auth/me') ? { csrfToken: 'tok' } : { step: 'overlaps', label: '检查重叠', index: 6, total: 9, done: false }), { status: 200 }));
    const client = createBoundariesClient({ fetch, xhr: () => new FakeXhr() as unknown as XMLHttpRequest });
    const progress: { sent: number; server: unknown }[] = [];
    const done = client.upload(new File(['{}'], 'g.geojson'), { level: 'grid', crs: 'auto', match_by: 'code' }, (p) => progress.push({ ...p }));
    await vi.waitFor(() => expect(progress).toContainEqual({ sent: 1, server: null })); // the file is up: polling starts
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(progress.some((p) => (p.server as { label?: string } | null)?.label === '检查重叠')).toBe(true));
    await vi.advanceTimersByTimeAsync(700);
    const answer = await done;
    vi.useRealTimers();
    expect(answer.id).toBe(PREVIEW.id);
    expect(sent).toEqual(['grid', 'tok']);
    expect(progress[0]).toEqual({ sent: 0.5, server: null });
    expect(progress.some((p) => (p.server as { label?: string } | null)?.label === '检查重叠')).toBe(true);
  });
});
