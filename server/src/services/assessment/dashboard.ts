// The leadership dashboard (领导驾驶舱): every figure in one query (db/sql/assessment-dashboard.sql), and
// the list behind each figure (GET /api/dashboard/list), which counts exactly what the figure counts.
// The lists of cases and guidance requests hold only the cases the reader may reach (a reader scoped to
// a tribunal sees fewer rows than the district-wide figure), titles as the reader may see them.
import type { Knex } from '../../db/types.ts';
import {
  CASE_SOURCES, DASHBOARD_FIGURE_DEFINITIONS, DASHBOARD_FIGURES, DEFINITIONS, PUBLICITY_KINDS,
  type DashboardAnswer, type DashboardFigure, type DashboardList, type ListColumn, type PublicityKind,
} from '../../contract/assessment.ts';
import { CASE_STATUSES, DISPUTE_TYPES, MEDIATOR_KINDS, type CaseStatus, type DisputeType, type MediatorKind } from '../../contract/vocab.ts';
import { runSql } from '../../db/sql.ts';
import { readTuned } from './tuned.ts';
import { COVERAGE_REASONS, type CoverageReason } from '../../contract/coverage.ts';
import { computeCoverage, coverageSummary } from '../coverage/index.ts';
import type { DatasetInfo } from '../dataset.ts';
import { windowsOf, type Windows } from './periods.ts';
import { untrained } from './training.ts';
import { compliance, listEvents } from './publicity.ts';
import { GUIDANCE_MODES, type GuidanceMode } from '../../contract/cases.ts';
import { whereReachable } from '../case-scope.ts';
import { countOverdueNow, whereSupervised } from '../figures.ts';
import { viewRow, type Rules } from '../case-view.ts';
import type { Actor } from '../masking.ts';

type ListRow = Record<string, string | number | null>;
/** A case row of a list as a reader without party access may see it: the title masked (case-view.ts). */
const ROW_RULES: Rules<ListRow> = {
  id: 'keep', title: 'text', type: 'keep', status: 'keep', township: 'keep', village: 'keep', mediator: 'keep', created: 'keep',
  requested: 'keep', case: 'text', mode: 'keep', judge: 'keep', held: 'keep',
};
const ref = (r: Record<string, unknown>) => ({ tribunal_id: (r.tribunal_id as number) ?? null, mediator_id: (r.mediator_id as number) ?? null });

type Doc = Pick<DashboardAnswer, 'by_month' | 'by_type' | 'by_source'> & {
  figures: Record<string, number | null>;
  by_township: Omit<DashboardAnswer['by_township'][number], 'uncovered_villages'>[];
};

/** A time as 'YYYY-MM-DD HH:mm' in Beijing time. */
const bjMinute = (t: string | Date) => new Date(new Date(t).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
/** The last day included of an exclusive bound. */
const lastDay = (isoExclusive: string) => day(new Date(Date.parse(isoExclusive) - 1).toISOString());

interface UnitsDoc {
  figures: Record<string, number | null>;
  by_publicity_kind: { kind: string; count: number; audience: number }[];
}

export async function dashboard(knex: Knex, q: { from?: string; to?: string }, dataset: DatasetInfo, days: number): Promise<DashboardAnswer> {
  const w = windowsOf(q, dataset.anchor_date);
  const params = {
    from: w.from, to: w.to, from_day: w.period.from, to_day: w.period.to,
    month_from: w.month.from, year_from: w.year.from, year_day: `${w.year.year}-01-01`,
    quarter_from: w.quarter.from, quarter_to: w.quarter.to, type: null, days, asof: w.asof,
  };
  // Three independent reads, side by side on a server (one after another on the embedded database).
  // Uncovered villages: the planning work's coverage rule (services/coverage: a responsible active mediator
  // AND the nearest active mediator within the radius), the same figure as the 覆盖规划 view; should that
  // module fail, the responsible-mediator rule of the SQL answers (coverage_rule says which).
  const [[cases], [units], cov] = await Promise.all([
    readTuned<{ doc: Doc }>(knex, 'assessment-dashboard', params, { noSort: true }),
    readTuned<{ doc: UnitsDoc }>(knex, 'assessment-dashboard-units', params),
    coverageSummary(knex, { level: 'village' }).catch(() => null),
  ]);
  const c = cases!.doc, u = units!.doc;
  const figures = Object.fromEntries(Object.entries({ ...c.figures, ...u.figures }).map(([k, v]) => [k, num(v)])) as DashboardAnswer['figures'];
  figures.overdue_open = await countOverdueNow(knex, days);
  let uncoveredBy: Map<string, number>;
  if (cov) {
    figures.uncovered_villages = cov.totals.units - cov.totals.units_covered;
    uncoveredBy = new Map(cov.by_township.map((t) => [t.code, t.units - t.units_covered]));
  } else {
    const rows = await runSql<{ township_code: string; n: number }>(knex, 'assessment-dashboard-uncovered');
    uncoveredBy = new Map(rows.map((r) => [r.township_code, r.n]));
    figures.uncovered_villages = rows.reduce((s, r) => s + r.n, 0);
  }
  figures.publicity_share = figures.schools_total === 0 ? null : Math.round((figures.schools_with_event / figures.schools_total) * 10000) / 10000;
  return {
    period: w.period,
    dataset,
    month: { from: day(w.month.from), to: w.period.to },
    year: { from: day(w.year.from), to: w.period.to, year: w.year.year },
    quarter: { from: day(w.quarter.from), to: lastDay(w.quarter.to), year: w.quarter.year, quarter: w.quarter.quarter },
    figures,
    by_month: c.by_month.map((m) => ({ ...m, received: Number(m.received), settled: Number(m.settled), failed: Number(m.failed), filed: Number(m.filed), success_rate: num(m.success_rate) })),
    by_township: c.by_township.map((t) => ({
      ...t, received: Number(t.received), settled: Number(t.settled), filed: Number(t.filed), success_rate: num(t.success_rate), filed_per_10k: num(t.filed_per_10k),
      uncovered_villages: uncoveredBy.get(t.code) ?? 0,
    })),
    by_type: c.by_type.map((r) => ({ ...r, count: Number(r.count), label: DISPUTE_TYPES[r.type as DisputeType] ?? r.type })),
    by_source: c.by_source.map((r) => ({ ...r, count: Number(r.count), label: CASE_SOURCES[r.source as keyof typeof CASE_SOURCES] ?? r.source })),
    by_publicity_kind: u.by_publicity_kind.map((r) => ({ ...r, kind: r.kind as PublicityKind, count: Number(r.count), audience: Number(r.audience), label: PUBLICITY_KINDS[r.kind as PublicityKind] ?? r.kind })),
    coverage_rule: cov ? 'coverage' : 'responsible_mediator',
    definitions: DEFINITIONS,
  };
}

// --- the lists behind the figures -------------------------------------------------------------------

const CASE_COLUMNS: ListColumn[] = [
  { key: 'id', label: '编号' }, { key: 'title', label: '案件' }, { key: 'type', label: '纠纷类型' }, { key: 'status', label: '状态' },
  { key: 'township', label: '乡镇(街道)' }, { key: 'village', label: '村(社区)' }, { key: 'mediator', label: '调解员' },
  { key: 'created', label: '登记时间' },
];

function caseWindow(figure: DashboardFigure, w: Windows): [string, string] {
  if (figure === 'cases_month') return [w.month.from, w.to];
  if (figure === 'cases_year') return [w.year.from, w.to];
  return [w.from, w.to];
}

async function caseList(knex: Knex, actor: Actor, figure: DashboardFigure, w: Windows, days: number, page: number, size: number, township?: string) {
  const base = whereReachable(knex('cases as c'), actor);
  // 当前超期未结 is not bound to the period (contract/figures.ts): the same rule as 督促督办 → 已超期.
  if (figure === 'overdue_open') whereSupervised(base, 'c', days, 'overdue');
  else {
    const [lo, hi] = caseWindow(figure, w);
    base.where('c.created_at', '>=', lo).andWhere('c.created_at', '<', hi);
  }
  if (township) base.where('c.township_code', township);
  if (figure === 'settled') base.andWhere('c.status', 'settled');
  if (figure === 'filed') base.andWhere('c.status', 'filed');
  if (figure === 'diverted') base.andWhere('c.source', 'court_delegated');
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows = await base.clone()
    .leftJoin('townships as t', 't.code', 'c.township_code')
    .leftJoin('villages as v', 'v.code', 'c.village_code')
    .leftJoin('mediators as m', 'm.id', 'c.mediator_id')
    .orderBy([{ column: 'c.created_at', order: 'desc' }, { column: 'c.id', order: 'desc' }])
    .limit(size).offset((page - 1) * size)
    .select('c.id', 'c.title', 'c.dispute_type', 'c.status', 't.name as township', 'v.display_name as village', 'm.name as mediator', 'c.created_at', 'c.tribunal_id', 'c.mediator_id');
  return {
    total: Number(n), columns: CASE_COLUMNS,
    items: rows.map((r: Record<string, unknown>) => viewRow<ListRow>(actor, ref(r), {
      id: r.id as number, title: r.title as string, type: DISPUTE_TYPES[r.dispute_type as DisputeType] ?? (r.dispute_type as string),
      status: CASE_STATUSES[r.status as CaseStatus] ?? (r.status as string), township: (r.township as string) ?? null,
      village: (r.village as string) ?? null, mediator: (r.mediator as string) ?? null,
      created: bjMinute(r.created_at as string),
    }, ROW_RULES)),
  };
}

const page = <T>(xs: T[], p: number, size: number) => xs.slice((p - 1) * size, p * size);

export async function dashboardList(
  knex: Knex, actor: Actor, q: { figure: DashboardFigure; from?: string; to?: string; township?: string; page: number; page_size: number }, dataset: DatasetInfo, days: number,
): Promise<DashboardList> {
  const w = windowsOf(q, dataset.anchor_date);
  const label = DASHBOARD_FIGURES[q.figure];
  const done = (r: { total: number; columns: ListColumn[]; items: Record<string, string | number | null>[] }): DashboardList =>
    ({ figure: q.figure, label, definition: DASHBOARD_FIGURE_DEFINITIONS[q.figure], ...r });
  // Lists worked out in memory keep the rows of the chosen township (by its name, their township column).
  const townshipName = q.township ? ((await knex('townships').where({ code: q.township }).first('name')) as { name: string } | undefined)?.name ?? '—' : undefined;
  const inTownship = <T extends { township?: unknown }>(rows: T[]) => (townshipName === undefined ? rows : rows.filter((r) => r.township === townshipName));
  switch (q.figure) {
    case 'uncovered_villages': {
      const units = await computeCoverage(knex, { level: 'village' }).catch(() => null);
      if (units) {
        const names = new Map(((await knex('townships').select('code', 'name')) as { code: string; name: string }[]).map((t) => [t.code, t.name]));
        const rows = inTownship(units.filter((u) => !u.covered).map((u) => ({
          code: u.code, name: u.name, township: names.get(u.township_code) ?? u.township_code, population: u.population_est,
          reason: u.reasons.map((r) => COVERAGE_REASONS[r as CoverageReason] ?? r).join('；'),
          nearest_m: u.nearest_mediator_m === null ? null : Math.round(u.nearest_mediator_m),
        })));
        return done({
          total: rows.length,
          columns: [{ key: 'code', label: '代码' }, { key: 'name', label: '村(社区)' }, { key: 'township', label: '乡镇(街道)' }, { key: 'population', label: '人口（估算）' }, { key: 'reason', label: '未覆盖原因' }, { key: 'nearest_m', label: '最近调解员(米)' }],
          items: page(rows, q.page, q.page_size),
        });
      }
      const rows = (await knex.raw(`
        SELECT v.code, v.display_name AS name, t.name AS township, v.population_est AS population
        FROM villages v JOIN townships t ON t.code = v.township_code
        WHERE NOT EXISTS (SELECT 1 FROM mediator_service_areas sa JOIN mediators m ON m.id = sa.mediator_id AND m.status = 'active'
                          WHERE sa.level IN ('village', 'grid') AND sa.village_code = v.code)
        ORDER BY v.code`)).rows as Record<string, string | number>[];
      const mine = inTownship(rows);
      return done({ total: mine.length, columns: [{ key: 'code', label: '代码' }, { key: 'name', label: '村(社区)' }, { key: 'township', label: '乡镇(街道)' }, { key: 'population', label: '人口（估算）' }], items: page(mine, q.page, q.page_size) });
    }
    case 'mediators_active': {
      // A mediator's township: shihe_mediator_township (migration 33), as the untrained list counts it.
      const base = knex('mediators as m').joinRaw('CROSS JOIN LATERAL shihe_mediator_township(m.id) AS mt').where('m.status', 'active');
      if (q.township) base.where('mt.township_code', q.township);
      const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
      const rows = await base.clone().leftJoin('organisations as o', 'o.id', 'm.organisation_id').orderBy('m.id')
        .limit(q.page_size).offset((q.page - 1) * q.page_size).select('m.id', 'm.name', 'm.kind', 'mt.township_name as township', 'o.name as organisation');
      return done({
        total: Number(n),
        columns: [{ key: 'id', label: '编号' }, { key: 'name', label: '姓名' }, { key: 'kind', label: '类别' }, { key: 'township', label: '乡镇(街道)' }, { key: 'organisation', label: '所属组织' }],
        items: rows.map((r: Record<string, unknown>) => ({
          id: r.id as number, name: r.name as string, kind: MEDIATOR_KINDS[r.kind as MediatorKind] ?? (r.kind as string),
          township: r.township as string, organisation: (r.organisation as string) ?? null,
        })),
      });
    }
    case 'untrained': {
      const u = await untrained(knex, { yearFrom: `${w.year.year}-01-01`, yearTo: w.period.to });
      const people = inTownship(u.townships.flatMap((t) => t.people.map((p) => ({ id: p.id, name: p.name, kind: MEDIATOR_KINDS[p.kind as MediatorKind] ?? p.kind, township: t.name, village: p.village, organisation: p.organisation }))));
      return done({
        total: people.length,
        columns: [{ key: 'id', label: '编号' }, { key: 'name', label: '姓名' }, { key: 'kind', label: '类别' }, { key: 'township', label: '乡镇(街道)' }, { key: 'village', label: '村(社区)' }, { key: 'organisation', label: '所属组织' }],
        items: page(people, q.page, q.page_size),
      });
    }
    case 'schools_without_event': {
      const c = await compliance(knex, { from: w.quarter.from, to: w.quarter.to, yearFrom: w.year.from, year: w.quarter.year, quarter: w.quarter.quarter });
      const rows = inTownship(c.schools.filter((s) => s.events === 0).map((s) => ({ id: s.id, name: s.name, township: s.township_name, last_event: null })));
      return done({ total: rows.length, columns: [{ key: 'id', label: '编号' }, { key: 'name', label: '学校' }, { key: 'township', label: '乡镇(街道)' }], items: page(rows, q.page, q.page_size) });
    }
    case 'publicity_events': {
      const l = await listEvents(knex, { from: w.period.from, to: w.period.to, ...(q.township ? { township: q.township } : {}), page: q.page, page_size: q.page_size });
      return done({
        total: l.total,
        columns: [{ key: 'held', label: '时间' }, { key: 'kind', label: '类型' }, { key: 'title', label: '活动' }, { key: 'township', label: '乡镇(街道)' }, { key: 'place', label: '地点' }, { key: 'department', label: '责任部门' }, { key: 'audience', label: '受众(人次)' }],
        items: l.items.map((e: Record<string, unknown> & { held_at: string; kind_label: string }) => ({ held: bjMinute(e.held_at), kind: e.kind_label, title: e.title as string, township: (e.township_name as string) ?? null, place: (e.school_name ?? e.enterprise_name ?? e.place ?? null) as string | null, department: e.department as string, audience: e.audience as number })),
      });
    }
    case 'guidance': {
      const base = whereReachable(knex('guidance_requests as g').join('cases as c', 'c.id', 'g.case_id'), actor)
        .where('g.requested_at', '>=', w.from).andWhere('g.requested_at', '<', w.to);
      if (q.township) base.where('c.township_code', q.township);
      const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
      const rows = await base.clone().leftJoin('judges as j', 'j.id', 'g.judge_id')
        .orderBy([{ column: 'g.requested_at', order: 'desc' }, { column: 'g.id', order: 'desc' }]).limit(q.page_size).offset((q.page - 1) * q.page_size)
        .select('g.id', 'g.mode', 'g.requested_at', 'g.held_at', 'c.id as case_id', 'c.title', 'j.name as judge', 'c.tribunal_id', 'c.mediator_id');
      return done({
        total: Number(n),
        columns: [{ key: 'requested', label: '申请时间' }, { key: 'case', label: '案件' }, { key: 'mode', label: '指导方式' }, { key: 'judge', label: '法官' }, { key: 'held', label: '指导时间' }],
        items: rows.map((r: Record<string, unknown>) => viewRow<ListRow>(actor, ref(r), {
          requested: bjMinute(r.requested_at as Date), case: `${r.case_id} ${r.title as string}`, mode: GUIDANCE_MODES[r.mode as GuidanceMode] ?? (r.mode as string),
          judge: (r.judge as string) ?? null, held: r.held_at && Date.parse(new Date(r.held_at as Date).toISOString()) < Date.parse(w.to) ? bjMinute(r.held_at as Date) : null,
        }, ROW_RULES)),
      });
    }
    default:
      return done(await caseList(knex, actor, q.figure, w, days, q.page, q.page_size, q.township));
  }
}
