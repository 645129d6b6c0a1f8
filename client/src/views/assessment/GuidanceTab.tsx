// 考核统计 · 法官指导: the judge-guidance requests of the period (they count in the judges' performance);
// dispatcher and admin name or change the judge of each (PUT /api/guidance/:id/judge), others read.
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { assessmentApi, type AssessmentClient, type GuidanceItem, type Period } from '../../api/assessment.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { formatInt } from '../../lib/format.ts';
import { Pager } from '../../components/Pager.tsx';

const PAGE = 50;
const bj = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function GuidanceTab({ period, canWrite, client = assessmentApi }: { period: Period; canWrite: boolean; client?: AssessmentClient }) {
  const [page, setPage] = useState(1);
  const [unassigned, setUnassigned] = useState(false);
  const [version, setVersion] = useState(0);
  const list = useFetched(`${period.from}|${period.to}|${unassigned}|${page}|${version}`, (signal) => client.guidance({ ...period, unassigned, page, page_size: PAGE }, signal));
  const judges = useFetched('judges', (signal) => client.judges(signal));
  const [saving, setSaving] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE)) : 1;

  const assign = async (g: GuidanceItem, value: string) => {
    const judgeId = value ? Number(value) : null;
    setSaving(g.id);
    setMessage(null);
    try {
      await client.setJudge(g.id, judgeId);
      const name = judges.data?.items.find((j) => j.id === judgeId)?.name;
      setMessage({ ok: true, text: judgeId ? `已指定法官：${name ?? judgeId}（案件 ${g.case_id}）` : `已取消指定法官（案件 ${g.case_id}）` });
      setVersion((v) => v + 1);
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : '保存失败，请重试' });
    } finally {
      setSaving(null);
    }
  };

  return (
    <div className="assessment-body assessment-body-single">
      <div className="assessment-main" style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
        <div className="assessment-toolbar">
          <label className="checkbox small"><input type="checkbox" checked={unassigned} onChange={(e) => { setUnassigned(e.target.checked); setPage(1); }} />只看未指定法官的</label>
          <span className="muted small">{list.data ? `共 ${formatInt(list.data.total)} 件指导申请` : ''}</span>
        </div>
        {message && <p className={message.ok ? 'admin-ok' : 'login-error'} role="status">{message.text}</p>}
        <div className="assessment-table">
          {list.error && <ErrorMessage message={list.error.message} onRetry={list.reload} />}
          {!list.data && !list.error ? <Loading /> : (
            <table className="data-table" data-testid="guidance-table">
              <thead><tr><th>申请时间</th><th>案件</th><th>指导方式</th><th>指导时间</th><th>法官</th></tr></thead>
              <tbody>{(list.data?.items ?? []).map((g) => (
                <tr key={g.id}>
                  <td>{bj(g.requested_at)}</td>
                  <td>{g.case_id} {g.case_title}</td>
                  <td>{g.mode_label}</td>
                  <td>{g.held_at ? bj(g.held_at) : '—'}</td>
                  <td>{canWrite ? (
                    <select aria-label={`案件 ${g.case_id} 的指导法官`} value={g.judge_id ?? ''} disabled={saving === g.id || !judges.data} onChange={(e) => assign(g, e.target.value)}>
                      <option value="">（未指定）</option>
                      {(judges.data?.items ?? []).filter((j) => j.active || j.id === g.judge_id).map((j) => (
                        <option key={j.id} value={j.id}>{j.name}{j.department ? ` · ${j.department}` : ''}{j.tribunal_name ? ` · ${j.tribunal_name}` : ''}</option>
                      ))}
                    </select>
                  ) : (g.judge_name ?? '未指定')}</td>
                </tr>
              ))}</tbody>
            </table>
          )}
        </div>
        <Pager page={page} pages={pages} onPage={setPage} />
      </div>
    </div>
  );
}
