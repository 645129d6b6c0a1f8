import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { DetailsPanel } from '../src/components/DetailsPanel.tsx';
import { createArea } from './fixtures.ts';

afterEach(cleanup);

function valueOf(label: string): string | null {
  const dt = screen.getByText(label);
  return dt.nextElementSibling?.textContent ?? null;
}

describe('DetailsPanel', () => {
  it('shows the area with estimated population, densities and the schematic source in Chinese', () => {
    const area = createArea({ population_est: 2500, area_km2: 5, case_count: 10, open_case_count: 3, mediator_count: 2 }).properties;
    render(<DetailsPanel area={area} townshipName="董家河镇" periodLabel="2025年12月1日 至 2026年11月30日" />);
    expect(screen.getByRole('heading', { name: '胡家湾村' })).toBeTruthy();
    expect(valueOf('层级')).toBe('村(社区)');
    expect(valueOf('类型')).toBe('村');
    expect(valueOf('所属乡镇(街道)')).toBe('董家河镇');
    expect(valueOf('人口（估算）')).toBe('2,500 人');
    expect(valueOf('面积')).toBe('5 km²');
    expect(valueOf('在岗调解员')).toBe('2 人');
    expect(valueOf('案件数')).toBe('10 件');
    expect(valueOf('未结案件')).toBe('3 件');
    expect(valueOf('纠纷密度')).toBe('2 件/km²');
    expect(valueOf('万人纠纷数')).toBe('40 件/万人');
    expect(valueOf('边界来源')).toBe('示意边界（非官方）');
    expect(screen.getByText(/案件统计期间/).textContent).toContain('2025年12月1日');
  });
  it('warns when the area has no active mediator and shows dashes for unknown values', () => {
    const area = createArea({ mediator_count: 0, population_est: null, area_km2: null, type: 'community' }).properties;
    render(<DetailsPanel area={area} />);
    expect(screen.getByText('该村(社区)暂无在岗调解员覆盖')).toBeTruthy();
    expect(valueOf('人口（估算）')).toBe('—');
    expect(valueOf('纠纷密度')).toBe('—');
    expect(valueOf('类型')).toBe('社区');
  });
  it('shows a township without a parent row', () => {
    const area = createArea({ level: 'township', type: 'subdistrict', name: '老城街道', geometry_source: 'official' }).properties;
    render(<DetailsPanel area={area} />);
    expect(screen.queryByText('所属乡镇(街道)')).toBeNull();
    expect(valueOf('类型')).toBe('街道');
    expect(valueOf('边界来源')).toBe('官方边界');
  });
  it('closes on the close button', () => {
    const onClose = vi.fn();
    render(<DetailsPanel area={createArea().properties} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: '关闭详情' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
