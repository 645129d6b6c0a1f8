// The shared field types (server/src/contract/fields.ts): each class of bad value, refused with a message
// that names the allowed range. Pure: no database.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  dateTime, day, dayMax, id, idList, idText, int, intText, PERIOD_MAX_MONTHS, periodFields, refineStatsPeriod, shanghaiToday, storableString, text,
} from '../src/contract/fields.ts';
import { parseDay } from '../src/services/registry/import-validate.ts';

const messages = (r: { success: boolean; error?: z.ZodError }) => (r.error?.issues ?? []).map((i) => i.message).join(' ');

describe('days and times', () => {
  it('a day is real, and between 2000-01-01 and today + 5 years; the message names the range', () => {
    const d = day('起始日期 from');
    for (const ok of ['2000-01-01', '2024-02-29', shanghaiToday(), dayMax()]) expect(d.safeParse(ok).success, ok).toBe(true);
    expect(messages(d.safeParse('2026-02-30'))).toContain('不是有效日期');
    expect(messages(d.safeParse('2025-02-29'))).toContain('不是有效日期');
    const far = messages(d.safeParse('9999-12-31'));
    expect(far).toContain('2000-01-01');
    expect(far).toContain(dayMax());
    expect(d.safeParse('1999-12-31').success).toBe(false);
    expect(d.safeParse('0001-01-01').success).toBe(false);
    for (const bad of ['2026-1-01', '20260101', '2026-06-01T00:00:00Z', '', 'A\ud800B', 20260101]) expect(d.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('a time has an offset, a real day, and the same range', () => {
    const t = dateTime('时间');
    expect(t.safeParse('2026-12-01T09:30:00+08:00').success).toBe(true);
    expect(t.safeParse('2026-12-01T01:30:00Z').success).toBe(true);
    for (const bad of ['2026-02-30T08:00:00+08:00', '9999-12-31T00:00:00Z', '0001-01-01T00:00:00Z', '2026-12-01T09:30:00', '2026-12-01']) {
      expect(t.safeParse(bad).success, bad).toBe(false);
    }
  });

  it(`a statistics period spans at most ${PERIOD_MAX_MONTHS} months, and the message says so`, () => {
    const p = z.object(periodFields()).superRefine(refineStatsPeriod);
    expect(p.safeParse({ from: '2016-01-01', to: '2025-12-31' }).success).toBe(true);
    const long = p.safeParse({ from: '2000-01-01', to: '2026-11-30' });
    expect(messages(long)).toContain(`${PERIOD_MAX_MONTHS} 个月`);
    expect(messages(p.safeParse({ from: '2026-02-01', to: '2026-01-01' }))).toContain('起始日期不能晚于结束日期');
  });
});

describe('ids and integers', () => {
  it('an id fits int4, in a body, a path or a query string', () => {
    expect(id().safeParse(2147483647).success).toBe(true);
    for (const bad of [2147483648, 99999999999, 0, -1, 1.5, '1']) expect(id().safeParse(bad).success, String(bad)).toBe(false);
    expect(idText().safeParse('2147483647').data).toBe(2147483647);
    for (const bad of ['2147483648', '99999999999', '0', '-1', '1.5', '1e3', '', 'x']) expect(idText().safeParse(bad).success, bad).toBe(false);
    expect(messages(idText('编号').safeParse('2147483648'))).toContain('2147483647');
  });

  it('an id list: each id fits int4, duplicates dropped, within its count', () => {
    const l = idList('方案编号 ids', 1, 6);
    expect(l.safeParse('1,2,2').data).toEqual([1, 2]);
    for (const bad of ['2147483648', '1,99999999999', '', '1,,2', '1,2,3,4,5,6,7']) expect(l.safeParse(bad).success, bad).toBe(false);
  });

  it('integers never exceed int4, also when the stated maximum is larger', () => {
    expect(int('x', 1, Number.MAX_SAFE_INTEGER).safeParse(2147483648).success).toBe(false);
    expect(intText('页码', 1, 100_000).safeParse('100001').success).toBe(false);
    expect(intText('页码', 1, 100_000).safeParse('99999999999').success).toBe(false);
  });
});

describe('text', () => {
  it('refuses a lone surrogate and NUL with a message, trims, and keeps its length limit', () => {
    const t = text('案件标题', 10);
    expect(t.safeParse('  调解  ').data).toBe('调解');
    expect(t.safeParse('🀄 pair').success).toBe(true); // a surrogate pair is a real character
    for (const bad of ['A\ud800B', '\udc00', 'a\u0000b', '', '   ', 'x'.repeat(11)]) expect(t.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(messages(t.safeParse('A\ud800B'))).toContain('无法保存的字符');
    expect(storableString('备注', 5).safeParse('').success).toBe(true);
    expect(storableString('备注', 5).safeParse('A\ud800B').success).toBe(false);
  });
});

describe('days in uploaded registry files', () => {
  it('follow the record-day rule: a real day, 1950-01-01 … today + 5 years, in the forms people type', () => {
    expect(parseDay('2026/1/5')).toBe('2026-01-05');
    expect(parseDay('2026年1月5日')).toBe('2026-01-05');
    expect(parseDay('45658')).toBe('2025-01-01'); // an Excel day number
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('1949-12-31')).toBeNull();
    expect(parseDay('9999-12-31')).toBeNull();
    expect(parseDay(dayMax())).toBe(dayMax());
  });
});
