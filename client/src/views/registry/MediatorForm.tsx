// 调解员 create / edit form (admin). Service areas are picked by name (乡镇 → 村 → 网格, from GET /api/areas)
// or typed as codes (the 区划编码 sheet of the import template lists them), 全区 for district-wide; the
// level follows from the code. The picker writes codes into the same field, so both stay in step.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { MediatorBody, MediatorDetail, MediatorItem, OrganisationItem, TribunalItem } from '../../../../server/src/contract/registry.ts';
import { MEDIATOR_KINDS, MEDIATOR_STATUSES, type MediatorKind, type MediatorStatus, type ServiceAreaLevel } from '../../../../server/src/contract/vocab.ts';
import type { SpecialtyItem } from '../../../../server/src/contract/specialties.ts';
import { ApiError } from '../../api/client.ts';
import type { RegistryClient } from '../../api/registry.ts';
import type { AreaCollection } from '../../api/types.ts';
import { FormFooter } from '../../components/FormFooter.tsx';
import { DateField } from '../../components/DateField.tsx';

const DISTRICT_CODE = '411502000000';

/** `411502001001001；411502001000；全区` → service areas, or the bad token. */
export function parseAreaCodes(text: string): { areas: { level: ServiceAreaLevel; code: string }[] } | { bad: string } {
  const areas: { level: ServiceAreaLevel; code: string }[] = [];
  for (const token of text.split(/[;；、,，\s]+/).map((s) => s.trim()).filter(Boolean)) {
    let level: ServiceAreaLevel;
    let code = token;
    if (token === '全区' || token === DISTRICT_CODE) [level, code] = ['district', DISTRICT_CODE];
    else if (/^\d{15}$/.test(token)) level = 'grid';
    else if (/^\d{9}000$/.test(token)) level = 'township';
    else if (/^\d{12}$/.test(token)) level = 'village';
    else return { bad: token };
    if (!areas.some((a) => a.code === code)) areas.push({ level, code });
  }
  return { areas };
}

export interface MediatorFormProps {
  client: RegistryClient;
  mediator: MediatorItem | null;
  organisations: readonly OrganisationItem[];
  tribunals: readonly TribunalItem[];
  onSaved(m: MediatorDetail): void;
  onCancel(): void;
  townships?: AreaCollection | null;
  villages?: AreaCollection | null;
  /** Grids for the picker, loaded when the form opens (GET /api/areas?level=grid). */
  loadGrids?: (signal: AbortSignal) => Promise<AreaCollection>;
  /** The specialties vocabulary (GET /api/specialties); a code the mediator has but the list lacks is still shown. */
  specialtyList?: readonly SpecialtyItem[];
}

/** Code → display name of every township, village and grid known to the picker. */
export function areaNames(...collections: (AreaCollection | null | undefined)[]): Map<string, string> {
  const names = new Map<string, string>([[DISTRICT_CODE, '全区']]);
  for (const c of collections) for (const f of c?.features ?? []) names.set(f.properties.code, f.properties.name);
  return names;
}

/** The text of the codes field with one more area (none twice). */
export function addAreaCode(text: string, code: string): string {
  const parsed = parseAreaCodes(text);
  const token = code === DISTRICT_CODE ? '全区' : code;
  if ('areas' in parsed && parsed.areas.some((a) => a.code === code)) return text;
  return text.trim() ? `${text.trim().replace(/[;；、,，\s]+$/, '')}；${token}` : token;
}

export function removeAreaCode(text: string, code: string): string {
  const parsed = parseAreaCodes(text);
  if ('bad' in parsed) return text;
  return parsed.areas.filter((a) => a.code !== code).map((a) => (a.level === 'district' ? '全区' : a.code)).join('；');
}

export function MediatorForm({ client, mediator, organisations, tribunals, onSaved, onCancel, townships = null, villages = null, loadGrids, specialtyList: list = [] }: MediatorFormProps) {
  const m = mediator;
  const [name, setName] = useState(m?.name ?? '');
  const [kind, setKind] = useState<MediatorKind>(m?.kind ?? 'grid_worker');
  const [workUnit, setWorkUnit] = useState(m?.work_unit ?? '');
  const [position, setPosition] = useState(m?.position ?? '');
  const [phone, setPhone] = useState(m && !m.phone_masked ? (m.phone ?? '') : '');
  const [organisation, setOrganisation] = useState<string>(m?.organisation_id ? String(m.organisation_id) : '');
  const [tribunal, setTribunal] = useState<string>(m?.tribunal_id ? String(m.tribunal_id) : '');
  const [areas, setAreas] = useState(m ? m.service_areas.map((a) => (a.level === 'district' ? '全区' : a.code)).join('；') : '');
  const [specialties, setSpecialties] = useState<string[]>(m?.specialties ?? []);
  const [capacity, setCapacity] = useState(String(m?.capacity ?? 10));
  const [status, setStatus] = useState<MediatorStatus>(m?.status ?? 'active');
  const [leaveUntil, setLeaveUntil] = useState(m?.leave_until ?? '');
  const [liaison, setLiaison] = useState(m?.is_liaison ?? false);
  const [lng, setLng] = useState(m?.location_source === 'given' ? String(m.location!.coordinates[0]) : '');
  const [lat, setLat] = useState(m?.location_source === 'given' ? String(m.location!.coordinates[1]) : '');
  const [note, setNote] = useState(m?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pickTownship, setPickTownship] = useState('');
  const [pickVillage, setPickVillage] = useState('');
  const [pickGrid, setPickGrid] = useState('');
  const [grids, setGrids] = useState<AreaCollection | null>(null);
  useEffect(() => {
    if (!loadGrids) return;
    const ctl = new AbortController();
    // Without grids the picker still offers townships and villages; codes can be typed.
    loadGrids(ctl.signal).then(setGrids, () => undefined);
    return () => ctl.abort();
  }, [loadGrids]);
  const names = useMemo(() => areaNames(townships, villages, grids), [townships, villages, grids]);
  const chosen = parseAreaCodes(areas);
  const villageOptions = (villages?.features ?? []).filter((f) => f.properties.township_code === pickTownship);
  const gridOptions = (grids?.features ?? []).filter((f) => f.properties.parent_code === pickVillage);
  const pickCode = pickGrid || pickVillage || pickTownship;
  const addPicked = () => {
    if (!pickCode) return;
    setAreas((t) => addAreaCode(t, pickCode));
    setPickGrid('');
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseAreaCodes(areas);
    if ('bad' in parsed) return setError(`服务区域“${parsed.bad}”不是有效编码（网格 15 位、村或乡镇 12 位，或“全区”）`);
    if (!parsed.areas.length) return setError('请填写至少一个服务区域');
    if (!name.trim()) return setError('请填写姓名');
    if (!phone.trim() && !m) return setError('请填写联系电话');
    if ((lng === '') !== (lat === '')) return setError('经度和纬度须同时填写');
    const body: MediatorBody = {
      name: name.trim(), kind, work_unit: workUnit.trim() || null, position: position.trim() || null, phone: phone.trim(),
      organisation_id: organisation ? Number(organisation) : null, tribunal_id: tribunal ? Number(tribunal) : null,
      service_areas: parsed.areas, specialties, capacity: Number(capacity), status,
      leave_until: status === 'on_leave' && leaveUntil ? leaveUntil : null, is_liaison: liaison, note: note.trim() || null,
      location: lng === '' ? null : { lng: Number(lng), lat: Number(lat) },
    };
    setBusy(true);
    setError(null);
    try {
      if (m) {
        // Only what changed; a masked phone the user did not retype stays as stored.
        const { phone: p, location, ...rest } = body;
        const patch = { ...rest, version: m.version, ...(p ? { phone: p } : {}), ...(lng !== '' || m.location_source === 'given' ? { location } : {}) };
        onSaved(await client.updateMediator(m.id, patch));
      } else {
        onSaved(await client.createMediator(body));
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  const specialtyList = [...list, ...specialties.filter((c) => !list.some((s) => s.code === c)).map((code) => ({ code, label: code, specialist: false, created_at: '' }))];
  const toggle = (s: string) => setSpecialties((xs) => (xs.includes(s) ? xs.filter((x) => x !== s) : [...xs, s]));
  return (
    <form className="registry-form" onSubmit={submit} aria-label={m ? '编辑调解员' : '新增调解员'} noValidate>
      <h3 className="admin-title">{m ? `编辑调解员：${m.name}` : '新增调解员'}</h3>
      <div className="registry-form-grid">
        <label>姓名*<input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} /></label>
        <label>类别*<select value={kind} onChange={(e) => setKind(e.target.value as MediatorKind)}>
          {Object.entries(MEDIATOR_KINDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select></label>
        <label>工作单位<input value={workUnit} onChange={(e) => setWorkUnit(e.target.value)} maxLength={100} /></label>
        <label>职务<input value={position} onChange={(e) => setPosition(e.target.value)} maxLength={60} /></label>
        <label>联系电话*<input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={m?.phone_masked ? `${m.phone}（不改请留空）` : '13800000000 或 0376-6220000'} /></label>
        <label>所属调解组织<select value={organisation} onChange={(e) => setOrganisation(e.target.value)}>
          <option value="">（无）</option>
          {organisations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select></label>
        <label>对接人民法庭<select value={tribunal} onChange={(e) => setTribunal(e.target.value)}>
          <option value="">{m ? '（无）' : '（按服务区域）'}</option>
          {tribunals.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select></label>
        <label>办案容量<input type="number" min={1} max={200} value={capacity} onChange={(e) => setCapacity(e.target.value)} /></label>
        <fieldset className="wide registry-area-picker"><legend>服务区域*</legend>
          <div className="registry-area-pick">
            <select value={pickTownship} onChange={(e) => { setPickTownship(e.target.value); setPickVillage(''); setPickGrid(''); }} aria-label="选择乡镇（街道）">
              <option value="">选择乡镇（街道）</option>
              {(townships?.features ?? []).map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
            </select>
            <select value={pickVillage} onChange={(e) => { setPickVillage(e.target.value); setPickGrid(''); }} disabled={!pickTownship} aria-label="选择村（社区）">
              <option value="">（整个乡镇）</option>
              {villageOptions.map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
            </select>
            <select value={pickGrid} onChange={(e) => setPickGrid(e.target.value)} disabled={!pickVillage || !grids} aria-label="选择网格">
              <option value="">{grids ? '（整个村）' : '（网格加载中）'}</option>
              {gridOptions.map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.name}</option>)}
            </select>
            <button type="button" className="secondary-button small" onClick={addPicked} disabled={!pickCode}>添加</button>
            <button type="button" className="link-button" onClick={() => setAreas((t) => addAreaCode(t, DISTRICT_CODE))}>全区</button>
          </div>
          {'areas' in chosen && chosen.areas.length > 0 && (
            <ul className="registry-area-chips" aria-label="已选服务区域">
              {chosen.areas.map((a) => (
                <li key={a.code} className="tag">{names.get(a.code) ?? a.code}
                  <button type="button" className="icon-button" aria-label={`移除 ${names.get(a.code) ?? a.code}`} onClick={() => setAreas((t) => removeAreaCode(t, a.code))}>×</button>
                </li>
              ))}
            </ul>
          )}
          <label>或直接填写编码（多个用分号分隔；全区写“全区”）<input value={areas} onChange={(e) => setAreas(e.target.value)} placeholder="411502001001001；411502001003" aria-label="服务区域编码" /></label>
        </fieldset>
        <label>状态<select value={status} onChange={(e) => setStatus(e.target.value as MediatorStatus)}>
          {Object.entries(MEDIATOR_STATUSES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select></label>
        {status === 'on_leave' && <label>休假至<DateField label="休假至" value={leaveUntil} onChange={(v) => setLeaveUntil(v)} /></label>}
        <label>经度（WGS84，可不填）<input value={lng} onChange={(e) => setLng(e.target.value)} placeholder="不填取服务区域代表点" /></label>
        <label>纬度<input value={lat} onChange={(e) => setLat(e.target.value)} /></label>
        <fieldset className="wide registry-checks"><legend>专长</legend>
          {specialtyList.map((s) => (
            <label key={s.code} className="checkbox"><input type="checkbox" checked={specialties.includes(s.code)} onChange={() => toggle(s.code)} />{s.label}{s.specialist && <small>（专业）</small>}</label>
          ))}
        </fieldset>
        <label className="checkbox wide"><input type="checkbox" checked={liaison} onChange={(e) => setLiaison(e.target.checked)} />诉前调解联络员</label>
        <label className="wide">备注<input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} /></label>
      </div>
      <FormFooter error={error} busy={busy} onCancel={onCancel} />
    </form>
  );
}
