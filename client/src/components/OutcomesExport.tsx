// 导出调解结果: the cases whose outcome fell in a period (结案期间), as the Excel file the filing division
// records in its system (GET /api/export/outcomes; the layout is documented in the file's 说明 sheet).
// Shown in the dispatch queue and on the leadership dashboard; the server keeps the reader's scope.
import { useState } from 'react';
import { outcomesExportUrl } from '../api/outcomes.ts';
import { DateField } from './DateField.tsx';

/** The first day of the month of `day` (YYYY-MM-DD). */
const monthStart = (day: string) => `${day.slice(0, 8)}01`;
/** Today in Asia/Shanghai (the server's periods are Beijing days). */
const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** `initial`: the period offered first (the dashboard's); else this month up to today. */
export function OutcomesExport(props: { townships?: readonly { code: string; name: string }[]; initial?: { from: string; to: string } }) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(() => props.initial?.from ?? monthStart(beijingToday()));
  const [to, setTo] = useState(() => props.initial?.to ?? beijingToday());
  const [township, setTownship] = useState('');
  if (!open) return <button type="button" className="small secondary-button" onClick={() => setOpen(true)} data-testid="outcomes-export-open">导出调解结果(Excel)</button>;
  const problem = !from || !to ? '请选择完整的起止日期' : from > to ? '起始日期不能晚于结束日期' : null;
  return (
    <div className="gis-download outcomes-export" role="group" aria-label="导出调解结果" data-testid="outcomes-export">
      <span className="muted small">结案期间</span>
      <DateField label="结案起始日期" value={from} onChange={setFrom} />
      <span className="muted small">至</span>
      <DateField label="结案结束日期" value={to} onChange={setTo} />
      {props.townships && props.townships.length > 0 && (
        <select aria-label="导出乡镇(街道)" value={township} onChange={(e) => setTownship(e.target.value)}>
          <option value="">全部乡镇(街道)</option>
          {[...props.townships].sort((a, b) => a.code.localeCompare(b.code)).map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
        </select>
      )}
      {problem
        ? <span className="muted small" role="status" data-testid="outcomes-export-problem">{problem}</span>
        : <a className="primary-button small" href={outcomesExportUrl({ from, to, township })} download data-testid="outcomes-export-link">下载</a>}
      <button type="button" className="small" onClick={() => setOpen(false)}>收起</button>
      <p className="muted small">每行一件在此期间调解成功、失败、转立案或撤回的案件（含案号、日期、调解员、协议金额），供立案庭录入；版式见文件中的“说明”工作表。</p>
    </div>
  );
}
