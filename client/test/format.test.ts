import { describe, expect, it } from 'vitest';
import { formatDecimal, formatInt, formatMonthShort, formatShare } from '../src/lib/format.ts';

describe('format', () => {
  it('formats integers, shares and decimals, with a dash for missing values', () => {
    expect(formatInt(640133)).toBe('640,133');
    expect(formatInt(null)).toBe('—');
    expect(formatShare(0.5)).toBe('50.0%');
    expect(formatShare(null)).toBe('—');
    expect(formatDecimal(0.04567)).toBe('0.046');
    expect(formatDecimal(3.14159)).toBe('3.14');
    expect(formatDecimal(1234.5)).toBe('1,235');
    expect(formatMonthShort('2025-12')).toBe('25年12月');
  });
});
