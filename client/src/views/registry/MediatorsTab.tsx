// 调解员 tab: filters, a paged table and, beside it, the map of every mediator the filters select
// (points by status); a row or a point selects the mediator; admin creates, edits and withdraws.
import { useMemo, useState } from 'react';
import type { MediatorItem, OrganisationItem, TribunalItem } from '../../../../server/src/contract/registry.ts';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { LOCATION_SOURCES } from '../../../../server/src/contract/registry.ts';
import { MEDIATOR_KINDS, MEDIATOR_STATUSES, type MediatorKind, type MediatorStatus } from '../../../../server/src/contract/vocab.ts';
import type { SpecialtyItem } from '../../../../server/src/contract/specialties.ts';
import { ApiError } from '../../api/client.ts';
import type { AreaCollection } from '../../api/types.ts';
import type { MediatorFilter, RegistryClient } from '../../api/registry.ts';
import { MapView } from '../../map/MapView.tsx';
import { composeLayers } from '../../layers/compose.ts';
import { townshipsLayer } from '../../layers/townships.ts';
import { EMPTY_AREAS } from '../../layers/area-style.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { useFetched } from '../useFetched.ts';
import { MediatorForm } from './MediatorForm.tsx';
import { mediatorLayer, mediatorPoints, REGISTRY_POINT_LAYER, STATUS_COLORS } from './mediator-layer.ts';
import { boxLayer } from './organisation-layer.ts';
import { BoxFilterControl, useBoxFilter } from './BoxFilter.tsx';
import { Pager } from '../../components/Pager.tsx';

const PAGE_SIZE = 50;
const MAP_LIMIT = 5000;

export interface MediatorsTabProps {
  client: RegistryClient;
  role: Role;
  townships: AreaCollection | null;
  villages: AreaCollection | null;
  organisations: readonly OrganisationItem[];
  tribunals: readonly TribunalItem[];
  /** Bumped after an import: the lists reload. */
  refresh: number;
  /** Grids for the form's service-area picker. */
  loadGrids?: (signal: AbortSignal) => Promise<AreaCollection>;
  /** The specialties vocabulary: the filter, the details and the form's picker. */
  specialties?: readonly SpecialtyItem[];
}

export function MediatorsTab({ client, role, townships, villages, organisations, tribunals, refresh, loadGrids, specialties = [] }: MediatorsTabProps) {
  const labelOf = (code: string) => specialties.find((s) => s.code === code)?.label ?? code;
  const admin = role === 'admin';
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<MediatorKind | ''>('');
  const [status, setStatus] = useState<MediatorStatus | ''>('');
  const [township, setTownship] = useState('');
  const [village, setVillage] = useState('');
  const [tribunal, setTribunal] = useState('');
  const [specialty, setSpecialty] = useState<string>('');
  const [liaison, setLiaison] = useState(false);
  const [organisation, setOrganisation] = useState('');
  const [page, setPage] = useState(1);
  const box = useBoxFilter(() => setPage(1));
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<MediatorItem | 'new' | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [bump, setBump] = useState(0);

  const filter: MediatorFilter = useMemo(() => ({
    q: q.trim() || undefined, kind: kind ? [kind] : undefined, status: status ? [status] : undefined, township: village ? undefined : township || undefined, village: village || undefined,
    tribunal: tribunal ? Number(tribunal) : undefined, specialty: specialty || undefined, liaison: liaison || undefined,
    organisation: organisation ? Number(organisation) : undefined, bbox: box.box ?? undefined,
  }), [q, kind, status, township, village, tribunal, specialty, liaison, organisation, box.box]);
  const key = JSON.stringify(filter) + `#${refresh}.${bump}`;
  const table = useFetched(`${key}@${page}`, (signal) => client.mediators({ ...filter, page, page_size: PAGE_SIZE }, signal));
  const all = useFetched(key, (signal) => client.mediators({ ...filter, page_size: MAP_LIMIT }, signal));
  const items = table.data?.items ?? [];
  const total = table.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const chosen = items.find((m) => m.id === selected) ?? all.data?.items.find((m) => m.id === selected) ?? null;

  const composed = useMemo(() => composeLayers([
    townshipsLayer({ data: townships ?? EMPTY_AREAS, visible: true, thematic: null }),
    mediatorLayer(mediatorPoints(all.data?.items ?? [], selected)),
    boxLayer(box.box, box.corner),
  ]), [townships, all.data, selected, box.box, box.corner]);

  const change = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };

  async function withdraw(m: MediatorItem) {
    if (!window.confirm(`确认“${m.name}”退出？退出后不再分派新案件，记录保留。`)) return;
    try {
      const r = await client.deactivateMediator(m.id, { version: m.version });
      setMessage({ ok: true, text: r.open_case_ids.length ? `已退出。该调解员仍有 ${r.open_case_ids.length} 件在办案件（编号 ${r.open_case_ids.join('、')}），请分流员改派。` : '已退出。' });
      setBump((b) => b + 1);
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : '操作失败' });
    }
  }

  return (
    <div className="registry-body">
      <section className="registry-list">
        <div className="registry-filters" role="search">
          <input type="search" placeholder="搜索姓名、单位、职务、组织" value={q} onChange={(e) => change(setQ)(e.target.value)} aria-label="搜索" />
          <select value={kind} onChange={(e) => change(setKind)(e.target.value as MediatorKind | '')} aria-label="类别">
            <option value="">全部类别</option>
            {Object.entries(MEDIATOR_KINDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
          <select value={status} onChange={(e) => change(setStatus)(e.target.value as MediatorStatus | '')} aria-label="状态">
            <option value="">全部状态</option>
            {Object.entries(MEDIATOR_STATUSES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
          <select value={township} onChange={(e) => { setVillage(''); change(setTownship)(e.target.value); }} aria-label="乡镇（街道）">
            <option value="">全部乡镇（街道）</option>
            {(townships?.features ?? []).map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
          </select>
          {township && (
            <select value={village} onChange={(e) => change(setVillage)(e.target.value)} aria-label="村（社区）">
              <option value="">全部村（社区）</option>
              {(villages?.features ?? []).filter((f) => f.properties.township_code === township).map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
            </select>
          )}
          <select value={tribunal} onChange={(e) => change(setTribunal)(e.target.value)} aria-label="对接法庭">
            <option value="">全部法庭</option>
            {tribunals.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
          <select value={specialty} onChange={(e) => change(setSpecialty)(e.target.value)} aria-label="专长">
            <option value="">全部专长</option>
            {specialties.map((s) => <option key={s.code} value={s.code}>{s.label}</option>)}
          </select>
          <select value={organisation} onChange={(e) => change(setOrganisation)(e.target.value)} aria-label="所属组织">
            <option value="">全部组织</option>
            {organisations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
          <label className="checkbox"><input type="checkbox" checked={liaison} onChange={(e) => change(setLiaison)(e.target.checked)} />诉前调解联络员</label>
          <BoxFilterControl filter={box} />
        </div>
        <div className="registry-toolbar">
          <span className="registry-total">共 <b>{total}</b> 名调解员{table.loading && <span className="spinner" aria-hidden />}</span>
          <a className="secondary-button registry-link-button" href={client.exportUrl('mediators', filter)} download>导出 Excel</a>
          {admin && <button type="button" className="primary-button small" onClick={() => setEditing('new')}>新增调解员</button>}
        </div>
        {message && <p className={message.ok ? 'admin-ok' : 'login-error'} role="status">{message.text}</p>}
        {table.error && <ErrorMessage message={table.error.message} onRetry={table.reload} />}
        {!table.data && !table.error && <Loading />}
        <div className="registry-table-wrap">
          <table className="admin-table registry-table" aria-label="调解员名册">
            <thead><tr><th>姓名</th><th>类别</th><th>工作单位 / 职务</th><th>联系电话</th><th>服务区域</th><th>对接法庭</th><th>状态</th><th>在办/容量</th>{admin && <th>操作</th>}</tr></thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} className={[m.id === selected ? 'selected' : '', m.status === 'withdrawn' ? 'inactive' : ''].join(' ').trim() || undefined}
                  onClick={() => setSelected(m.id)} aria-selected={m.id === selected}>
                  <td>{m.name}{m.is_liaison && <span className="tag" title="诉前调解联络员">联络员</span>}{m.is_demo && <span className="tag registry-demo">演示</span>}</td>
                  <td>{MEDIATOR_KINDS[m.kind]}</td>
                  <td>{m.work_unit ?? ''}{m.position ? ` · ${m.position}` : ''}</td>
                  <td className="registry-phone">{m.phone ?? ''}</td>
                  <td>{m.service_areas.map((a) => a.name ?? a.code).join('、')}</td>
                  <td>{m.tribunal_name ?? ''}</td>
                  <td><span className="registry-status" style={{ background: STATUS_COLORS[m.status] }} />{MEDIATOR_STATUSES[m.status]}{m.status_since ? <><br /><small>{m.status_since}</small></> : null}</td>
                  <td className="registry-num">{m.open_cases}/{m.capacity}</td>
                  {admin && (
                    <td className="admin-actions" onClick={(e) => e.stopPropagation()}>
                      <button type="button" className="link-button" onClick={() => setEditing(m)}>编辑</button>
                      {m.status !== 'withdrawn' && <button type="button" className="link-button" onClick={() => withdraw(m)}>退出</button>}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {table.data && items.length === 0 && <p className="registry-empty">没有符合条件的调解员</p>}
        </div>
        <Pager page={page} pages={pages} onPage={setPage} />
      </section>
      <section className="registry-map map-area">
        <MapView sources={composed.sources} layers={composed.layers} images={composed.images} interactiveLayerIds={[REGISTRY_POINT_LAYER]}
          onMapClick={(p, hit) => { if (!box.click(p) && hit) setSelected(Number(hit.properties.id)); }} dataReady={Boolean(townships && all.data)}
          ariaLabel="调解员分布地图" initialBounds={[113.70, 31.74, 114.22, 32.35]} />
        <div className="registry-map-legend panel">
          {(Object.keys(STATUS_COLORS) as MediatorStatus[]).map((s) => <span key={s}><i className="dot" style={{ background: STATUS_COLORS[s] }} />{MEDIATOR_STATUSES[s]}</span>)}
          <span className="legend-note">地图显示筛选出的 {Math.min(all.data?.total ?? 0, MAP_LIMIT)} 名调解员；未录入坐标的画在服务区域代表点（示意）</span>
        </div>
        {chosen && (
          <div className="registry-card panel" aria-label="调解员详情">
            <div className="details-head">
              <div><div className="details-level">{MEDIATOR_KINDS[chosen.kind]}</div><h3 className="details-name">{chosen.name}</h3></div>
              <button type="button" className="icon-button" aria-label="关闭" onClick={() => setSelected(null)}>×</button>
            </div>
            <dl className="details-list">
              <div className="details-row"><dt>工作单位</dt><dd>{chosen.work_unit ?? '—'}</dd></div>
              <div className="details-row"><dt>职务</dt><dd>{chosen.position ?? '—'}</dd></div>
              <div className="details-row"><dt>所属组织</dt><dd>{chosen.organisation_name ?? '—'}</dd></div>
              <div className="details-row"><dt>联系电话</dt><dd>{chosen.phone ?? '—'}</dd></div>
              <div className="details-row"><dt>专长</dt><dd>{chosen.specialties.map(labelOf).join('、') || '—'}</dd></div>
              <div className="details-row"><dt>状态</dt><dd>{MEDIATOR_STATUSES[chosen.status]}{chosen.status_since ? `（${chosen.status_since} 起）` : ''}{chosen.leave_until ? ` 至 ${chosen.leave_until}` : ''}</dd></div>
              <div className="details-row"><dt>位置</dt><dd>{chosen.location_source ? LOCATION_SOURCES[chosen.location_source] : '—'}</dd></div>
            </dl>
            {chosen.is_demo && <p className="details-foot">演示数据：姓名、电话均为虚构。</p>}
          </div>
        )}
      </section>
      {editing && (
        <div className="registry-modal" role="dialog" aria-label="调解员表单">
          <div className="registry-modal-card panel">
            <MediatorForm specialtyList={specialties} client={client} mediator={editing === 'new' ? null : editing} organisations={organisations} tribunals={tribunals}
              townships={townships} villages={villages} loadGrids={loadGrids}
              onCancel={() => setEditing(null)}
              onSaved={(m) => { setEditing(null); setSelected(m.id); setMessage({ ok: true, text: `已保存：${m.name}` }); setBump((b) => b + 1); }} />
          </div>
        </div>
      )}
    </div>
  );
}
