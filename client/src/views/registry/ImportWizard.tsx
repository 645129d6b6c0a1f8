// 批量导入: template download → upload (progress) → preview of every problem by row and column →
// all-or-nothing commit. The server keeps the checked file under a token, so commit sends no file again.
import { useMemo, useState } from 'react';
import {
  IMPORT_COLUMNS, IMPORT_KINDS, IMPORT_MAX_BYTES, IMPORT_PROBLEMS,
  type ImportCommitAnswer, type ImportKind, type ImportPreview, type ImportProblem,
} from '../../../../server/src/contract/registry.ts';
import { MEDIATOR_KINDS, ORGANISATION_KINDS, type MediatorKind, type OrganisationKind } from '../../../../server/src/contract/vocab.ts';
import { ApiError } from '../../api/client.ts';
import type { RegistryClient } from '../../api/registry.ts';
import { ProgressBar } from './ProgressBar.tsx';

const PAGE = 100;

type Step =
  | { kind: 'choose' }
  | { kind: 'uploading'; share: number | null }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'committing'; preview: ImportPreview }
  | { kind: 'done'; answer: ImportCommitAnswer };

export interface ImportWizardProps {
  client: RegistryClient;
  initialKind?: ImportKind;
  onClose(): void;
  /** After a commit: the tables reload. */
  onImported(answer: ImportCommitAnswer): void;
}

export function ImportWizard({ client, initialKind = 'mediators', onClose, onImported }: ImportWizardProps) {
  const [kind, setKind] = useState<ImportKind>(initialKind);
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);

  async function upload() {
    if (!file) return setError('请先选择文件');
    if (file.size > IMPORT_MAX_BYTES) return setError(`文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请分批导入`);
    setError(null);
    setProblems(null);
    setStep({ kind: 'uploading', share: 0 });
    try {
      const preview = await client.previewImport(kind, file, (share) => setStep({ kind: 'uploading', share }));
      setStep({ kind: 'preview', preview });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '上传失败，请重试');
      setStep({ kind: 'choose' });
    }
  }

  async function commit(preview: ImportPreview, onlyValid = false) {
    setError(null);
    setStep({ kind: 'committing', preview });
    try {
      const answer = await client.commitImport(preview.token, onlyValid);
      setStep({ kind: 'done', answer });
      onImported(answer);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '提交失败，请重试');
      // A rejected commit says why (the database changed since the preview): show those problems.
      const again = e instanceof ApiError ? (e.details as { problems?: ImportProblem[] } | undefined)?.problems : undefined;
      if (again) setProblems(again);
      setStep({ kind: 'preview', preview });
    }
  }

  const busy = step.kind === 'uploading' || step.kind === 'committing';
  return (
    <div className="registry-modal" role="dialog" aria-label="批量导入">
      <div className="registry-modal-card panel registry-import">
        <div className="registry-modal-head">
          <h3 className="admin-title">批量导入{IMPORT_KINDS[kind]}</h3>
          <button type="button" className="icon-button" aria-label="关闭" onClick={onClose} disabled={busy}>×</button>
        </div>
        <ol className="registry-steps">
          <li className={step.kind === 'choose' || step.kind === 'uploading' ? 'active' : undefined}>1 下载模板、选择文件</li>
          <li className={step.kind === 'preview' || step.kind === 'committing' ? 'active' : undefined}>2 预览与检查</li>
          <li className={step.kind === 'done' ? 'active' : undefined}>3 提交</li>
        </ol>
        {error && <p className="login-error" role="alert">{error}</p>}

        {(step.kind === 'choose' || step.kind === 'uploading') && (
          <div className="registry-import-choose">
            <div className="segmented" role="group" aria-label="导入类型">
              {(Object.keys(IMPORT_KINDS) as ImportKind[]).map((k) => (
                <button key={k} type="button" className={k === kind ? 'active' : undefined} disabled={busy} onClick={() => setKind(k)}>{IMPORT_KINDS[k]}</button>
              ))}
            </div>
            <p className="registry-hint">
              请使用模板填写（Excel .xlsx，或另存为 CSV，UTF-8 或 GBK 均可），不超过 {IMPORT_MAX_BYTES / 1024 / 1024} MB。
              必填列：{IMPORT_COLUMNS[kind].filter((c) => c.required).map((c) => c.header).join('、')}。
              {kind === 'mediators' && '所属调解组织须已登记，可先导入调解组织。'}
            </p>
            <a className="secondary-button registry-link-button" href={client.templateUrl(kind)} download>下载{IMPORT_KINDS[kind]}导入模板</a>
            <label className="registry-file">
              <span>选择文件</span>
              <input type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" disabled={busy}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </label>
            {step.kind === 'uploading'
              ? <ProgressBar share={step.share} label={step.share === null ? '正在逐行检查…' : '正在上传'} />
              : <button type="button" className="primary-button" disabled={!file} onClick={upload}>上传并预览</button>}
          </div>
        )}

        {(step.kind === 'preview' || step.kind === 'committing') && (
          <PreviewPanel preview={step.preview} problems={problems ?? step.preview.problems} busy={step.kind === 'committing'}
            onCommit={(onlyValid) => commit(step.preview, onlyValid)} problemsUrl={client.problemsUrl(step.preview.token)} onAgain={() => { setStep({ kind: 'choose' }); setProblems(null); }} />
        )}

        {step.kind === 'done' && (
          <div className="registry-import-done" role="status">
            <p className="admin-ok">已导入 {step.answer.inserted} 条{IMPORT_KINDS[step.answer.kind]}记录（编号 {step.answer.ids.first}–{step.answer.ids.last}）{step.answer.skipped > 0 ? `，跳过有问题的 ${step.answer.skipped} 行` : ''}。</p>
            <button type="button" className="primary-button" onClick={onClose}>完成</button>
          </div>
        )}
      </div>
    </div>
  );
}

export function PreviewPanel({ preview, problems, busy, onCommit, onAgain, problemsUrl }: {
  preview: ImportPreview; problems: ImportProblem[]; busy: boolean; onCommit(onlyValid?: boolean): void; onAgain(): void;
  /** The problem rows as .xlsx, to fix in Excel. */
  problemsUrl?: string;
}) {
  const [onlyValid, setOnlyValid] = useState(false);
  const partial = problems.length > 0 && preview.valid_rows > 0 && !problems.some((p) => p.row === 0);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(problems.length / PAGE));
  const shown = useMemo(() => problems.slice(page * PAGE, (page + 1) * PAGE), [problems, page]);
  const committable = preview.committable && problems.length === 0;
  return (
    <div className="registry-preview">
      <div className="key-figures registry-preview-figures">
        <div className="figure"><div className="figure-label">数据行</div><div className="figure-number">{preview.row_count}</div></div>
        <div className="figure"><div className="figure-label">无问题的行</div><div className="figure-number">{preview.valid_rows}</div></div>
        <div className={problems.length ? 'figure figure-warning' : 'figure'}><div className="figure-label">问题</div><div className="figure-number">{problems.length}</div></div>
      </div>
      {problems.length > 0 ? (
        <>
          <p className="registry-hint">以下问题改正后可整表导入（要么全部写入，要么一条也不写入）；也可选择只导入无问题的行。行号与 Excel 中的行号一致。
            {problemsUrl && <> <a href={problemsUrl} download data-testid="import-problems-download">下载问题清单（Excel，含原始行）</a></>}</p>
          <table className="admin-table registry-problems" aria-label="导入问题">
            <thead><tr><th>行</th><th>列</th><th>问题</th><th>说明</th><th>原值</th></tr></thead>
            <tbody>
              {shown.map((p, i) => (
                <tr key={`${p.row}-${p.column}-${i}`}>
                  <td>{p.row || '整个文件'}</td>
                  <td>{p.column ?? '整行'}</td>
                  <td><span className="tag registry-problem-tag">{IMPORT_PROBLEMS[p.code]}</span></td>
                  <td>{p.message}</td>
                  <td className="registry-value">{p.value ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <div className="pager">
              <button type="button" className="secondary-button" disabled={page === 0} onClick={() => setPage(page - 1)}>上一页</button>
              <span>第 {page + 1} / {pages} 页</span>
              <button type="button" className="secondary-button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>下一页</button>
            </div>
          )}
        </>
      ) : (
        <>
          <p className="admin-ok" role="status">检查通过：{preview.row_count} 行全部可以导入。前 {Math.min(preview.sample.length, 5)} 行将这样登记：</p>
          <table className="admin-table" aria-label="导入样例">
            <thead><tr><th>行</th><th>名称</th><th>类别</th><th>区域</th><th>电话</th></tr></thead>
            <tbody>
              {preview.sample.slice(0, 5).map((r) => (
                <tr key={String(r.row)}>
                  <td>{String(r.row)}</td>
                  <td>{String(r.name ?? '')}</td>
                  <td>{preview.kind === 'mediators' ? MEDIATOR_KINDS[r.kind as MediatorKind] : ORGANISATION_KINDS[r.kind as OrganisationKind]}</td>
                  <td>{preview.kind === 'mediators' ? ((r.service_areas as string[] | undefined) ?? []).join('、') : String(r.village_code ?? r.township_code ?? '全区')}</td>
                  <td>{String(r.phone ?? r.contact_phone ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div className="registry-actions">
        <button type="button" className="secondary-button" disabled={busy} onClick={onAgain}>重新选择文件</button>
        {busy
          ? <ProgressBar share={null} label={`正在写入 ${preview.row_count} 行`} />
          : partial
            ? <>
                <label className="checkbox"><input type="checkbox" checked={onlyValid} onChange={(e) => setOnlyValid(e.target.checked)} data-testid="import-only-valid" />只导入无问题的 {preview.valid_rows} 行，跳过有问题的行</label>
                <button type="button" className="primary-button" disabled={!onlyValid} onClick={() => onCommit(true)}>导入 {preview.valid_rows} 行</button>
              </>
            : <button type="button" className="primary-button" disabled={!committable} onClick={() => onCommit()}>确认导入 {preview.row_count} 行</button>}
      </div>
    </div>
  );
}
