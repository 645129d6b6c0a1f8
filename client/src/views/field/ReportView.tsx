// 网格上报 (/report): a grid worker reports a dispute found in their grid, from the phone. The place comes from
// the phone's position (navigator.geolocation: WGS84, with its accuracy shown in metres) or a tap on the map;
// then type, parties, description, and what became of it: resolved on the spot (就地化解, stored settled as
// theirs) or sent to the dispatcher's queue. The grid worker's landing view (App.tsx homeOf).
import { lazy, Suspense, useState, type ComponentType, type FormEvent } from 'react';
import type { PublicUser } from '../../../../server/src/contract/auth.ts';
import { PARTY_ROLES, type PartyRole } from '../../../../server/src/contract/cases.ts';
import { REPORT_OUTCOMES, type ReportAnswer, type ReportOutcome } from '../../../../server/src/contract/reports.ts';
import { DISPUTE_TYPES, MEDIATOR_KINDS, type DisputeType } from '../../../../server/src/contract/vocab.ts';
import { ApiError, QueuedWrite } from '../../api/client.ts';
import { fieldApi, type FieldClient } from '../../api/field.ts';
import { UnlinkedNotice } from '../MyCasesView.tsx';
import { emptyReport, positionErrorText, validateReport, type ReportDraft, type ReportErrors } from './report-model.ts';
import { ReportPhotos } from './ReportPhotos.tsx';
import './field.css';

const ReportMap = lazy(() => import('./ReportMap.tsx').then((m) => ({ default: m.ReportMap })));

/** The browser's position service, injectable for tests. */
export type Geolocate = (ok: (p: { lng: number; lat: number; accuracy: number }) => void, fail: (code: number) => void) => void;

const browserGeolocate: Geolocate = (ok, fail) => {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return fail(2);
  navigator.geolocation.getCurrentPosition(
    (p) => ok({ lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
    (e) => fail(e.code),
    { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
  );
};

export interface ReportViewProps {
  user: Pick<PublicUser, 'mediator_id' | 'mediator_name' | 'mediator_kind' | 'display_name'>;
  client?: FieldClient;
  geolocate?: Geolocate;
  /** Draws the map picker; tests give a plain stand-in (the real one needs WebGL). */
  MapPicker?: ComponentType<{ point: { lng: number; lat: number } | null; onPick: (p: { lng: number; lat: number }) => void }>;
}

function FieldError({ errors, name }: { errors: ReportErrors; name: string }) {
  const m = errors[name];
  return m ? <span className="field-error" role="alert" data-testid={`report-error-${name}`}>{m}</span> : null;
}

export function ReportView({ user, client = fieldApi, geolocate = browserGeolocate, MapPicker = ReportMap }: ReportViewProps) {
  const [draft, setDraft] = useState<ReportDraft>(emptyReport);
  const [errors, setErrors] = useState<ReportErrors>({});
  const [locating, setLocating] = useState(false);
  const [positionError, setPositionError] = useState<string | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [done, setDone] = useState<ReportAnswer | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);

  if (user.mediator_id === null) return <div className="field-page"><UnlinkedNotice /></div>;

  const set = (patch: Partial<ReportDraft>) => {
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch) && !(k.startsWith('parties') && 'parties' in patch))));
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setParty = (i: number, patch: Partial<ReportDraft['parties'][number]>) => set({ parties: draft.parties.map((p, j) => (j === i ? { ...p, ...patch } : p)) });

  const locate = () => {
    setLocating(true);
    setPositionError(null);
    geolocate(
      (p) => { setLocating(false); set({ place: { lng: p.lng, lat: p.lat, by: 'position', accuracy_m: p.accuracy } }); },
      (code) => { setLocating(false); setPositionError(positionErrorText(code)); },
    );
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setServerError(null);
    const { body, errors: found } = validateReport(draft);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      setDone(await client.report(body, photos));
      setPhotos([]);
    } catch (err) {
      if (err instanceof QueuedWrite) {
        setQueued(err.message);
        setPhotos([]);
        return;
      }
      setServerError(err instanceof ApiError ? err.message : '上报失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  if (queued) {
    return (
      <div className="field-page">
        <section className="panel field-card report-done" role="status" data-testid="report-queued">
          <h2 className="admin-title">已保存在本机，联网后自动上报</h2>
          <p>{queued}</p>
          <p>可在顶栏“待发送”中查看发送情况；发送成功前请勿清除浏览器数据。</p>
          <button type="button" className="primary-button" onClick={() => { setQueued(null); setDraft(emptyReport()); setErrors({}); }}>再报一件</button>
        </section>
      </div>
    );
  }

  if (done) {
    return (
      <div className="field-page">
        <section className="panel field-card report-done" role="status" data-testid="report-done">
          <h2 className="admin-title">{done.resolved_on_spot ? '已记录：就地化解' : '已上报，等待分流'}</h2>
          <p>案件编号 <strong>#{done.id}</strong> · {done.township_name} {done.village_name} · {done.grid_name}</p>
          <p>{done.resolved_on_spot ? '已记为您就地化解的案件（调解成功），计入统计，可在“我的案件”中查看。' : '已进入分流员的待分流队列，分派后将有调解员跟进。'}</p>
          <button type="button" className="primary-button" onClick={() => { setDone(null); setDraft(emptyReport()); setErrors({}); }}>再报一件</button>
        </section>
      </div>
    );
  }

  const place = draft.place;
  return (
    <div className="field-page">
      <form className="panel field-card report-form" onSubmit={submit} noValidate aria-label="网格上报">
        <h2 className="admin-title">网格上报</h2>
        <p className="muted">{user.mediator_name ?? user.display_name}{user.mediator_kind ? ` · ${MEDIATOR_KINDS[user.mediator_kind]}` : ''}：发现纠纷就地上报，能化解的当场化解。</p>

        <fieldset className="field">
          <legend className="field-label">纠纷发生地 <em>*</em></legend>
          <div className="report-locate">
            <button type="button" className="primary-button" onClick={locate} disabled={locating} data-testid="report-locate">
              {locating ? '正在定位…' : place?.by === 'position' ? '重新定位' : '使用手机定位'}
            </button>
            <button type="button" className="secondary-button" aria-expanded={mapOpen} onClick={() => setMapOpen((o) => !o)}>
              {mapOpen ? '收起地图' : '在地图上点选'}
            </button>
          </div>
          {place && (
            <p className="report-place" data-testid="report-place">
              {place.by === 'position' ? '手机定位' : '地图点选'}：{place.lng.toFixed(6)}，{place.lat.toFixed(6)}
              {place.accuracy_m !== null && <span className="report-accuracy" data-testid="report-accuracy">（精度约 {Math.round(place.accuracy_m)} 米）</span>}
            </p>
          )}
          {place?.accuracy_m != null && place.accuracy_m > 100 && <p className="hint">定位精度较低，可到开阔处重新定位，或在地图上点选更准确的位置。</p>}
          {positionError && <p className="field-error" role="alert">{positionError}</p>}
          {mapOpen && (
            <Suspense fallback={<p className="muted">正在加载地图…</p>}>
              <MapPicker point={place} onPick={(p) => set({ place: { lng: p.lng, lat: p.lat, by: 'map', accuracy_m: null } })} />
              <p className="hint">在地图上轻点纠纷发生的位置。</p>
            </Suspense>
          )}
          <FieldError errors={errors} name="place" />
        </fieldset>

        <label className="field">
          <span className="field-label">纠纷类型 <em>*</em></span>
          <select aria-label="纠纷类型" value={draft.dispute_type} onChange={(e) => set({ dispute_type: e.target.value as DisputeType | '' })}>
            <option value="">请选择</option>
            {(Object.keys(DISPUTE_TYPES) as DisputeType[]).map((t) => <option key={t} value={t}>{DISPUTE_TYPES[t]}</option>)}
          </select>
          <FieldError errors={errors} name="dispute_type" />
        </label>

        <fieldset className="field">
          <legend className="field-label">当事人 <em>*</em></legend>
          {draft.parties.map((p, i) => (
            <div className="report-party" key={i}>
              <select aria-label={`当事人 ${i + 1} 身份`} value={p.role} onChange={(e) => setParty(i, { role: e.target.value as PartyRole })}>
                {(Object.keys(PARTY_ROLES) as PartyRole[]).map((r) => <option key={r} value={r}>{PARTY_ROLES[r]}</option>)}
              </select>
              <input type="text" aria-label={`当事人 ${i + 1} 姓名`} placeholder="姓名" maxLength={60} value={p.name} onChange={(e) => setParty(i, { name: e.target.value })} />
              <input type="tel" aria-label={`当事人 ${i + 1} 电话`} placeholder="联系电话（选填）" maxLength={20} value={p.phone} onChange={(e) => setParty(i, { phone: e.target.value })} />
              {draft.parties.length > 1 && (
                <button type="button" className="secondary-button" onClick={() => set({ parties: draft.parties.filter((_, j) => j !== i) })}>删除</button>
              )}
              <FieldError errors={errors} name={`parties.${i}.name`} />
              <FieldError errors={errors} name={`parties.${i}.phone`} />
            </div>
          ))}
          {draft.parties.length < 20 && (
            <button type="button" className="secondary-button" onClick={() => set({ parties: [...draft.parties, { name: '', role: 'respondent', phone: '' }] })}>+ 添加当事人</button>
          )}
          <FieldError errors={errors} name="parties" />
        </fieldset>

        <label className="field">
          <span className="field-label">情况描述 <em>*</em></span>
          <textarea aria-label="情况描述" rows={4} maxLength={5000} value={draft.description} placeholder="发生了什么、各方诉求" onChange={(e) => set({ description: e.target.value })} />
          <FieldError errors={errors} name="description" />
        </label>

        <ReportPhotos photos={photos} onChange={setPhotos} />

        <fieldset className="field">
          <legend className="field-label">处理结果 <em>*</em></legend>
          <div className="report-outcomes" role="radiogroup" aria-label="处理结果">
            {(Object.keys(REPORT_OUTCOMES) as ReportOutcome[]).map((o) => (
              <label key={o} className={`report-outcome${draft.outcome === o ? ' active' : ''}`}>
                <input type="radio" name="outcome" value={o} checked={draft.outcome === o} onChange={() => set({ outcome: o })} />
                {REPORT_OUTCOMES[o]}
              </label>
            ))}
          </div>
          <FieldError errors={errors} name="outcome" />
          {draft.outcome === 'resolved_on_spot' && (
            <label className="field">
              <span className="field-label">化解情况</span>
              <textarea aria-label="化解情况" rows={2} maxLength={2000} value={draft.resolution} placeholder="如何化解、达成了什么（选填）" onChange={(e) => set({ resolution: e.target.value })} />
              <FieldError errors={errors} name="resolution" />
            </label>
          )}
        </fieldset>

        {serverError && <div className="status status-error form-error" role="alert">{serverError}</div>}
        <button type="submit" className="primary-button report-submit" disabled={busy} data-testid="report-submit">{busy ? '正在上报…' : '提交上报'}</button>
      </form>
    </div>
  );
}
