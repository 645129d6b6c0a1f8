// The outcomes export (issue 18 item 4, "back to the platform"): the cases whose outcome fell in a
// period, as an .xlsx the filing division records in its own system. The layout is written once, here:
// the workbook is built from OUTCOME_COLUMNS and its 说明 sheet lists them; README repeats it for readers.
import { z } from 'zod';
import { blankAsMissing, day, idText, refineListPeriod } from './fields.ts';

export const outcomesExportQuery = z
  .object({
    from: day('起始日期 from'),
    to: day('结束日期 to'),
    township: blankAsMissing(z.string().regex(/^\d{12}$/, '乡镇(街道)代码 township 应为 12 位数字')),
    tribunal: blankAsMissing(idText('人民法庭 tribunal')),
  })
  .superRefine(refineListPeriod);
export type OutcomesExportQuery = z.infer<typeof outcomesExportQuery>;

/** How a column's cells are typed in the file (the 说明 sheet says it in Chinese). */
export const OUTCOME_CELL_TYPES = {
  text: '文本',
  integer: '整数',
  date: '日期（北京时间，yyyy-mm-dd）',
  amount: '数值，两位小数（元）',
} as const;

export interface OutcomeColumn {
  key: string;
  /** The header cell (row 1 of sheet 调解结果). */
  label: string;
  type: keyof typeof OUTCOME_CELL_TYPES;
  /** What the column holds (the 说明 sheet). */
  note: string;
}

/** The columns of sheet 调解结果, in order (A, B, …). Changing them changes the documented layout. */
export const OUTCOME_COLUMNS: readonly OutcomeColumn[] = [
  { key: 'case_number', label: '案号', type: 'text', note: '法院格式的案号，如（2026）豫1502民诉前调123号；未进入法院流程的案件为空' },
  { key: 'id', label: '案件编号', type: 'integer', note: '本系统的案件编号（#id）' },
  { key: 'dispute_type', label: '案由/纠纷类型', type: 'text', note: '纠纷类型的中文名称' },
  { key: 'parties', label: '当事人', type: 'text', note: '“身份：姓名”，以“；”分隔；分流员、管理员为全名，院领导仅见姓氏（张**）；不含电话、身份证号' },
  { key: 'registered', label: '登记日期', type: 'date', note: '案件登记（受理）之日' },
  { key: 'assigned', label: '分派日期', type: 'date', note: '首次分派调解员之日；未分派（如直接撤回）为空' },
  { key: 'closed', label: '结案日期', type: 'date', note: '案件进入当前结果之日（调解成功、调解失败、转立案、撤回），即导出期间所依据的日期' },
  { key: 'result', label: '结果', type: 'text', note: '调解成功、调解失败、已转立案或已撤回' },
  { key: 'organisation', label: '调解组织', type: 'text', note: '调解员所属的调解组织；无则为空' },
  { key: 'mediator', label: '调解员', type: 'text', note: '承办调解员姓名' },
  { key: 'amount', label: '协议金额(元)', type: 'amount', note: '调解成功时登记的协议金额；未登记为空（不是 0）' },
  { key: 'source', label: '来源', type: 'text', note: '法院委派、网格上报、群众来访/自行受理或部门移交' },
  { key: 'remark', label: '备注', type: 'text', note: '结果说明；已申请司法确认的注明日期' },
];

export const OUTCOMES_SHEET = '调解结果';
export const OUTCOMES_README_SHEET = '说明';
