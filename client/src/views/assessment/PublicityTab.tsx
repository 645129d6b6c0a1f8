// 考核统计 · 法治宣传: events of the period, a form to add one or edit one (dispatcher, admin: time, title,
// place, audience, department; kind and linked school/enterprise are fixed once created, as the API has it),
// the quarterly compliance of schools (which had no event) and above-size enterprises this year.
import { useState } from 'react';
import { DEPARTMENTS, PUBLICITY_KINDS, SCHOOL_KINDS, type PublicityKind } from '../../../../server/src/contract/assessment.ts';
import { ApiError } from '../../api/client.ts';
import { assessmentApi, type AssessmentClient, type Period, type PublicityEvent } from '../../api/assessment.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { formatInt, formatShare } from '../../lib/format.ts';

const bj = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function PublicityTab({ period, canWrite, quarter, client = assessmentApi }: { period: Period; canWrite: boolean; quarter: { year: number; quarter: number }; client?: AssessmentClient }) {
  const [version, setVersion] = useState(0);
  const [kind, setKind] = useState<PublicityKind | ''>('');
  const [q, setQ] = useState(quarter);
  const events = useFetched(`${period.from}|${period.to}|${kind}|${version}`, (signal) => client.events({ ...period, ...(kind ? { kind } : {}), page_size: 200 }, signal));
  const compliance = useFetched(`${q.year}|${q.quarter}|${version}`, (signal) => client.compliance(q, signal));
  const schools = useFetched('schools', (signal) => client.schools(signal));
  const enterprises = useFetched('enterprises', (signal) => client.enterprises(signal));
  const blank = { kind: 'school' as PublicityKind, held_at: '', title: '', place: '', audience: '50', department: '调解团队', unit: '' };
  const [form, setForm] = useState(blank);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<PublicityEvent | null>(null);

  const edit = (e: PublicityEvent) => {
    setError(null);
    setEditing(e);
    setForm({
      kind: e.kind, held_at: `${bj(e.held_at).replace(' ', 'T')}:00+08:00`, title: e.title, place: e.place ?? '', audience: String(e.audience),
      department: e.department, unit: String(e.school_id ?? e.enterprise_id ?? ''),
    });
  };
  const cancelEdit = () => { setEditing(null); setForm(blank); setError(null); };
  const saveEdit = async () => {
    if (!editing) return;
    setError(null);
    const audience = Number(form.audience);
    if (!form.held_at) { setError('请填写时间'); return; }
    if (!form.title.trim()) { setError('请填写活动名称'); return; }
    if (!Number.isInteger(audience) || audience < 0) { setError('受众人数应为不小于 0 的整数'); return; }
    try {
      await client.updateEvent(editing.id, {
        held_at: form.held_at, title: form.title.trim(), audience, department: form.department.trim(),
        ...(form.place.trim() ? { place: form.place.trim() } : {}),
      });
      cancelEdit();
      setVersion((v) => v + 1);
    } catch (e) { setError(e instanceof ApiError ? e.message : '保存失败'); }
  };

  const save = async () => {
    if (editing) return saveEdit();
    setError(null);
    try {
      await client.createEvent({
        kind: form.kind, held_at: form.held_at, title: form.title, audience: Number(form.audience), department: form.department,
        ...(form.place ? { place: form.place } : {}),
        ...(form.kind === 'school' && form.unit ? { school_id: Number(form.unit) } : {}),
        ...(form.kind === 'enterprise' && form.unit ? { enterprise_id: Number(form.unit) } : {}),
      });
      setForm({ ...form, title: '', place: '' });
      setVersion((v) => v + 1);
    } catch (e) { setError(e instanceof ApiError ? e.message : '保存失败'); }
  };

  const c = compliance.data;
  return (
    <div className="assessment-body">
      <div className="assessment-main" style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
        {canWrite && (
          <div className="assessment-form" role="form" aria-label={editing ? `编辑宣传活动：${editing.title}` : '新增宣传活动'}>
            <label>类型<select value={form.kind} disabled={Boolean(editing)} onChange={(e) => setForm({ ...form, kind: e.target.value as PublicityKind, unit: '' })}>
              {Object.entries(PUBLICITY_KINDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select></label>
            <label>时间（北京时间）<input type="datetime-local" value={form.held_at.slice(0, 16)} onChange={(e) => setForm({ ...form, held_at: e.target.value ? `${e.target.value}:00+08:00` : '' })} /></label>
            <label>活动名称<input type="text" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} /></label>
            {form.kind === 'school' && <label>学校<select value={form.unit} disabled={Boolean(editing)} onChange={(e) => setForm({ ...form, unit: e.target.value })}><option value="">请选择</option>{schools.data?.items.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></label>}
            {form.kind === 'enterprise' && <label>企业<select value={form.unit} disabled={Boolean(editing)} onChange={(e) => setForm({ ...form, unit: e.target.value })}><option value="">请选择</option>{enterprises.data?.items.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></label>}
            {(editing || (form.kind !== 'school' && form.kind !== 'enterprise')) && <label>地点<input type="text" value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })} /></label>}
            <label>受众(人次)<input type="number" min={0} value={form.audience} onChange={(e) => setForm({ ...form, audience: e.target.value })} /></label>
            <label>责任部门<input type="text" list="departments" value={form.department} onChange={(e) => setForm({ ...form, department: e.target.value })} /></label>
            <datalist id="departments">{DEPARTMENTS.map((d) => <option key={d} value={d} />)}</datalist>
            <button type="button" className="primary-button" onClick={save}>{editing ? '保存修改' : '新增活动'}</button>
            {editing && <button type="button" className="secondary-button" onClick={cancelEdit}>取消编辑</button>}
          </div>
        )}
        {error && <div className="banner banner-error" role="alert">{error}</div>}
        <div className="assessment-toolbar">
          <label className="small">类型 <select value={kind} onChange={(e) => setKind(e.target.value as PublicityKind | '')}><option value="">全部</option>{Object.entries(PUBLICITY_KINDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
          <span className="muted small">{events.data ? `共 ${formatInt(events.data.total)} 场（显示最近 200 场）` : ''}</span>
        </div>
        <div className="assessment-table">
          {events.error && <ErrorMessage message={events.error.message} onRetry={events.reload} />}
          {!events.data ? <Loading /> : (
            <table className="data-table" data-testid="publicity-table">
              <thead><tr><th>时间</th><th>类型</th><th>活动</th><th>地点 / 对象</th><th>乡镇(街道)</th><th>责任部门</th><th className="num">受众</th>{canWrite && <th>操作</th>}</tr></thead>
              <tbody>{events.data.items.map((e) => (
                <tr key={e.id}><td>{bj(e.held_at)}</td><td>{e.kind_label}</td><td>{e.title}</td><td>{e.school_name ?? e.enterprise_name ?? e.place ?? '—'}</td><td>{e.township_name ?? '—'}</td><td>{e.department}</td><td className="num">{formatInt(e.audience)}</td>
                  {canWrite && <td><button type="button" className="link-button" onClick={() => edit(e)} aria-label={`编辑 ${e.title}`}>编辑</button></td>}</tr>
              ))}</tbody>
            </table>
          )}
        </div>
      </div>
      <div className="assessment-side" data-testid="compliance">
        <h3 className="panel-title">学校法治宣传季度达标</h3>
        <div className="assessment-toolbar">
          <select value={q.year} onChange={(e) => setQ({ ...q, year: Number(e.target.value) })} aria-label="年份">
            {[quarter.year - 2, quarter.year - 1, quarter.year].map((y) => <option key={y} value={y}>{y}年</option>)}
          </select>
          <select value={q.quarter} onChange={(e) => setQ({ ...q, quarter: Number(e.target.value) })} aria-label="季度">
            {[1, 2, 3, 4].map((n) => <option key={n} value={n}>第{n}季度</option>)}
          </select>
        </div>
        {!c ? <Loading /> : (
          <>
            <p className="small">学校 {formatInt(c.schools_total)} 所，已开展 {formatShare(c.schools_share)}；<b className={c.schools_without_event ? 'deadline-overdue' : ''}>本季度未开展 {c.schools_without_event} 所</b>（季度按北京时间计，季度最后一天的活动计入该季度）</p>
            <ul className="small" style={{ margin: 0, paddingLeft: 18 }}>
              {c.schools.filter((s) => s.events === 0).map((s) => <li key={s.id}>{s.name} · {s.township_name} · {SCHOOL_KINDS[s.kind as keyof typeof SCHOOL_KINDS] ?? s.kind}</li>)}
            </ul>
            <p className="small">规模以上企业 {formatInt(c.enterprises_total)} 家，{q.year}年截至本季度末未开展普法 {c.enterprises_without_event} 家</p>
            <ul className="small" style={{ margin: 0, paddingLeft: 18 }}>
              {c.enterprises.filter((s) => s.events === 0).map((s) => <li key={s.id}>{s.name} · {s.township_name}</li>)}
            </ul>
          </>
        )}
        <p className="small muted">名称带“示例”的学校与企业为演示数据，位置在区内随机生成；在“学校企业名录”中登记的为实际单位。</p>
      </div>
    </div>
  );
}
