// The key figures of the leadership dashboard, from GET /api/dashboard: one list for the screen, the
// briefing PNG and the browser test, each with the list it opens (GET /api/dashboard/list?figure=…).
import { DASHBOARD_FIGURE_DEFINITIONS, DEFINITIONS, type DashboardAnswer, type DashboardFigure } from '../../../../server/src/contract/assessment.ts';
import { CASE_FIGURES } from '../../../../server/src/contract/figures.ts';
import { formatDecimal, formatInt, formatShare } from '../../lib/format.ts';

export interface KeyFigure {
  key: string;
  label: string;
  value: string;
  unit?: string;
  hint?: string;
  warning?: boolean;
  /** The list behind the figure. */
  list: DashboardFigure;
  /** What it counts (contract/figures.ts, contract/assessment.ts DEFINITIONS): the card's tooltip. */
  definition: string;
}

export function keyFigures(d: DashboardAnswer): KeyFigure[] {
  const f = d.figures;
  const untrained = f.mediators_active - f.mediators_trained;
  const schoolsWithout = f.schools_total - f.schools_with_event;
  const figures: Omit<KeyFigure, 'definition'>[] = [
    { key: 'cases_month', label: `本月案件（${Number(d.month.from.slice(5, 7))}月）`, value: formatInt(f.cases_month), unit: '件', list: 'cases_month' },
    { key: 'cases_year', label: `本年案件（${d.year.year}年）`, value: formatInt(f.cases_year), unit: '件', list: 'cases_year' },
    { key: 'cases_period', label: '统计期案件', value: formatInt(f.cases_period), unit: '件', hint: `在办 ${formatInt(f.open)} 件`, list: 'cases_period' },
    { key: 'success_rate', label: '调解成功率', value: formatShare(f.success_rate), hint: f.success_rate === null ? '暂无已结案件' : `成功 ${formatInt(f.settled)} 件`, list: 'settled' },
    { key: 'diverted', label: '诉前分流', value: formatInt(f.diverted), unit: '件', hint: `诉前化解 ${formatInt(f.diverted_settled)} 件 · 占受理 ${formatShare(f.diverted_share)}`, list: 'diverted' },
    { key: 'overdue_open', label: CASE_FIGURES.overdue_open.label, value: formatInt(f.overdue_open), unit: '件', warning: f.overdue_open > 0, hint: `${CASE_FIGURES.overdue_in_period.label} ${formatInt(f.overdue)} 件`, list: 'overdue_open' },
    { key: 'filed_per_10k', label: '万人成讼率', value: formatDecimal(f.filed_per_10k), hint: `转立案 ${formatInt(f.filed)} 件`, list: 'filed' },
    { key: 'uncovered_villages', label: '无调解员覆盖村(社区)', value: formatInt(f.uncovered_villages), unit: '个', warning: f.uncovered_villages > 0, hint: `共 ${formatInt(f.villages_total)} 个村(社区)`, list: 'uncovered_villages' },
    { key: 'mediators_active', label: '在岗调解员', value: formatInt(f.mediators_active), unit: '人', list: 'mediators_active' },
    { key: 'training_share', label: `培训覆盖率（${d.year.year}年）`, value: formatShare(f.training_share), warning: untrained > 0 && (f.training_share ?? 0) < 0.8, hint: `未参训 ${formatInt(untrained)} 人`, list: 'untrained' },
    { key: 'publicity_share', label: `学校法治宣传（${d.quarter.year}年第${d.quarter.quarter}季度）`, value: formatShare(f.publicity_share), warning: schoolsWithout > 0, hint: `未开展 ${formatInt(schoolsWithout)} 所 / 共 ${formatInt(f.schools_total)} 所`, list: 'schools_without_event' },
    { key: 'publicity_events', label: '法治宣传活动', value: formatInt(f.publicity_events), unit: '场', hint: `受众 ${formatInt(f.publicity_audience)} 人次`, list: 'publicity_events' },
    { key: 'guidance', label: '法官指导', value: formatInt(f.guidance_requested), unit: '次', hint: `已指导 ${formatInt(f.guidance_held)} 次`, list: 'guidance' },
  ];
  return figures.map((x) => ({ ...x, definition: OWN_DEFINITION[x.key] ?? DASHBOARD_FIGURE_DEFINITIONS[x.list] }));
}

/** Figures whose value is not simply their list's count. */
const OWN_DEFINITION: Record<string, string> = {
  success_rate: DEFINITIONS.success_rate,
  diverted: DEFINITIONS.diverted,
  overdue_open: `${CASE_FIGURES.overdue_open.definition} 下方“${CASE_FIGURES.overdue_in_period.label}”：${CASE_FIGURES.overdue_in_period.definition}`,
  filed_per_10k: DEFINITIONS.filed_per_10k,
  training_share: DEFINITIONS.training,
};
