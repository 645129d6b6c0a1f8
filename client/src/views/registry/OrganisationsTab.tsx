// 调解组织 tab: filters, a paged table and, beside it, the map of every organisation the filters select
// (points by kind); a row or a point selects one and shows its members; admin creates, edits and
// withdraws (撤销) organisations.
import { useMemo, useState, type FormEvent } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { ORGANISATION_STATUSES, type OrganisationBody, type OrganisationItem, type TribunalItem } from '../../../../server/src/contract/registry.ts';
import { MEDIATOR_KINDS, MEDIATOR_STATUSES, ORGANISATION_KINDS, SPECIALTIES, type OrganisationKind, type Specialty } from '../../../../server/src/contract/vocab.ts';
import { ApiError } from '../../api/client.ts';
import type { AreaCollection } from '../../api/types.ts';
import type { OrganisationFilter, RegistryClient } from '../../api/registry.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { useFetched } from '../useFetched.ts';
import { MapView } from '../../map/MapView.tsx';
import { composeLayers } from '../../layers/compose.ts';
import { townshipsLayer } from '../../layers/townships.ts';
import { EMPTY_AREAS } from '../../layers/area-style.ts';
import { boxLayer, KIND_COLORS, organisationLayer, organisationPoints, REGISTRY_ORG_LAYER } from './organisation-layer.ts';
import { BoxFilterControl, useBoxFilter } from './BoxFilter.tsx';
import { Pager } from '../../components/Pager.tsx';
import { FormFooter } from '../../components/FormFooter.tsx';

const PAGE_SIZE = 50;
const MAP_LIMIT = 5000;

export function OrganisationsTab({ client, role, townships, villages, tribunals, refresh }: {
  client: RegistryClient; role: Role; townships: AreaCollection | null; villages: AreaCollection | null; tribunals: readonly TribunalItem[]; refresh: number;
}) {
  const admin = role === 'admin';
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<OrganisationKind | ''>('');
  const [township, setTownship] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<OrganisationItem | 'new' | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [bump, setBump] = useState(0);
  const box = useBoxFilter(() => setPage(1));
  const filter: OrganisationFilter = useMemo(() => ({ q: q.trim() || undefined, kind: kind ? [kind] : undefined, township: township || undefined, bbox: box.box ?? undefined }), [q, kind, township, box.box]);
  const key = `${JSON.stringify(filter)}#${refresh}.${bump}`;
  const list = useFetched(`${key}@${page}`, (signal) => client.organisations({ ...filter, page, page_size: PAGE_SIZE }, signal));
  const all = useFetched(key, (signal) => client.organisations({ ...filter, page_size: MAP_LIMIT }, signal));
  const composed = useMemo(() => composeLayers([
    townshipsLayer({ data: townships ?? EMPTY_AREAS, visible: true, thematic: null }),
    organisationLayer(organisationPoints(all.data?.items ?? [], selected)),
    boxLayer(box.box, box.corner),
  ]), [townships, all.data, selected, box.box, box.corner]);
  const unplaced = (all.data?.items ?? []).filter((o) => !o.location).length;
  const detail = useFetched(selected === null ? null : `${selected}#${bump}`, (signal) => client.organisation(selected!, signal));
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  async function withdraw(o: OrganisationItem) {
    if (!window.confirm(`确认撤销“${o.name}”？记录保留，不再列入公开名录。`)) return;
    try {
      await client.deactivateOrganisation(o.id, { version: o.version });
      setMessage({ ok: true, text: `已撤销：${o.name}` });
      setBump((b) => b + 1);
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : '操作失败' });
    }
  }

  return (
    <div className="registry-body">
      <section className="registry-list">
        <div className="registry-filters" role="search">
          <input type="search" placeholder="搜索名称、地址、联系人" value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} aria-label="搜索" />
          <select value={kind} onChange={(e) => { setKind(e.target.value as OrganisationKind | ''); setPage(1); }} aria-label="类别">
            <option value="">全部类别</option>
            {Object.entries(ORGANISATION_KINDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
          <select value={township} onChange={(e) => { setTownship(e.target.value); setPage(1); }} aria-label="乡镇（街道）">
            <option value="">全部乡镇（街道）</option>
            {(townships?.features ?? []).map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
          </select>
          <BoxFilterControl filter={box} />
        </div>
        <div className="registry-toolbar">
          <span className="registry-total">共 <b>{total}</b> 个调解组织{list.loading && <span className="spinner" aria-hidden />}</span>
          <a className="secondary-button registry-link-button" href={client.exportUrl('organisations', filter)} download>导出 Excel</a>
          {admin && <button type="button" className="primary-button small" onClick={() => setEditing('new')}>新增调解组织</button>}
        </div>
        {message && <p className={message.ok ? 'admin-ok' : 'login-error'} role="status">{message.text}</p>}
        {list.error && <ErrorMessage message={list.error.message} onRetry={list.reload} />}
        {!list.data && !list.error && <Loading />}
        <div className="registry-table-wrap">
          <table className="admin-table registry-table" aria-label="调解组织名册">
            <thead><tr><th>名称</th><th>类别</th><th>所在区域</th><th>联系人 / 电话</th><th>对接法庭</th><th>成员</th><th>状态</th>{admin && <th>操作</th>}</tr></thead>
            <tbody>
              {(list.data?.items ?? []).map((o) => (
                <tr key={o.id} className={[o.id === selected ? 'selected' : '', o.status === 'withdrawn' ? 'inactive' : ''].join(' ').trim() || undefined} onClick={() => setSelected(o.id)}>
                  <td>{o.name}{o.is_demo && <span className="tag registry-demo">演示</span>}</td>
                  <td>{ORGANISATION_KINDS[o.kind]}{o.industry ? `（${SPECIALTIES[o.industry]}）` : ''}</td>
                  <td>{[o.township_name, o.village_name].filter(Boolean).join(' / ') || '全区'}</td>
                  <td>{[o.contact_name, o.contact_phone].filter(Boolean).join(' ')}</td>
                  <td>{o.tribunal_name ?? ''}</td>
                  <td>{o.active_member_count}/{o.member_count}</td>
                  <td>{ORGANISATION_STATUSES[o.status]}</td>
                  {admin && (
                    <td className="admin-actions" onClick={(e) => e.stopPropagation()}>
                      <button type="button" className="link-button" onClick={() => setEditing(o)}>编辑</button>
                      {o.status === 'active' && <button type="button" className="link-button" onClick={() => withdraw(o)}>撤销</button>}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} pages={pages} onPage={setPage} />
      </section>
      <section className="registry-map map-area">
        <MapView sources={composed.sources} layers={composed.layers} images={composed.images} interactiveLayerIds={[REGISTRY_ORG_LAYER]}
          onMapClick={(p, hit) => { if (!box.click(p) && hit) setSelected(Number(hit.properties.id)); }} dataReady={Boolean(townships && all.data)}
          ariaLabel="调解组织分布地图" initialBounds={[113.70, 31.74, 114.22, 32.35]} />
        <div className="registry-map-legend panel" aria-label="图例">
          {(Object.keys(KIND_COLORS) as OrganisationKind[]).map((k) => <span key={k}><i className="dot" style={{ background: KIND_COLORS[k] }} />{ORGANISATION_KINDS[k]}</span>)}
          <span className="legend-note">地图显示筛选出的 {Math.min(all.data?.total ?? 0, MAP_LIMIT)} 个调解组织{unplaced ? `，其中 ${unplaced} 个未录入位置` : ''}；浅色为已撤销</span>
        </div>
      <aside className="registry-card registry-org-card panel" aria-label="组织成员">
        {!detail.data ? <p className="registry-empty">点击表格一行或地图上的点，查看调解组织的成员</p> : (
          <>
            <div className="details-head">
              <h3 className="admin-title">{detail.data.name}</h3>
              <button type="button" className="icon-button" aria-label="关闭" onClick={() => setSelected(null)}>×</button>
            </div>
            <p className="registry-hint">{detail.data.address ?? ''}</p>
            <h4>成员（{detail.data.members.length}）</h4>
            <ul className="registry-members">
              {detail.data.members.map((m) => (
                <li key={m.id} className={m.status === 'withdrawn' ? 'inactive' : undefined}>
                  <b>{m.name}</b> {MEDIATOR_KINDS[m.kind]} · {MEDIATOR_STATUSES[m.status]} <span className="registry-phone">{m.phone ?? ''}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
      </section>
      {editing && (
        <div className="registry-modal" role="dialog" aria-label="调解组织表单">
          <div className="registry-modal-card panel">
            <OrganisationForm client={client} org={editing === 'new' ? null : editing} townships={townships} villages={villages} tribunals={tribunals}
              onCancel={() => setEditing(null)}
              onSaved={(o) => { setEditing(null); setSelected(o.id); setMessage({ ok: true, text: `已保存：${o.name}` }); setBump((b) => b + 1); }} />
          </div>
        </div>
      )}
    </div>
  );
}

function OrganisationForm({ client, org, townships, villages, tribunals, onSaved, onCancel }: {
  client: RegistryClient; org: OrganisationItem | null; townships: AreaCollection | null; villages: AreaCollection | null; tribunals: readonly TribunalItem[];
  onSaved(o: OrganisationItem): void; onCancel(): void;
}) {
  const [name, setName] = useState(org?.name ?? '');
  const [kind, setKind] = useState<OrganisationKind>(org?.kind ?? 'village_committee');
  const [industry, setIndustry] = useState<Specialty | ''>(org?.industry ?? '');
  const [township, setTownship] = useState(org?.township_code ?? '');
  const [village, setVillage] = useState(org?.village_code ?? '');
  const [address, setAddress] = useState(org?.address ?? '');
  const [contactName, setContactName] = useState(org?.contact_name ?? '');
  const [phone, setPhone] = useState(org && !org.phone_masked ? (org.contact_phone ?? '') : '');
  const [tribunal, setTribunal] = useState(org?.tribunal_id ? String(org.tribunal_id) : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const villageOptions = (villages?.features ?? []).filter((f) => f.properties.township_code === township);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError('请填写名称');
    if (kind === 'industry' && !industry) return setError('行业性/专业性调解组织须选择行业');
    const body: OrganisationBody = {
      name: name.trim(), kind, industry: industry || null, township_code: township || null, village_code: village || null,
      address: address.trim() || null, contact_name: contactName.trim() || null, contact_phone: phone.trim() || null,
      tribunal_id: tribunal ? Number(tribunal) : null,
    };
    setBusy(true);
    setError(null);
    try {
      if (org) {
        const { contact_phone, ...rest } = body;
        onSaved(await client.updateOrganisation(org.id, { ...rest, version: org.version, ...(contact_phone ? { contact_phone } : {}) }));
      } else {
        onSaved(await client.createOrganisation(body));
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="registry-form" onSubmit={submit} aria-label={org ? '编辑调解组织' : '新增调解组织'} noValidate>
      <h3 className="admin-title">{org ? `编辑：${org.name}` : '新增调解组织'}</h3>
      <div className="registry-form-grid">
        <label className="wide">名称*<input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} /></label>
        <label>类别*<select value={kind} onChange={(e) => setKind(e.target.value as OrganisationKind)}>
          {Object.entries(ORGANISATION_KINDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select></label>
        <label>行业<select value={industry} onChange={(e) => setIndustry(e.target.value as Specialty | '')}>
          <option value="">（无）</option>
          {Object.entries(SPECIALTIES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select></label>
        <label>所属乡镇（街道）<select value={township} onChange={(e) => { setTownship(e.target.value); setVillage(''); }}>
          <option value="">（全区）</option>
          {(townships?.features ?? []).map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
        </select></label>
        <label>所属村（社区）<select value={village} onChange={(e) => setVillage(e.target.value)} disabled={!township}>
          <option value="">（无）</option>
          {villageOptions.map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
        </select></label>
        <label className="wide">地址<input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} /></label>
        <label>联系人<input value={contactName} onChange={(e) => setContactName(e.target.value)} maxLength={60} /></label>
        <label>联系电话<input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={org?.phone_masked ? `${org.contact_phone ?? ''}（不改请留空）` : ''} /></label>
        <label>对接人民法庭<select value={tribunal} onChange={(e) => setTribunal(e.target.value)}>
          <option value="">（按所属乡镇）</option>
          {tribunals.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select></label>
      </div>
      <FormFooter error={error} busy={busy} onCancel={onCancel} />
    </form>
  );
}
