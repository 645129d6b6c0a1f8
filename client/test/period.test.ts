import { describe, expect, it } from 'vitest';
import { presetOf, presetPeriod, validatePeriod } from '../src/lib/period.ts';

describe('period presets', () => {
  it('count whole months back from the anchor date, not from today', () => {
    expect(presetPeriod('2026-11-30', 12)).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    expect(presetPeriod('2026-11-30', 1)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('2026-11-30', 3)).toEqual({ from: '2026-09-01', to: '2026-11-30' });
    expect(presetPeriod('2026-11-30', 24)).toEqual({ from: '2024-12-01', to: '2026-11-30' });
  });
  it('recognise a preset period and call others custom', () => {
    expect(presetOf('2026-11-30', { from: '2025-12-01', to: '2026-11-30' })).toBe('12m');
    expect(presetOf('2026-11-30', { from: '2026-01-05', to: '2026-11-30' })).toBe('custom');
  });
  it('validate custom periods with Chinese messages', () => {
    expect(validatePeriod({ from: '2026-01-01', to: '2026-02-01' })).toBeNull();
    expect(validatePeriod({ from: '2026-03-01', to: '2026-02-01' })).toBe('开始日期不能晚于结束日期');
    expect(validatePeriod({ from: '', to: '2026-02-01' })).toBe('请填写完整的起止日期');
    expect(validatePeriod({ from: '2026-02-30', to: '2026-03-01' })).toBe('请填写完整的起止日期');
  });
});
