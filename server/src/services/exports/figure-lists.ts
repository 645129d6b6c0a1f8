// The .xlsx of the lists behind figures: a dashboard figure's list (all its rows, not one page) and the
// supervision lists (督促督办), each with the figure's name, definition, filters and a total row.
import type { Knex } from '../../db/types.ts';
import { DASHBOARD_FIGURES, type DashboardListExportQuery } from '../../contract/assessment.ts';
import { CASE_FIGURES } from '../../contract/figures.ts';
import type { SupervisionExportQuery } from '../../contract/exports.ts';
import { CASE_STATUSES, DISPUTE_TYPES, type CaseStatus, type DisputeType } from '../../contract/vocab.ts';
import { dashboardList } from '../assessment/dashboard.ts';
import { supervisionList } from '../cases.ts';
import type { DatasetInfo } from '../dataset.ts';
import type { Actor } from '../masking.ts';
import { listWorkbook } from './list-workbook.ts';

const ALL = 1_000_000;

async function townshipFilter(knex: Knex, code: string | undefined): Promise<string[]> {
  if (!code) return ['乡镇(街道)：全区'];
  const t = (await knex('townships').where({ code }).first('name')) as { name: string } | undefined;
  return [`乡镇(街道)：${t?.name ?? code}`];
}

export async function dashboardListExport(knex: Knex, actor: Actor, q: DashboardListExportQuery, dataset: DatasetInfo, days: number) {
  const l = await dashboardList(knex, actor, { ...q, page: 1, page_size: ALL }, dataset, days);
  const period = q.figure === 'overdue_open' ? [] : [`统计期：${q.from ?? '默认（近12个月）'} 至 ${q.to ?? dataset.anchor_date}`];
  const file = await listWorkbook({
    title: l.label, definition: l.definition, filters: [...period, ...(await townshipFilter(knex, q.township))],
    columns: l.columns, items: l.items, demo: dataset.demo,
  });
  const place = q.township ? `-${(await townshipFilter(knex, q.township))[0]!.replace('乡镇(街道)：', '')}` : '';
  return { file, total: l.total, name: `${DASHBOARD_FIGURES[q.figure]}${place}-${q.to ?? dataset.anchor_date}.xlsx`, fallback: `list-${q.figure}.xlsx` };
}

const SUPERVISION_COLUMNS = [
  { key: 'id', label: '编号' }, { key: 'title', label: '案件' }, { key: 'type', label: '纠纷类型' }, { key: 'status', label: '状态' },
  { key: 'township', label: '乡镇(街道)' }, { key: 'village', label: '村(社区)' }, { key: 'mediator', label: '调解员' },
  { key: 'deadline', label: '调解期限' }, { key: 'days', label: '超期/剩余天数' }, { key: 'notes', label: '督办次数' },
];

const bjDay = (t: string | null) => (t ? new Date(Date.parse(t) + 8 * 3600_000).toISOString().slice(0, 10) : null);

export async function supervisionExport(knex: Knex, actor: Actor, q: SupervisionExportQuery, days: number, demo: boolean) {
  const l = await supervisionList(knex, actor, { ...q, page: 1, page_size: ALL }, days);
  const f = q.kind === 'overdue' ? CASE_FIGURES.overdue_open : CASE_FIGURES.near_deadline;
  const title = q.kind === 'overdue' ? `督促督办-${f.label}` : `督促督办-${q.days}天内到期`;
  const items = l.items.map((c) => ({
    id: c.id, title: c.title, type: DISPUTE_TYPES[c.dispute_type as DisputeType] ?? c.dispute_type, status: CASE_STATUSES[c.status as CaseStatus] ?? c.status,
    township: c.township_name, village: c.village_name, mediator: c.mediator_name, deadline: bjDay(c.deadline),
    days: c.days_left === null ? null : c.days_left < 0 ? `已超期 ${-c.days_left} 天` : `剩余 ${c.days_left} 天`, notes: c.note_count,
  }));
  const file = await listWorkbook({
    title, definition: f.definition, filters: [`导出时间：${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`, ...(await townshipFilter(knex, q.township))],
    columns: SUPERVISION_COLUMNS, items, demo,
  });
  const place = q.township ? `-${(await townshipFilter(knex, q.township))[0]!.replace('乡镇(街道)：', '')}` : '';
  return { file, total: l.total, name: `${title}${place}.xlsx`, fallback: `supervision-${q.kind}.xlsx` };
}
