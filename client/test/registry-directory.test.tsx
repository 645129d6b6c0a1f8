// The public page: organisations and people by township and village, masked phones only, printable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { DirectoryAnswer } from '../../server/src/contract/registry.ts';
import { PublicDirectoryView } from '../src/views/public/PublicDirectoryView.tsx';
import { filterQuery } from '../src/api/registry.ts';
import { parseAreaCodes } from '../src/views/registry/MediatorForm.tsx';

afterEach(cleanup);

const person = (name: string, phone: string) => ({ name, kind: 'grid_worker' as const, work_unit: '义阳社区居民委员会', position: '网格员', organisation: null, tribunal: '浉河区人民法院', specialties: [], is_liaison: false, phone });
const ANSWER: DirectoryAnswer = {
  generated_at: '2026-12-01T02:00:00Z', demo: true, notice: '本名录含演示数据',
  tribunals: [{ name: '浉河区人民法院', address: null, townships: ['老城街道'] }],
  district: { organisations: [{ name: '示例·医疗调委会', kind: 'industry', industry: 'medical', address: null, tribunal: '浉河区人民法院', contact_phone: '139****0301' }], mediators: [] },
  townships: [{
    code: '411502001000', name: '老城街道', tribunal: '浉河区人民法院', organisations: [], mediators: [person('示例·甲', '139****0001')],
    villages: [{ code: '411502001001', name: '义阳社区', organisations: [], mediators: [person('示例·乙', '139****0002')] }, { code: '411502001003', name: '三里店社区', organisations: [], mediators: [] }],
  }],
  counts: { organisations: 1, mediators: 2 },
};

describe('public directory page', () => {
  it('lists people by township and village with masked phones only', async () => {
    render(<PublicDirectoryView client={{ directory: async () => ANSWER }} />);
    expect(await screen.findByText('示例·乙')).toBeTruthy();
    expect(screen.getByRole('region', { name: '老城街道' }).textContent).toContain('义阳社区');
    // A village without anyone is left out.
    expect(screen.queryByText('三里店社区')).toBeNull();
    const text = document.body.textContent ?? '';
    expect(text).toContain('139****0002');
    expect(text.match(/1[3-9]\d{9}/g)).toBeNull();
    expect(text).toContain('本名录含演示数据');
  });

  it('search narrows the list; the print button prints', async () => {
    const print = vi.fn();
    Object.defineProperty(window, 'print', { value: print, configurable: true });
    render(<PublicDirectoryView client={{ directory: async () => ANSWER }} />);
    await screen.findByText('示例·乙');
    fireEvent.change(screen.getByLabelText('搜索名录'), { target: { value: '示例·甲' } });
    expect(screen.queryByText('示例·乙')).toBeNull();
    expect(screen.getByText('示例·甲')).toBeTruthy();
    fireEvent.click(screen.getByText('打印名录'));
    expect(print).toHaveBeenCalled();
  });
});

describe('registry helpers', () => {
  it('filterQuery joins lists and drops empty values', () => {
    expect(filterQuery({ kind: ['grid_worker', 'invited'], q: ' 张 ', township: '', status: [], page: 2 })).toBe('?kind=grid_worker%2Cinvited&q=%E5%BC%A0&page=2');
    expect(filterQuery({})).toBe('');
  });

  it('parseAreaCodes infers the level of each code', () => {
    expect(parseAreaCodes('411502001001001；411502001000、411502001001 全区')).toEqual({ areas: [
      { level: 'grid', code: '411502001001001' }, { level: 'township', code: '411502001000' }, { level: 'village', code: '411502001001' }, { level: 'district', code: '411502000000' },
    ] });
    expect(parseAreaCodes('义阳社区')).toEqual({ bad: '义阳社区' });
  });
});
