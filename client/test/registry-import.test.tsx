// The import wizard: upload with a progress bar, the preview's problems by row and column, commit only
// when there is nothing to fix, and a rejected commit's problems shown in place.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ImportPreview } from '../../server/src/contract/registry.ts';
import { ApiError } from '../src/api/client.ts';
import type { RegistryClient } from '../src/api/registry.ts';
import { ImportWizard } from '../src/views/registry/ImportWizard.tsx';

afterEach(cleanup);

const preview = (o: Partial<ImportPreview> = {}): ImportPreview => ({
  token: '00000000-0000-4000-8000-000000000001', kind: 'mediators', file_name: 'a.xlsx', row_count: 3, valid_rows: 1, problem_count: 2,
  problems: [
    { row: 2, column: '联系电话', code: 'bad_phone', message: '电话“1390000”格式有误', value: '1390000' },
    { row: 4, column: '服务区域', code: 'ambiguous_area', message: '区划名称“黄湾村”不唯一', value: '黄湾村' },
  ],
  sample: [], expires_at: '2026-12-01T10:00:00Z', committable: false, ...o,
});

function fakeClient(p: ImportPreview, commit?: RegistryClient['commitImport']): RegistryClient {
  return {
    templateUrl: (k: string) => `/api/registry/template/${k}`,
    previewImport: vi.fn(async (_k: string, _f: File, onProgress?: (s: number | null) => void) => {
      onProgress?.(0.5);
      onProgress?.(null);
      return p;
    }),
    commitImport: commit ?? vi.fn(async () => ({ kind: 'mediators' as const, inserted: 3, skipped: 0, ids: { first: 701, last: 703 } })),
    problemsUrl: (t: string) => `/api/registry/import/problems?token=${t}`,
  } as unknown as RegistryClient;
}

async function uploadFile() {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['x'], 'a.xlsx')] } });
  fireEvent.click(screen.getByText('上传并预览'));
}

describe('import wizard', () => {
  it('offers the template and lists every problem by row and column; commit stays disabled', async () => {
    render(<ImportWizard client={fakeClient(preview())} onClose={() => {}} onImported={() => {}} />);
    expect(screen.getByText('下载调解员导入模板').getAttribute('href')).toBe('/api/registry/template/mediators');
    await uploadFile();
    const table = await screen.findByRole('table', { name: '导入问题' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['2', '联系电话', '电话格式有误', '电话“1390000”格式有误', '1390000'],
      ['4', '服务区域', '区划名称不唯一', '区划名称“黄湾村”不唯一', '黄湾村'],
    ]);
    // Issue 17: the problem list downloads as Excel; importing the valid rows is an explicit choice.
    expect(screen.getByTestId('import-problems-download').getAttribute('href')).toBe('/api/registry/import/problems?token=00000000-0000-4000-8000-000000000001');
    expect(screen.queryByText('确认导入 3 行')).toBeNull();
    expect((screen.getByText('导入 1 行') as HTMLButtonElement).disabled).toBe(true);
  });

  it('imports only the valid rows when asked to, and says how many were skipped', async () => {
    const commit = vi.fn(async () => ({ kind: 'mediators' as const, inserted: 1, skipped: 2, ids: { first: 801, last: 801 } }));
    render(<ImportWizard client={fakeClient(preview(), commit)} onClose={() => {}} onImported={() => {}} />);
    await uploadFile();
    fireEvent.click(await screen.findByTestId('import-only-valid'));
    fireEvent.click(screen.getByText('导入 1 行'));
    expect(await screen.findByText(/已导入 1 条调解员记录.*跳过有问题的 2 行/)).toBeTruthy();
    expect(commit).toHaveBeenCalledWith('00000000-0000-4000-8000-000000000001', true);
  });

  it('commits a clean preview and reports what was written', async () => {
    const onImported = vi.fn();
    const client = fakeClient(preview({ problems: [], problem_count: 0, valid_rows: 3, committable: true, sample: [{ row: 2, name: '示例·甲', kind: 'grid_worker', service_areas: ['义阳社区第1网格'], phone: '13700000001' }] }));
    render(<ImportWizard client={client} onClose={() => {}} onImported={onImported} />);
    await uploadFile();
    const sample = await screen.findByRole('table', { name: '导入样例' });
    expect(sample.textContent).toContain('网格员');
    expect(sample.textContent).toContain('义阳社区第1网格');
    fireEvent.click(await screen.findByText('确认导入 3 行'));
    expect(await screen.findByText(/已导入 3 条调解员记录/)).toBeTruthy();
    expect(client.commitImport).toHaveBeenCalledWith('00000000-0000-4000-8000-000000000001', false);
    expect(onImported).toHaveBeenCalled();
  });

  it('a commit the server rejects shows its problems and writes nothing', async () => {
    const reject = vi.fn(async () => {
      throw new ApiError('import_rejected', '导入未执行：有 1 处问题', 422, { problems: [{ row: 3, column: null, code: 'duplicate_in_database', message: '已登记同名同电话的调解员（编号 5）' }] });
    });
    render(<ImportWizard client={fakeClient(preview({ problems: [], problem_count: 0, valid_rows: 3, committable: true }), reject)} onClose={() => {}} onImported={() => {}} />);
    await uploadFile();
    fireEvent.click(await screen.findByText('确认导入 3 行'));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', '导入未执行：有 1 处问题');
    await waitFor(() => expect(screen.getByText('已登记同名同电话的调解员（编号 5）')).toBeTruthy());
    expect(screen.getByText('整行')).toBeTruthy();
  });

  it('shows a progress bar while uploading and checking', async () => {
    let finish: (p: ImportPreview) => void = () => {};
    const client = fakeClient(preview());
    (client as { previewImport: unknown }).previewImport = (_k: string, _f: File, onProgress?: (s: number | null) => void) => {
      onProgress?.(0.4);
      return new Promise<ImportPreview>((r) => { finish = r; });
    };
    render(<ImportWizard client={client} onClose={() => {}} onImported={() => {}} />);
    await uploadFile();
    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    finish(preview());
    await screen.findByRole('table', { name: '导入问题' });
  });
});
