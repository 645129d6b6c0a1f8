// Issue 17: dates are picked as 年/月/日 whatever the browser's locale.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { DateField, chineseDay, partsOf, valueOf } from '../src/components/DateField.tsx';

describe('DateField', () => {
  it('reads and writes YYYY-MM-DD, cutting the day to the month', () => {
    expect(partsOf('2026-02-09')).toEqual({ y: '2026', m: '2', d: '9' });
    expect(partsOf('')).toEqual({ y: '', m: '', d: '' });
    expect(valueOf({ y: '2026', m: '2', d: '31' })).toBe('2026-02-28');
    expect(valueOf({ y: '2024', m: '2', d: '29' })).toBe('2024-02-29');
    expect(valueOf({ y: '2026', m: '', d: '3' })).toBe('');
    expect(chineseDay('2026-12-06')).toBe('2026年12月6日');
  });
  it('shows 年 月 日 selects and reports a whole day only', () => {
    const onChange = vi.fn();
    const { container } = render(<DateField label="开始日期" value="2026-12-06" onChange={onChange} />);
    expect(container.textContent).toContain('年');
    expect(container.textContent).toContain('月');
    expect(container.textContent).toContain('日');
    expect((screen.getByLabelText('开始日期 年') as HTMLSelectElement).value).toBe('2026');
    expect((screen.getByLabelText('开始日期 日') as HTMLSelectElement).value).toBe('6');
    fireEvent.change(screen.getByLabelText('开始日期 月'), { target: { value: '11' } });
    expect(onChange).toHaveBeenLastCalledWith('2026-11-06');
    fireEvent.change(screen.getByLabelText('开始日期 日'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith('');
  });
});
