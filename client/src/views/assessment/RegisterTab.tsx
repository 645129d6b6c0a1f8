// 考核统计 · 学校企业名录: the register of schools and enterprises that legal publicity is counted against
// (issue 7 item 3). Everyone reads; dispatcher and admin add and edit (name, kind, township/village, a point
// inside the district). Rows entered here are real (not demo); the demo rows carry the 演示 tag.
import { useState } from 'react';
import { SCHOOL_KINDS } from '../../../../server/src/contract/assessment.ts';
import { ApiError } from '../../api/client.ts';
import { assessmentApi, type AssessmentClient, type Enterprise, type School } from '../../api/assessment.ts';
import type { AreaCollection } from '../../api/types.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';

type Unit = 'school' | 'enterprise';
type Row = School | Enterprise;
interface Form { name: string; kind: string; industry: string; above_size: boolean; township: string; village: string; lng: string; lat: string }
const EMPTY: Form = { name: '', kind: 'primary', industry: '', above_size: false, township: '', village: '', lng: '', lat: '' };

function formOf(unit: Unit, r: Row): Form {
  return {
    name: r.name, kind: unit === 'school' ? (r as School).kind : 'primary', industry: unit === 'enterprise' ? ((r as Enterprise).industry ?? '') : '',
    above_size: unit === 'enterprise' ? (r as Enterprise).above_size : false, township: r.township_code ?? '', village: r.village_code ?? '',
    lng: r.lng === null ? '' : String(r.lng), lat: r.lat === null ? '' : String(r.lat),
  };
}

/** The body of a create or edit; a message when the form cannot be sent. */
export function registerBody(unit: Unit, f: Form): { body: Record<string, unknown> } | { error: string } {
  if (!f.name.trim()) return { error: '请填写名称' };
  const lng = Number(f.lng), lat = Number(f.lat);
  if (f.lng.trim() === '' || f.lat.trim() === '' || !Number.isFinite(lng) || !Number.isFinite(lat)) return { error: '请填写位置的经度和纬度（WGS84，须在浉河区内）' };
  const body: Record<string, unknown> = { name: f.name.trim(), lng, lat, township_code: f.township || null, village_code: f.village || null };
  if (unit === 'school') body.kind = f.kind;
  else Object.assign(body, { industry: f.industry.trim() || null, above_size: f.above_size });
  return { body };
}

export function RegisterTab({ canWrite, townships, villages, client = assessmentApi }: {
  canWrite: boolean; townships: AreaCollection | null; villages: AreaCollection | null; client?: AssessmentClient;
}) {
  const [unit, setUnit] = useState<Unit>('school');
  const [version, setVersion] = useState(0);
  const list = useFetched(`${unit}|${version}`, (signal) => (unit === 'school' ? client.schools(signal) : client.enterprises(signal)) as Promise<{ items: Row[] }>);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const villageOptions = (villages?.features ?? []).filter((f) => f.properties.township_code === form.township);

  const open = (r: Row | 'new') => { setEditing(r); setForm(r === 'new' ? EMPTY : formOf(unit, r)); setError(null); setMessage(null); };
  const save = async () => {
    const b = registerBody(unit, form);
    if ('error' in b) { setError(b.error); return; }
    setBusy(true);
    setError(null);
    try {
      const saved = editing === 'new'
        ? await (unit === 'school' ? client.createSchool(b.body as never) : client.createEnterprise(b.body as never))
        : await (unit === 'school' ? client.updateSchool((editing as Row).id, b.body as never) : client.updateEnterprise((editing as Row).id, b.body as never));
      setMessage(`已保存：${saved.name}（${saved.township_name ?? ''}${saved.village_name ? ` ${saved.village_name}` : ''}）`);
      setEditing(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <div className="assessment-body assessment-body-single">
      <div className="assessment-main" style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
        <div className="assessment-toolbar">
          <div className="segmented" role="group" aria-label="名录">
            <button type="button" className={unit === 'school' ? 'active' : undefined} aria-pressed={unit === 'school'} onClick={() => { setUnit('school'); setEditing(null); }}>学校</button>
            <button type="button" className={unit === 'enterprise' ? 'active' : undefined} aria-pressed={unit === 'enterprise'} onClick={() => { setUnit('enterprise'); setEditing(null); }}>企业</button>
          </div>
          <span className="muted small">{list.data ? `共 ${items.length} ${unit === 'school' ? '所学校' : '家企业'}` : ''}</span>
          {canWrite && <button type="button" className="primary-button small" onClick={() => open('new')}>{unit === 'school' ? '新增学校' : '新增企业'}</button>}
        </div>
        {message && <p className="admin-ok" role="status">{message}</p>}
        {editing && (
          <div className="assessment-form" role="form" aria-label={editing === 'new' ? (unit === 'school' ? '新增学校' : '新增企业') : `编辑：${(editing as Row).name}`}>
            <label>名称<input type="text" value={form.name} maxLength={100} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
            {unit === 'school' ? (
              <label>类别<select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
                {Object.entries(SCHOOL_KINDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </select></label>
            ) : (
              <>
                <label>行业<input type="text" value={form.industry} maxLength={40} onChange={(e) => setForm({ ...form, industry: e.target.value })} /></label>
                <label className="checkbox"><span><input type="checkbox" checked={form.above_size} onChange={(e) => setForm({ ...form, above_size: e.target.checked })} />规模以上企业</span></label>
              </>
            )}
            <label>乡镇（街道）<select value={form.township} onChange={(e) => setForm({ ...form, township: e.target.value, village: '' })}>
              <option value="">（按位置）</option>
              {(townships?.features ?? []).map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
            </select></label>
            <label>村（社区）<select value={form.village} onChange={(e) => setForm({ ...form, village: e.target.value })} disabled={!form.township}>
              <option value="">（按位置）</option>
              {villageOptions.map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
            </select></label>
            <label>经度（WGS84）<input type="text" inputMode="decimal" value={form.lng} onChange={(e) => setForm({ ...form, lng: e.target.value })} placeholder="114.07" /></label>
            <label>纬度<input type="text" inputMode="decimal" value={form.lat} onChange={(e) => setForm({ ...form, lat: e.target.value })} placeholder="32.12" /></label>
            <span className="registry-actions">
              <button type="button" className="secondary-button" onClick={() => setEditing(null)} disabled={busy}>取消</button>
              <button type="button" className="primary-button" onClick={save} disabled={busy}>{busy ? '正在保存…' : '保存'}</button>
            </span>
          </div>
        )}
        {error && <div className="banner banner-error" role="alert">{error}</div>}
        <div className="assessment-table">
          {list.error && <ErrorMessage message={list.error.message} onRetry={list.reload} />}
          {!list.data && !list.error ? <Loading /> : (
            <table className="data-table" data-testid="register-table">
              <thead><tr><th>名称</th><th>{unit === 'school' ? '类别' : '行业'}</th><th>乡镇（街道）</th><th>村（社区）</th><th>位置</th>{canWrite && <th>操作</th>}</tr></thead>
              <tbody>{items.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}{r.is_demo && <span className="tag">演示</span>}</td>
                  <td>{unit === 'school' ? (SCHOOL_KINDS[(r as School).kind as keyof typeof SCHOOL_KINDS] ?? (r as School).kind) : `${(r as Enterprise).industry ?? '—'}${(r as Enterprise).above_size ? '（规上）' : ''}`}</td>
                  <td>{r.township_name ?? '—'}</td>
                  <td>{r.village_name ?? '—'}</td>
                  <td className="num">{r.lng === null ? '—' : `${r.lng.toFixed(4)}, ${r.lat!.toFixed(4)}`}</td>
                  {canWrite && <td><button type="button" className="link-button" onClick={() => open(r)}>编辑</button></td>}
                </tr>
              ))}</tbody>
            </table>
          )}
        </div>
        <p className="small muted">标“演示”的为演示数据（示例名称，位置在区内随机生成）；此处新增的为实际登记。</p>
      </div>
    </div>
  );
}
