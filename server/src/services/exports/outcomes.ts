// The outcomes of a period as .xlsx for the filing division (issue 18 item 4): one row per case whose
// outcome — its current closing status (services/cases.ts CLOSING) — was reached in the period
// (Asia/Shanghai days, services/period.ts), in the layout of contract/outcomes.ts, with a totals row and
// a 说明 sheet that documents the layout. The reader's case scope applies (whereReachable); party names
// follow the party-data rule (masking.ts: in full for who may see parties, the family name otherwise)
// and the remark goes through maskFreeText for a reader without party access.
import type { Knex } from '../../db/types.ts';
import { PARTY_ROLES, type PartyRole } from '../../contract/cases.ts';
import {
  OUTCOME_CELL_TYPES, OUTCOME_COLUMNS, OUTCOMES_README_SHEET, OUTCOMES_SHEET, type OutcomesExportQuery,
} from '../../contract/outcomes.ts';
import { CASE_SOURCES, CASE_STATUSES, DISPUTE_TYPES, type CaseSource, type CaseStatus, type DisputeType } from '../../contract/vocab.ts';
import { whereReachable } from '../case-scope.ts';
import { CLOSING, STATUS_COLUMN } from '../cases.ts';
import { newWorkbook } from '../excel.ts';
import { maskFreeText, maskParty, partyAccess, type Actor } from '../masking.ts';
import { toBounds } from '../period.ts';

/**
 * When the case reached its current outcome: the status's own stamp (a failed case later filed counts on
 * its filing day), else closed_at (cases loaded from the demo data carry only that).
 */
const closedOnSql = (a: string) =>
  `coalesce(CASE ${a}.status ${CLOSING.map((s) => `WHEN '${s}' THEN ${a}.${STATUS_COLUMN[s]!}`).join(' ')} END, ${a}.closed_at)`;

/** A timestamp as its Asia/Shanghai day, for an Excel date cell (midnight UTC of that day, shown yyyy-mm-dd). */
const bjDate = (t: Date | string | null | undefined): Date | null =>
  t ? new Date(`${new Date(new Date(t).getTime() + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00Z`) : null;

type Cell = string | number | Date | null;

export interface OutcomesRows {
  rows: Record<string, Cell>[];
  byResult: Partial<Record<CaseStatus, number>>;
  amount: number;
  recordedAmounts: number;
}

export async function outcomeRows(knex: Knex, actor: Actor, q: OutcomesExportQuery): Promise<OutcomesRows> {
  const b = toBounds(q);
  const closedOn = closedOnSql('c');
  const cases = whereReachable(knex('cases as c'), actor)
    .whereIn('c.status', CLOSING as CaseStatus[])
    .whereRaw(`${closedOn} >= ? AND ${closedOn} < ?`, [b.from!, b.to!]);
  if (q.township) cases.where('c.township_code', q.township);
  if (q.tribunal) cases.where('c.tribunal_id', q.tribunal);
  const found = await cases.clone()
    .leftJoin('mediators as m', 'm.id', 'c.mediator_id')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .orderByRaw(`${closedOn}, c.id`)
    .select(
      'c.id', 'c.case_number', 'c.dispute_type', 'c.status', 'c.source', 'c.created_at', 'c.assigned_at', 'c.tribunal_id', 'c.mediator_id',
      'c.agreement_amount', 'c.outcome_note', 'c.judicial_confirmation', 'c.judicial_confirmation_on',
      'm.name as mediator', 'o.name as organisation', knex.raw(`${closedOn} AS closed_on`),
    );
  const parties = await knex('case_parties').whereIn('case_id', cases.clone().select('c.id'))
    .orderBy(['case_id', 'position']).select('case_id', 'role', 'name');
  const byCase = new Map<number, { role: string; name: string }[]>();
  for (const p of parties as { case_id: number; role: string; name: string }[]) {
    byCase.set(p.case_id, [...(byCase.get(p.case_id) ?? []), p]);
  }
  const byResult: Partial<Record<CaseStatus, number>> = {};
  let amount = 0;
  let recordedAmounts = 0;
  const rows = (found as Record<string, unknown>[]).map((r) => {
    const status = r.status as CaseStatus;
    byResult[status] = (byResult[status] ?? 0) + 1;
    const access = partyAccess(actor, { tribunal_id: r.tribunal_id as number | null, mediator_id: r.mediator_id as number | null });
    const names = (byCase.get(r.id as number) ?? [])
      .map((p) => `${PARTY_ROLES[p.role as PartyRole] ?? p.role}：${maskParty({ name: p.name }, access).name}`).join('；');
    const money = r.agreement_amount === null || r.agreement_amount === undefined ? null : Number(r.agreement_amount);
    if (money !== null) { amount += money; recordedAmounts += 1; }
    const confirmed = r.judicial_confirmation
      ? `已申请司法确认${r.judicial_confirmation_on ? `（${String(dayText(r.judicial_confirmation_on))}）` : ''}` : '';
    const note = (r.outcome_note as string | null) ?? '';
    const remark = [access !== 'none' ? note : maskFreeText(note), confirmed].filter(Boolean).join('；');
    return {
      case_number: (r.case_number as string) ?? null,
      id: r.id as number,
      dispute_type: DISPUTE_TYPES[r.dispute_type as DisputeType] ?? (r.dispute_type as string),
      parties: names || null,
      registered: bjDate(r.created_at as Date),
      assigned: bjDate(r.assigned_at as Date | null),
      closed: bjDate(r.closed_on as Date),
      result: CASE_STATUSES[status] ?? status,
      organisation: (r.organisation as string) ?? null,
      mediator: (r.mediator as string) ?? null,
      amount: money,
      source: CASE_SOURCES[r.source as CaseSource] ?? (r.source as string),
      remark: remark || null,
    } satisfies Record<string, Cell>;
  });
  return { rows, byResult, amount: Math.round(amount * 100) / 100, recordedAmounts };
}

/** A `date` column (pg gives a Date at local midnight, PGlite a string): its YYYY-MM-DD. */
function dayText(d: unknown): string {
  if (d instanceof Date) return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return String(d).slice(0, 10);
}

const NUM_FMT: Partial<Record<keyof typeof OUTCOME_CELL_TYPES, string>> = { date: 'yyyy-mm-dd', amount: '#,##0.00', integer: '0' };

export interface OutcomesFilters { township?: string; tribunal?: string }

export async function outcomesWorkbook(x: OutcomesRows, q: OutcomesExportQuery, names: OutcomesFilters, demo: boolean): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '浉河区诉源治理网格地图';
  const ws = wb.addWorksheet(OUTCOMES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = OUTCOME_COLUMNS.map((c) => ({
    key: c.key, width: c.key === 'parties' || c.key === 'remark' ? 36 : c.key === 'case_number' ? 30 : 14,
    style: NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {},
  }));
  const header = ws.addRow(OUTCOME_COLUMNS.map((c) => c.label));
  header.font = { bold: true };
  for (const r of x.rows) ws.addRow(OUTCOME_COLUMNS.map((c) => r[c.key] ?? null));
  const results = (Object.keys(CASE_STATUSES) as CaseStatus[]).filter((s) => x.byResult[s]).map((s) => `${CASE_STATUSES[s]} ${x.byResult[s]}`).join('，');
  const totals: Record<string, Cell> = { case_number: '合计', id: x.rows.length, result: results || null, amount: x.recordedAmounts ? x.amount : null };
  const total = ws.addRow(OUTCOME_COLUMNS.map((c) => totals[c.key] ?? null));
  total.font = { bold: true };

  const about = wb.addWorksheet(OUTCOMES_README_SHEET);
  about.columns = [{ width: 10 }, { width: 16 }, { width: 26 }, { width: 80 }];
  about.addRow(['调解结果导出说明']).font = { bold: true, size: 14 };
  about.addRow([`结案期间：${q.from} 至 ${q.to}（北京时间，起止日均含）`]);
  about.addRow([`乡镇(街道)：${names.township ?? '全部'}；人民法庭：${names.tribunal ?? '全部'}（仅含导出人有权查看的案件）`]);
  about.addRow([`导出时间：${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`]);
  about.addRow([`口径：每行一件案件，其当前结果（${CLOSING.map((s) => CASE_STATUSES[s]).join('、')}）于结案期间内取得；失败后转立案的按转立案之日计。`]);
  about.addRow([`版式：工作表“${OUTCOMES_SHEET}”第 1 行为表头，第 2 行起每行一件案件，按结案日期、案件编号排序；最后一行为合计行（A 列为“合计”，B 列为案件数，H 列为各结果件数，K 列为已登记协议金额之和）。`]);
  if (demo) about.addRow(['演示数据：调解员、案件等均为虚构的示例数据。']);
  about.addRow([]);
  about.addRow(['列', '名称', '类型', '说明']).font = { bold: true };
  OUTCOME_COLUMNS.forEach((c, i) => about.addRow([String.fromCharCode(65 + i), c.label, OUTCOME_CELL_TYPES[c.type], c.note]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The names of the filters for the 说明 sheet and the file name. */
export async function outcomesFilterNames(knex: Knex, q: OutcomesExportQuery): Promise<OutcomesFilters> {
  const t = q.township ? ((await knex('townships').where({ code: q.township }).first('name')) as { name: string } | undefined) : undefined;
  const tr = q.tribunal ? ((await knex('tribunals').where({ id: q.tribunal }).first('name')) as { name: string } | undefined) : undefined;
  return {
    ...(q.township ? { township: t?.name ?? q.township } : {}),
    ...(q.tribunal ? { tribunal: tr?.name ?? `#${q.tribunal}` } : {}),
  };
}

export async function outcomesExport(knex: Knex, actor: Actor, q: OutcomesExportQuery, demo: boolean) {
  const x = await outcomeRows(knex, actor, q);
  const names = await outcomesFilterNames(knex, q);
  const file = await outcomesWorkbook(x, q, names, demo);
  const place = [names.township, names.tribunal].filter(Boolean).map((n) => `-${n}`).join('');
  return { file, total: x.rows.length, name: `调解结果${place}-${q.from}至${q.to}.xlsx`, fallback: `outcomes-${q.from}-${q.to}.xlsx` };
}
