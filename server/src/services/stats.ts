// Key figures and breakdowns for the dashboard.
import type { Knex } from '../db/types.ts';
import { CASE_SOURCES, CASE_STATUSES, DISPUTE_TYPES, type CaseSource, type CaseStatus, type DisputeType } from '../contract/vocab.ts';
import type { PeriodFilter } from '../contract/queries.ts';
import { runSql } from '../db/sql.ts';
import { defaultPeriod, toBounds } from './period.ts';
import type { DatasetInfo } from './dataset.ts';

interface Doc {
  totals: Record<string, number | null>;
  by_type: { type: DisputeType; count: number }[];
  by_status: { status: CaseStatus; count: number }[];
  by_source: { source: CaseSource; count: number; settled: number }[];
  by_township: { code: string; name: string; count: number }[];
  by_month: { month: string; count: number }[];
}

export async function statsSummary(knex: Knex, filter: PeriodFilter, dataset: DatasetInfo) {
  const fallback = defaultPeriod(dataset.anchor_date);
  const period = { from: filter.from ?? fallback.from, to: filter.to ?? fallback.to };
  const { from, to } = toBounds(period);
  const [row] = await runSql<{ doc: Doc }>(knex, 'stats-summary', { from, to, type: filter.type ?? null });
  const doc = row!.doc;
  return {
    period,
    dataset,
    totals: doc.totals,
    by_type: doc.by_type.map((r) => ({ ...r, label: DISPUTE_TYPES[r.type] ?? r.type })),
    by_status: doc.by_status.map((r) => ({ ...r, label: CASE_STATUSES[r.status] ?? r.status })),
    by_source: doc.by_source.map((r) => ({ ...r, label: CASE_SOURCES[r.source] ?? r.source })),
    by_township: doc.by_township,
    by_month: doc.by_month,
  };
}
