// 人民法庭 tab: name, seat, address and catchment (townships) of each tribunal; admin edits them.
// A township belongs to one tribunal: ticking it here moves it (and its open cases) from the other.
import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import type { TribunalItem } from '../../../../server/src/contract/registry.ts';
import { ApiError } from '../../api/client.ts';
import type { AreaCollection } from '../../api/types.ts';
import type { RegistryClient } from '../../api/registry.ts';
import { FormFooter } from '../../components/FormFooter.tsx';

export function TribunalsTab({ client, role, tribunals, townships, onChanged }: {
  client: RegistryClient; role: Role; tribunals: readonly TribunalItem[] | null; townships: AreaCollection | null; onChanged(): void;
}) {
  const admin = role === 'admin';
  const [editing, setEditing] = useState<TribunalItem | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="registry-body registry-body-wide">
      <section className="registry-list">
        <div className="registry-toolbar">
          <span className="registry-total">共 <b>{tribunals?.length ?? 0}</b> 个人民法庭（法院）</span>
          <a className="secondary-button registry-link-button" href={client.exportUrl('tribunals')} download>导出 Excel</a>
          {admin && <button type="button" className="primary-button small" onClick={() => setEditing('new')}>新增人民法庭</button>}
        </div>
        {message && <p className="admin-ok" role="status">{message}</p>}
        <div className="registry-table-wrap">
          <table className="admin-table registry-table" aria-label="人民法庭">
            <thead><tr><th>名称</th><th>地址</th><th>驻地坐标</th><th>辖区乡镇（街道）</th><th>在岗调解员</th><th>调解组织</th>{admin && <th>操作</th>}</tr></thead>
            <tbody>
              {(tribunals ?? []).map((t) => (
                <tr key={t.id}>
                  <td>{t.name}{!t.name_is_real && <span className="tag registry-demo">演示</span>}</td>
                  <td>{t.address ?? ''}</td>
                  <td>{t.seat ? `${t.seat.coordinates[0].toFixed(4)}, ${t.seat.coordinates[1].toFixed(4)}` : ''}{t.seat_source === 'schematic' ? <small>（示意）</small> : null}</td>
                  <td>{t.catchment.map((c) => c.name).join('、') || '—'}</td>
                  <td>{t.mediator_count}</td>
                  <td>{t.organisation_count}</td>
                  {admin && <td className="admin-actions"><button type="button" className="link-button" onClick={() => setEditing(t)}>编辑</button></td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {editing && (
        <div className="registry-modal" role="dialog" aria-label="人民法庭表单">
          <div className="registry-modal-card panel">
            <TribunalForm client={client} tribunal={editing === 'new' ? null : editing} tribunals={tribunals ?? []} townships={townships}
              onCancel={() => setEditing(null)}
              onSaved={(t, moved) => { setEditing(null); setMessage(`已保存：${t.name}${moved ? `；${moved} 件未结案件随乡镇转到新的法庭` : ''}`); onChanged(); }} />
          </div>
        </div>
      )}
    </div>
  );
}

function TribunalForm({ client, tribunal, tribunals, townships, onSaved, onCancel }: {
  client: RegistryClient; tribunal: TribunalItem | null; tribunals: readonly TribunalItem[]; townships: AreaCollection | null;
  onSaved(t: TribunalItem, moved: number): void; onCancel(): void;
}) {
  const [name, setName] = useState(tribunal?.name ?? '');
  const [address, setAddress] = useState(tribunal?.address ?? '');
  const [lng, setLng] = useState(tribunal?.seat ? String(tribunal.seat.coordinates[0]) : '');
  const [lat, setLat] = useState(tribunal?.seat ? String(tribunal.seat.coordinates[1]) : '');
  const [catchment, setCatchment] = useState<string[]>(tribunal?.catchment.map((c) => c.code) ?? []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ownerOf = (code: string) => tribunals.find((t) => t.id !== tribunal?.id && t.catchment.some((c) => c.code === code))?.name;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError('请填写名称');
    if ((lng === '') !== (lat === '')) return setError('经度和纬度须同时填写');
    const seat = lng === '' ? null : { lng: Number(lng), lat: Number(lat) };
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), address: address.trim() || null, seat, catchment };
      if (tribunal) {
        const r = await client.updateTribunal(tribunal.id, { ...body, version: tribunal.version });
        onSaved(r, r.open_cases_moved);
      } else {
        onSaved(await client.createTribunal(body), 0);
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="registry-form" onSubmit={submit} aria-label={tribunal ? '编辑人民法庭' : '新增人民法庭'} noValidate>
      <h3 className="admin-title">{tribunal ? `编辑：${tribunal.name}` : '新增人民法庭'}</h3>
      <div className="registry-form-grid">
        <label>名称*<input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} /></label>
        <label>地址<input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} /></label>
        <label>驻地经度（WGS84）<input value={lng} onChange={(e) => setLng(e.target.value)} /></label>
        <label>驻地纬度<input value={lat} onChange={(e) => setLat(e.target.value)} /></label>
        <fieldset className="wide registry-checks"><legend>辖区乡镇（街道）</legend>
          {(townships?.features ?? []).map((f) => {
            const code = f.properties.code;
            const other = ownerOf(code);
            return (
              <label key={code} className="checkbox" title={other && !catchment.includes(code) ? `现属${other}` : undefined}>
                <input type="checkbox" checked={catchment.includes(code)} onChange={() => setCatchment((xs) => (xs.includes(code) ? xs.filter((x) => x !== code) : [...xs, code]))} />
                {f.properties.name}{other && !catchment.includes(code) ? <small>（{other}）</small> : null}
              </label>
            );
          })}
        </fieldset>
      </div>
      <FormFooter error={error} busy={busy} onCancel={onCancel} />
    </form>
  );
}
