// Issue 17: the demo data set moves to the day it is loaded (or to the DEMO_ANCHOR day), by whole days.
import { describe, expect, it } from 'vitest';
import { dateMover, demoAnchor, shiftDays } from '../src/db/demo-dates.ts';

describe('demo dates', () => {
  it('reads the DEMO_ANCHOR setting', () => {
    expect(demoAnchor('build')).toBeUndefined();
    expect(demoAnchor('2027-03-31')).toBe('2027-03-31');
    // 2026-12-06 20:00 UTC is already 7 December in Beijing.
    expect(demoAnchor('today', new Date('2026-12-06T20:00:00Z'))).toBe('2026-12-07');
  });
  it('moves timestamps and days by whole days, nulls and other fields untouched', () => {
    const days = shiftDays('2026-11-30', '2026-12-06');
    expect(days).toBe(6);
    expect(shiftDays('2026-11-30', undefined)).toBe(0);
    const m = dateMover(days);
    const [r] = m.rows([{ id: 'c1', created_at: '2026-11-30T23:59:00Z', closed_at: null, held_on: '2026-02-28', n: 3 }], ['created_at', 'closed_at'], ['held_on']);
    expect(r).toEqual({ id: 'c1', created_at: '2026-12-06T23:59:00.000Z', closed_at: null, held_on: '2026-03-06', n: 3 });
    const same = [{ created_at: '2026-11-30T00:00:00Z' }];
    expect(dateMover(0).rows(same, ['created_at'])).toBe(same);
  });
});
