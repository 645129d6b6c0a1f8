// The figures of the case work (issue 17: one definition per figure). Each figure has one name and one
// definition here, shown on screen where the figure is used (tooltips, list headings, export sheets);
// the server counts each with the one SQL fragment of services/figures.ts. Where two figures differ on
// purpose, their names say how ("当前超期未结" counts every case overdue now, whenever registered;
// "期内登记曾超期" only the cases registered in the period).

export interface FigureDefinition {
  /** The figure's name on screen. */
  label: string;
  /** What it counts, in one or two sentences. */
  definition: string;
}

export const CASE_FIGURES = {
  overdue_open: {
    label: '当前超期未结',
    definition: '此刻已过调解期限（含延长）仍未结案的案件（已分派、调解中），不论何时登记、不受统计期限制；与“督促督办 → 已超期”为同一口径、同一名单。',
  },
  near_deadline: {
    label: '即将到期',
    definition: '尚未超期、调解期限（含延长）在今后若干天内届满的在办案件（已分派、调解中）。',
  },
  overdue_in_period: {
    label: '期内登记曾超期',
    definition: '统计期内登记的案件中，截至统计期末（或今天，取较早者）已过调解期限（含延长）而未在期限内结案的案件数，含已逾期后结案的。',
  },
  cases_period: { label: '统计期案件', definition: '统计期内登记（受理）的案件数，按北京时间自然日计，起止日均含。' },
  cases_month: { label: '本月案件', definition: '统计期最后一天所在自然月内、至统计期末登记的案件数（不受统计期起始日限制）。' },
  cases_year: { label: '本年案件', definition: '统计期最后一天所在自然年内、至统计期末登记的案件数（不受统计期起始日限制）。' },
  settled: { label: '调解成功案件', definition: '统计期内登记、当前状态为调解成功的案件。' },
  filed: { label: '转立案（成讼）案件', definition: '统计期内登记、当前状态为转立案（成讼）的案件。' },
  diverted: { label: '诉前分流案件', definition: '统计期内登记的法院委派诉前调解案件。' },
} as const satisfies Record<string, FigureDefinition>;
export type CaseFigure = keyof typeof CASE_FIGURES;

/** "当前超期未结：此刻已过…" — a figure's name and definition as one line (tooltips, export sheets). */
export const explain = (f: FigureDefinition) => `${f.label}：${f.definition}`;
