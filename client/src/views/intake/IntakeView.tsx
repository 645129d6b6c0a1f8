// 批量导入 (bulk intake of cases, issue 18 item 2), for the dispatcher: upload an Excel/CSV export of the
// court's cases → column mapping (proposed, editable, remembered) → preview of every row with its outcome
// and problems → fix uncertain or not-found rows on the map, pick a type for an unmapped cause, exclude
// rows → all-or-nothing commit → 立即批量分派 on the new cases. Party data shown masked (server side).
import { useState } from 'react';
import { ROW_OUTCOMES, LOCATION_STATUSES, INTAKE_MAX_BYTES, type IntakeCommitAnswer, type IntakePreview, type IntakeRow, type RowOutcome } from '../../../../server/src/contract/intake.ts';
import type { BatchReport } from '../../../../server/src/contract/cases.ts';
import { PARTY_ROLES } from '../../../../server/src/contract/cases.ts';
import { DISPUTE_TYPES, type DisputeType } from '../../../../server/src/contract/vocab.ts';
import { api as defaultApi, ApiError, type ApiClient } from '../../api/client.ts';
import { intakeApi, type IntakeClient } from '../../api/intake.ts';
import { IntakeMap } from './IntakeMap.tsx';
import { locationPrecisionText } from '../../../../server/src/contract/cases.ts';
import { MappingPanel } from './MappingPanel.tsx';

const SHOWN = 200;

export interface IntakeViewProps {
  client?: Pick<ApiClient, 'areas' | 'config'>;
  intake?: IntakeClient;
}

type Done = { answer: IntakeCommitAnswer; batch: BatchReport | null };

export function IntakeView({ client = defaultApi, intake = intakeApi }: IntakeViewProps) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<IntakePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<RowOutcome | 'all' | 'problems'>('problems');
  const [selected, setSelected] = useState<number | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  async function run<T>(work: () => Promise<T>, onOk: (v: T) => void) {
    setBusy(true);
    setError(null);
    try {
      onOk(await work());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '操作失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  const upload = () => {
    if (!file) return setError('请先选择文件');
    if (file.size > INTAKE_MAX_BYTES) return setError(`文件超过 ${INTAKE_MAX_BYTES / 1024 / 1024} MB，请分批导入`);
    void run(() => intake.upload(file), (p) => { setPreview(p); setDone(null); setSelected(null); });
  };
  const fix = (row: number, body: Parameters<IntakeClient['fixRow']>[2]) => preview && run(() => intake.fixRow(preview.id, row, body), setPreview);
  const commit = (excludeProblems: boolean) => preview && run(
    () => intake.commit(preview.id, excludeProblems ? { exclude_problem_rows: true } : {}),
    (answer) => { setDone({ answer, batch: null }); setPreview(null); },
  );
  const batch = () => done && run(() => intake.batch(done.answer.case_ids), (report) => setDone({ ...done, batch: report }));

  const rows = (preview?.rows ?? []).filter((r) => filter === 'all' || (filter === 'problems' ? r.outcome !== 'ok' && r.outcome !== 'excluded' : r.outcome === filter));
  const row = preview?.rows.find((r) => r.row === selected) ?? null;
  const notReady = preview ? preview.rows.filter((r) => r.outcome !== 'ok' && r.outcome !== 'excluded').length : 0;

  return (
    <div className="intake">
      <section className="intake-side">
        <header className="registry-head"><h2 className="admin-title">批量导入案件</h2></header>
        {error && <p className="login-error" role="alert">{error}</p>}
        {!preview && !done && (
          <div className="registry-import-choose">
            <p className="registry-hint">
              上传人民法院调解平台或立案系统导出的案件清单（Excel .xlsx 或 CSV，UTF-8 或 GBK），不超过 {INTAKE_MAX_BYTES / 1024 / 1024} MB。
              常见列：案号、案由、当事人（可写作“张三（申请人）”）、联系电话、身份证号、地址或经纬度、登记日期、来源。
            </p>
            <label className="registry-file">
              <span>选择文件</span>
              <input type="file" data-testid="intake-file" accept=".xlsx,.csv" disabled={busy} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </label>
            <button type="button" className="primary-button" disabled={!file || busy} onClick={upload}>{busy ? '正在读取和定位…' : '上传并预览'}</button>
          </div>
        )}

        {preview && (
          <>
            <MappingPanel preview={preview} busy={busy} onApply={(m) => run(() => intake.setMapping(preview.id, m), setPreview)} />
            {preview.file_problems.map((p, i) => <p key={i} className="form-error">{p.message}</p>)}
            <div className="intake-counts" role="status" data-testid="intake-counts">
              共 {preview.row_count} 行：{(Object.keys(ROW_OUTCOMES) as RowOutcome[]).filter((k) => preview.counts[k] > 0).map((k) => `${ROW_OUTCOMES[k]} ${preview.counts[k]}`).join('，')}
            </div>
            <div className="registry-toolbar">
              <label>显示
                <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
                  <option value="problems">待处理的行</option>
                  <option value="all">全部</option>
                  {(Object.keys(ROW_OUTCOMES) as RowOutcome[]).map((k) => <option key={k} value={k}>{ROW_OUTCOMES[k]}</option>)}
                </select>
              </label>
              <button type="button" className="primary-button small" data-testid="intake-commit" disabled={busy || notReady > 0 || preview.counts.ok === 0} onClick={() => commit(false)}>
                提交导入（{preview.counts.ok} 行）
              </button>
              {notReady > 0 && preview.counts.ok > 0 && (
                <button type="button" className="secondary-button small" disabled={busy} onClick={() => commit(true)}>排除 {notReady} 行待处理的行，导入其余 {preview.counts.ok} 行</button>
              )}
            </div>
            <div className="registry-table-wrap">
              <table className="admin-table intake-table" aria-label="导入预览">
                <thead><tr><th>行</th><th>结果</th><th>案号</th><th>案由 → 类型</th><th>当事人</th><th>位置</th><th>问题</th><th /></tr></thead>
                <tbody>
                  {rows.slice(0, SHOWN).map((r) => (
                    <PreviewRow key={r.row} r={r} selected={r.row === selected} busy={busy} onSelect={() => setSelected(r.row)} onFix={(b) => fix(r.row, b)} />
                  ))}
                </tbody>
              </table>
              {rows.length > SHOWN && <p className="registry-hint">仅显示前 {SHOWN} 行（共 {rows.length} 行），请用“显示”筛选。</p>}
              {rows.length === 0 && <p className="registry-hint">没有符合条件的行。</p>}
            </div>
          </>
        )}

        {done && (
          <div className="registry-import-done" role="status" data-testid="intake-done">
            <p className="admin-ok">已导入 {done.answer.created} 件案件（案号 {done.answer.case_numbers.first} 至 {done.answer.case_numbers.last}）{done.answer.excluded ? `，排除 ${done.answer.excluded} 行` : ''}。新案件为“待分流”。</p>
            {done.batch
              ? <p className="admin-ok">批量分派：已分派 {done.batch.counts.assigned} 件，仍待分流 {done.batch.counts.left} 件。</p>
              : <button type="button" className="primary-button" disabled={busy} onClick={batch}>立即批量分派这 {done.answer.created} 件</button>}
            <button type="button" className="secondary-button" onClick={() => { setDone(null); setFile(null); }}>再导入一个文件</button>
          </div>
        )}
      </section>
      <section className="intake-map-wrap">
        <IntakeMap client={client} row={row} onPoint={(p) => row && fix(row.row, { point: p })} onPlace={(code) => row && fix(row.row, { place_code: code })} />
      </section>
    </div>
  );
}

function PreviewRow({ r, selected, busy, onSelect, onFix }: { r: IntakeRow; selected: boolean; busy: boolean; onSelect(): void; onFix(b: Parameters<IntakeClient['fixRow']>[2]): void }) {
  const l = r.location;
  const where = l.grid_name ? `${l.township_name ?? ''}${l.village_name ?? ''} · ${l.grid_name}` : l.place ? `${l.place.township_name}${l.place.level === 'village' ? l.place.name : ''}` : '';
  return (
    <tr className={`intake-row intake-${r.outcome}${selected ? ' selected' : ''}`} onClick={onSelect} data-row={r.row}>
      <td>{r.row}</td>
      <td><span className={`tag intake-tag-${r.outcome}`}>{ROW_OUTCOMES[r.outcome]}</span></td>
      <td>{r.case_number ?? '（导入时编号）'}</td>
      <td>
        {r.cause ?? '—'} →{' '}
        <select aria-label={`第 ${r.row} 行纠纷类型`} value={r.dispute_type ?? ''} disabled={busy} onClick={(e) => e.stopPropagation()}
          onChange={(e) => onFix({ dispute_type: (e.target.value || null) as DisputeType | null })}>
          <option value="">请选择</option>
          {(Object.keys(DISPUTE_TYPES) as DisputeType[]).map((k) => <option key={k} value={k}>{DISPUTE_TYPES[k]}</option>)}
        </select>
      </td>
      <td>{r.parties.map((p, i) => <div key={i}>{p.name}（{PARTY_ROLES[p.role]}）{p.phone ? ` ${p.phone}` : ''}{p.id_number ? ` ${p.id_number}` : ''}</div>)}</td>
      <td>{r.address ?? ''}<div className="registry-hint">{LOCATION_STATUSES[l.status]}{where ? `：${where}` : ''}{l.precision === 'village' ? ` · ${locationPrecisionText('village')}` : ''}</div></td>
      <td>{r.problems.map((p, i) => <div key={i} className="form-error">{p.message}</div>)}</td>
      <td>
        <button type="button" className="secondary-button small" disabled={busy} onClick={(e) => { e.stopPropagation(); onFix({ excluded: !r.excluded }); }}>{r.excluded ? '恢复' : '排除'}</button>
        {(l.status !== 'matched') && <button type="button" className="secondary-button small" onClick={(e) => { e.stopPropagation(); onSelect(); }}>在地图上定位</button>}
      </td>
    </tr>
  );
}
