// 考核统计 · 培训: sessions of the period, a form to add one (dispatcher, admin), the attendance of the
// selected session, and who among the active mediators (村(社区)干部 included) has no training this year.
import { useState } from 'react';
import { TRAINING_AUDIENCES, type TrainingAudience } from '../../../../server/src/contract/assessment.ts';
import { MEDIATOR_KINDS, type MediatorKind } from '../../../../server/src/contract/vocab.ts';
import { ApiError } from '../../api/client.ts';
import { assessmentApi, type AssessmentClient, type Period } from '../../api/assessment.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { formatInt } from '../../lib/format.ts';
import { DateField } from '../../components/DateField.tsx';

const EMPTY = { held_on: '', topic: '', hours: '2', organiser: '', place: '', audience: 'mediators' as TrainingAudience };

export function TrainingTab({ period, canWrite, year, client = assessmentApi }: { period: Period; canWrite: boolean; year: number; client?: AssessmentClient }) {
  const [version, setVersion] = useState(0);
  const sessions = useFetched(`${period.from}|${period.to}|${version}`, (signal) => client.sessions({ ...period, page_size: 200 }, signal));
  const untrained = useFetched(`u|${year}|${version}`, (signal) => client.untrained(year, signal));
  const [selected, setSelected] = useState<number | null>(null);
  const detail = useFetched(selected ? `s|${selected}|${version}` : null, (signal) => client.session(selected!, signal));
  const [form, setForm] = useState(EMPTY);
  const [attendance, setAttendance] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    try {
      const s = await client.createSession({ ...form, hours: Number(form.hours) });
      setForm(EMPTY);
      setSelected(s.id);
      setVersion((v) => v + 1);
    } catch (e) { setError(e instanceof ApiError ? e.message : '保存失败'); }
  };
  const saveAttendance = async () => {
    if (!selected) return;
    setError(null);
    const ids = attendance.split(/[\s,，、]+/).filter(Boolean).map(Number);
    if (ids.some((n) => !Number.isInteger(n) || n <= 0)) { setError('调解员编号应为正整数，以逗号或空格分隔'); return; }
    try {
      const keep = detail.data?.attendance.filter((a) => a.mediator_id === null).map((a) => ({ name: a.name, village_code: a.village_code, ...(a.position ? { position: a.position } : {}) })) ?? [];
      await client.setAttendance(selected, { mediator_ids: [...new Set(ids)], others: keep });
      setVersion((v) => v + 1);
    } catch (e) { setError(e instanceof ApiError ? e.message : '保存失败'); }
  };
  const remove = async (id: number) => {
    if (!window.confirm('删除这条培训记录及其签到？')) return;
    try { await client.deleteSession(id); setSelected(null); setVersion((v) => v + 1); } catch (e) { setError(e instanceof ApiError ? e.message : '删除失败'); }
  };

  return (
    <div className="assessment-body">
      <div className="assessment-main" style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
        {canWrite && (
          <div className="assessment-form" aria-label="新增培训">
            <label>日期<DateField label="日期" value={form.held_on} onChange={(v) => setForm({ ...form, held_on: v })} /></label>
            <label>主题<input type="text" value={form.topic} onChange={(e) => setForm({ ...form, topic: e.target.value })} /></label>
            <label>学时<input type="number" min={0.5} step={0.5} value={form.hours} onChange={(e) => setForm({ ...form, hours: e.target.value })} /></label>
            <label>主办单位<input type="text" value={form.organiser} onChange={(e) => setForm({ ...form, organiser: e.target.value })} /></label>
            <label>地点<input type="text" value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })} /></label>
            <label>培训对象<select value={form.audience} onChange={(e) => setForm({ ...form, audience: e.target.value as TrainingAudience })}>
              {Object.entries(TRAINING_AUDIENCES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select></label>
            <button type="button" className="primary-button" onClick={save}>新增培训</button>
          </div>
        )}
        {error && <div className="banner banner-error" role="alert">{error}</div>}
        <div className="assessment-table">
          {sessions.error && <ErrorMessage message={sessions.error.message} onRetry={sessions.reload} />}
          {!sessions.data ? <Loading /> : (
            <table className="data-table" data-testid="training-table">
              <thead><tr><th>日期</th><th>主题</th><th className="num">学时</th><th>主办</th><th>地点</th><th>对象</th><th className="num">参训人数</th>{canWrite && <th />}</tr></thead>
              <tbody>
                {sessions.data.items.map((s) => (
                  <tr key={s.id} className={s.id === selected ? 'selected' : undefined} onClick={() => { setSelected(s.id); setAttendance(''); }} style={{ cursor: 'pointer' }}>
                    <td>{s.held_on}</td><td>{s.topic}{s.is_demo && <span className="tag">演示</span>}</td><td className="num">{s.hours}</td><td>{s.organiser}</td><td>{s.place}</td>
                    <td>{TRAINING_AUDIENCES[s.audience]}</td><td className="num">{formatInt(s.attendees)}</td>
                    {canWrite && <td><button type="button" className="link-button" onClick={(e) => { e.stopPropagation(); void remove(s.id); }}>删除</button></td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {detail.data && (
          <section className="panel" style={{ padding: 10 }} aria-label="签到">
            <h3 className="panel-title">{detail.data.topic} · 签到 {detail.data.attendance.length} 人</h3>
            <p className="small muted">{detail.data.attendance.slice(0, 60).map((a) => a.name).join('、')}{detail.data.attendance.length > 60 ? ' …' : ''}</p>
            {canWrite && (
              <div className="assessment-toolbar">
                <input type="text" placeholder="调解员编号，如 12, 35, 87（替换名册内的签到名单）" value={attendance} onChange={(e) => setAttendance(e.target.value)} style={{ flex: 1 }} />
                <button type="button" className="secondary-button" onClick={saveAttendance}>保存签到</button>
              </div>
            )}
          </section>
        )}
      </div>
      <div className="assessment-side" data-testid="untrained">
        <h3 className="panel-title">{year}年度未参加培训（在岗调解员）</h3>
        {!untrained.data ? <Loading /> : (
          <>
            <p className="small">共 {formatInt(untrained.data.totals.untrained)} / {formatInt(untrained.data.totals.active)} 人；其中村(社区)干部 {formatInt(untrained.data.totals.cadres_untrained)} / {formatInt(untrained.data.totals.cadres_active)} 人</p>
            {untrained.data.townships.map((t) => (
              <details key={t.code ?? 'district'} className="township-block">
                <summary><span>{t.name}</span><span className={t.untrained > 0 ? 'deadline-overdue' : 'muted'}>{t.untrained} / {t.active} 人</span></summary>
                <ul className="small" style={{ margin: '4px 0', paddingLeft: 18 }}>
                  {t.people.map((p) => <li key={p.id}>{p.name} · {MEDIATOR_KINDS[p.kind as MediatorKind] ?? p.kind}{p.village ? ` · ${p.village}` : ''}</li>)}
                </ul>
              </details>
            ))}
          </>
        )}
      </div>
    </div>
  );
}
