// The new-dispute form: title, type, description, parties, and the location as a point (map click or typed
// coordinates, WGS84 or GCJ-02) or an address matched by the server; 422 address answers offer their candidates.
import { useState, type FormEvent, type ReactNode } from 'react';
import { COORD_SYSTEMS, PARTY_ROLES, type CoordSystem, type CreateCaseBody, type PartyRole } from '../../../../server/src/contract/cases.ts';
import { CASE_SOURCES, DISPUTE_TYPES, type CaseSource, type DisputeType } from '../../../../server/src/contract/vocab.ts';
import type { ApiError } from '../../api/client.ts';
import type { AddressCandidate } from '../../api/cases.ts';
import { addressOf, validateDraft, type CaseDraft, type DraftErrors } from './model.ts';

export interface CaseFormProps {
  draft: CaseDraft;
  onChange: (draft: CaseDraft) => void;
  onSubmit: (body: CreateCaseBody) => void;
  onCancel?: () => void;
  submitting?: boolean;
  /** The last answer of POST /api/cases when it failed. */
  serverError?: ApiError | null;
  /** The WGS84 point the server converted a GCJ-02 input to (from the preview). */
  converted?: { lng: number; lat: number } | null;
  /**
   * Shown right after the place and the type (the candidates of the preview), so they are on screen
   * as soon as the place is picked, above the fields typed afterwards.
   */
  afterPlace?: ReactNode;
}

function addressCandidates(e: ApiError | null | undefined): AddressCandidate[] {
  if (!e || (e.code !== 'address_ambiguous' && e.code !== 'address_uncertain')) return [];
  const d = e.details as { candidates?: unknown } | null | undefined;
  return Array.isArray(d?.candidates) ? (d!.candidates as AddressCandidate[]) : [];
}

function FieldError({ errors, name }: { errors: DraftErrors; name: string }) {
  const m = errors[name];
  return m ? <span className="field-error" role="alert" data-testid={`error-${name}`}>{m}</span> : null;
}

export function CaseForm({ draft, onChange, onSubmit, onCancel, submitting, serverError, converted, afterPlace }: CaseFormProps) {
  const [errors, setErrors] = useState<DraftErrors>({});
  const set = (patch: Partial<CaseDraft>) => {
    const touched = new Set(Object.keys(patch));
    if (touched.has('lng') || touched.has('lat') || touched.has('location')) for (const k of ['lng', 'lat', 'address', 'coord_system']) touched.add(k);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !touched.has(k))));
    onChange({ ...draft, ...patch });
  };
  const setParty = (i: number, patch: Partial<CaseDraft['parties'][number]>) => {
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`parties.${i}.`) && k !== 'parties')));
    onChange({ ...draft, parties: draft.parties.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, errors: found } = validateDraft(draft);
    setErrors(found);
    if (body) onSubmit(body);
  };

  const pick = (c: AddressCandidate) => {
    const next = { ...draft, location: 'address' as const, address: addressOf(c) };
    onChange(next);
    const { body } = validateDraft(next);
    if (body) onSubmit(body);
  };

  const ambiguous = addressCandidates(serverError);
  const addressError = serverError && ['address_not_found', 'address_ambiguous', 'address_uncertain'].includes(serverError.code);

  return (
    <form className="case-form" onSubmit={submit} noValidate aria-label="登记新纠纷">
      <label className="field">
        <span className="field-label">纠纷类型 <em>*</em></span>
        <select value={draft.dispute_type} onChange={(e) => set({ dispute_type: e.target.value as DisputeType | '' })}>
          <option value="">请选择</option>
          {(Object.keys(DISPUTE_TYPES) as DisputeType[]).map((t) => (
            <option key={t} value={t}>{DISPUTE_TYPES[t]}</option>
          ))}
        </select>
        <FieldError errors={errors} name="dispute_type" />
      </label>

      <label className="field">
        <span className="field-label">案件来源</span>
        <select aria-label="案件来源" value={draft.source ?? 'court_delegated'} onChange={(e) => set({ source: e.target.value as CaseSource })}>
          {(Object.keys(CASE_SOURCES) as CaseSource[]).map((k) => <option key={k} value={k}>{CASE_SOURCES[k]}</option>)}
        </select>
        <FieldError errors={errors} name="source" />
      </label>

      <fieldset className="field location">
        <legend className="field-label">纠纷发生地 <em>*</em></legend>
        <div className="segmented" role="group" aria-label="定位方式">
          <button type="button" className={draft.location === 'point' ? 'active' : undefined} aria-pressed={draft.location === 'point'} onClick={() => set({ location: 'point' })}>
            地图点选 / 经纬度
          </button>
          <button type="button" className={draft.location === 'address' ? 'active' : undefined} aria-pressed={draft.location === 'address'} onClick={() => set({ location: 'address' })}>
            地址
          </button>
        </div>
        {draft.location === 'point' ? (
          <>
            <div className="coords">
              <label>
                <span className="sub-label">经度</span>
                <input type="text" inputMode="decimal" aria-label="经度" value={draft.lng} onChange={(e) => set({ lng: e.target.value })} placeholder="114.0612" />
              </label>
              <label>
                <span className="sub-label">纬度</span>
                <input type="text" inputMode="decimal" aria-label="纬度" value={draft.lat} onChange={(e) => set({ lat: e.target.value })} placeholder="32.1234" />
              </label>
            </div>
            <FieldError errors={errors} name="lng" />
            <FieldError errors={errors} name="lat" />
            <label className="sub-field">
              <span className="sub-label">坐标系</span>
              <select aria-label="坐标系" value={draft.coord_system} onChange={(e) => set({ coord_system: e.target.value as CoordSystem })}>
                {(Object.keys(COORD_SYSTEMS) as CoordSystem[]).map((k) => (
                  <option key={k} value={k}>{COORD_SYSTEMS[k]}</option>
                ))}
              </select>
            </label>
            <FieldError errors={errors} name="coord_system" />
            <p className="hint">
              {draft.coord_system === 'gcj02'
                ? '从高德、腾讯地图复制的坐标为 GCJ-02（在本区偏移约 585 米），服务器将换算为 WGS84 后定位。'
                : '在地图上点击即可取点（地图为 WGS84）；从高德、腾讯地图复制的坐标请选择 GCJ-02。'}
            </p>
            {draft.coord_system === 'gcj02' && converted && (
              <p className="hint" data-testid="converted-point">换算后（WGS84）：{converted.lng.toFixed(6)}，{converted.lat.toFixed(6)}</p>
            )}
          </>
        ) : (
          <>
            <input type="text" aria-label="地址" value={draft.address} maxLength={200} onChange={(e) => set({ address: e.target.value })} placeholder="乡镇（街道）、村（社区）名称，例如：董家河镇 黄龙寺村" />
            <FieldError errors={errors} name="address" />
            <p className="hint">按本区乡镇、村（社区）名称匹配，可只写部分名称。</p>
          </>
        )}
        {addressError && (
          <div className="address-error" role="alert" data-testid="address-error">
            <p>{serverError!.message}</p>
            {ambiguous.length > 0 && (
              <ul className="address-candidates" aria-label="可能的地点">
                {ambiguous.map((c) => (
                  <li key={`${c.level}:${c.code}`}>
                    <button type="button" className="link-button" onClick={() => pick(c)}>
                      {c.level === 'village' ? `${c.township_name} · ${c.name}` : c.name}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </fieldset>

      {afterPlace}

      <label className="field">
        <span className="field-label">案件标题 <em>*</em></span>
        <input type="text" value={draft.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} placeholder="例如：宅基地边界争议" />
        <FieldError errors={errors} name="title" />
      </label>

      <fieldset className="field parties">
        <legend className="field-label">当事人 <em>*</em></legend>
        {draft.parties.map((p, i) => (
          <div className="party-row" key={i}>
            <select aria-label={`当事人 ${i + 1} 身份`} value={p.role} onChange={(e) => setParty(i, { role: e.target.value as PartyRole })}>
              {(Object.keys(PARTY_ROLES) as PartyRole[]).map((r) => (
                <option key={r} value={r}>{PARTY_ROLES[r]}</option>
              ))}
            </select>
            <input type="text" aria-label={`当事人 ${i + 1} 姓名`} value={p.name} maxLength={60} placeholder="姓名" onChange={(e) => setParty(i, { name: e.target.value })} />
            <input type="text" aria-label={`当事人 ${i + 1} 电话`} value={p.phone} maxLength={20} placeholder="联系电话（选填）" onChange={(e) => setParty(i, { phone: e.target.value })} />
            {draft.parties.length > 1 && (
              <button type="button" className="icon-button" aria-label={`删除当事人 ${i + 1}`} onClick={() => onChange({ ...draft, parties: draft.parties.filter((_, j) => j !== i) })}>
                ×
              </button>
            )}
            <FieldError errors={errors} name={`parties.${i}.name`} />
            <FieldError errors={errors} name={`parties.${i}.phone`} />
          </div>
        ))}
        <FieldError errors={errors} name="parties" />
        {draft.parties.length < 20 && (
          <button type="button" className="link-button" onClick={() => onChange({ ...draft, parties: [...draft.parties, { name: '', role: 'respondent', phone: '' }] })}>
            + 添加当事人
          </button>
        )}
      </fieldset>

      <label className="field">
        <span className="field-label">案情描述</span>
        <textarea value={draft.description} rows={3} maxLength={5000} onChange={(e) => set({ description: e.target.value })} placeholder="纠纷经过、诉求（选填）" />
        <FieldError errors={errors} name="description" />
      </label>

      {serverError && !addressError && (
        <div className="status status-error form-error" role="alert">{serverError.message}</div>
      )}

      <div className="form-actions">
        {onCancel && (
          <button type="button" className="secondary-button" onClick={onCancel}>取消</button>
        )}
        <button type="submit" className="primary-button" data-testid="case-submit" disabled={submitting}>
          {submitting ? '正在保存…' : '保存案件'}
        </button>
      </div>
    </form>
  );
}
