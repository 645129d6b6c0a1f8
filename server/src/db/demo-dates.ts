// The demo data set is built (deterministically) to end on a fixed day, data/build/meta.json
// anchor_date. Loaded weeks later it would look stale: "本月案件" of a past month, cases overdue for
// months. So the load moves every date of the demo by the same whole number of days, to end on the day
// of loading (setting DEMO_ANCHOR: `today`, the default; `build` keeps the built dates; or a fixed day).
// Whole days keep each time of day, every interval and every order as built.
import { todayInShanghai } from '../services/period.ts';

const DAY = 86_400_000;

/** The day the demo should end on, from the DEMO_ANCHOR setting; undefined: as built. */
export function demoAnchor(setting: string, now = new Date()): string | undefined {
  if (setting === 'build') return undefined;
  if (setting === 'today') return todayInShanghai(now);
  return setting;
}

/** Whole days from the built anchor to the wanted one (0 when not moved). */
export function shiftDays(builtAnchor: string, anchor: string | undefined): number {
  if (!anchor) return 0;
  return Math.round((Date.parse(`${anchor}T00:00:00Z`) - Date.parse(`${builtAnchor}T00:00:00Z`)) / DAY);
}

/** A mover of timestamps ('…Z' or with offset → ISO UTC) and of calendar days ('YYYY-MM-DD'). */
export function dateMover(days: number) {
  const ms = days * DAY;
  const time = (v: unknown): unknown => (typeof v === 'string' && days !== 0 ? new Date(Date.parse(v) + ms).toISOString() : v);
  const day = (v: unknown): unknown => (typeof v === 'string' && days !== 0 ? new Date(Date.parse(`${v}T00:00:00Z`) + ms).toISOString().slice(0, 10) : v);
  /** A copy of each row with the named fields moved (null stays null). */
  const rows = <T extends Record<string, unknown>>(xs: T[], times: string[], dayFields: string[] = []): T[] =>
    days === 0 ? xs : xs.map((r) => {
      const o: Record<string, unknown> = { ...r };
      for (const k of times) if (o[k] !== null && o[k] !== undefined) o[k] = time(o[k]);
      for (const k of dayFields) if (o[k] !== null && o[k] !== undefined) o[k] = day(o[k]);
      return o as T;
    });
  return { days, time, day, rows };
}
export type DateMover = ReturnType<typeof dateMover>;
