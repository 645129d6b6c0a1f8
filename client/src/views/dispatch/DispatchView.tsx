// 案件分流: the dispatcher's view. Left, the case queue and the supervision lists; centre, the map, where a
// click places a new dispute; right, the new-case form with the ranked candidates of the point (preview), or a
// case with its candidates, the assign action and its file. The map shows the case, the candidates numbered by
// rank and the selected candidate's service areas.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseDetail, CaseSummary, CreateCaseBody, PreviewAnswer } from '../../../../server/src/contract/cases.ts';
import type { Role } from '../../../../server/src/contract/auth.ts';
import type { AreaLevel } from '../../../../server/src/contract/vocab.ts';
import { api as defaultApi, ApiError, type ApiClient } from '../../api/client.ts';
import { casesApi, type CasesClient } from '../../api/cases.ts';
import type { AreaFeature } from '../../api/types.ts';
import { MapView } from '../../map/MapView.tsx';
import type { CameraTarget, LayerDefinition, MapFeatureHit } from '../../map/types.ts';
import { composeLayers } from '../../layers/compose.ts';
import { townshipsLayer } from '../../layers/townships.ts';
import { villagesLayer } from '../../layers/villages.ts';
import { gridsLayer } from '../../layers/grids.ts';
import { basemapLayer } from '../../layers/basemap.ts';
import { EMPTY_AREAS } from '../../layers/area-style.ts';
import { dispatchHighlightLayer } from '../../layers/dispatch-highlight.ts';
import { candidatesData, caseData, dispatchPointsLayer, queueData, DISPATCH_INTERACTIVE } from '../../layers/dispatch-points.ts';
import { bboxOf } from '../../lib/bbox.ts';
import { framePadding } from '../../lib/sheet.ts';
import { noticeText, schematicLevels } from '../../lib/notice.ts';
import { Notice } from '../../components/Notice.tsx';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { useFetched } from '../useFetched.ts';
import { CandidateList } from './CandidateList.tsx';
import { CaseForm } from './CaseForm.tsx';
import { CasePanel } from './CasePanel.tsx';
import { CaseQueue } from './CaseQueue.tsx';
import { AddressMatchNote } from './AddressMatchNote.tsx';
import { BatchAssign } from './BatchAssign.tsx';
import type { MediatorReader } from './MediatorPhone.tsx';
import { registryApi } from '../../api/registry.ts';
import { RulePanel } from './RulePanel.tsx';
import { followLink } from '../../router.ts';
import { BoundaryChanges } from './BoundaryChanges.tsx';
import { caseRouteKey, type CaseRoute, type OnCaseRoute } from '../case-route.ts';
import { addressOf, allServiceAreas, draftPlace, draftPoint, emptyDraft, precisionOf, rankingFrame, serviceAreasOf, type CaseDraft } from './model.ts';

export interface DispatchViewProps {
  client?: ApiClient;
  cases?: CasesClient;
  /** The logged-in user's role (from the session); dispatcher by default. */
  role?: Role;
  /** Where the view is (from the URL); without it the view keeps its own place. */
  route?: CaseRoute;
  /** Asked to go elsewhere (a case, the new-case form, the queue). */
  onRoute?: OnCaseRoute;
  /** Reads a mediator's phone for the assign panel (the registry masks it by role). */
  registry?: MediatorReader;
}

type Mode = { kind: 'idle' } | { kind: 'new' } | { kind: 'case'; id: number };

const LEVELS: readonly AreaLevel[] = ['township', 'village', 'grid'];

/**
 * Grid cells are drawn from this zoom on: below it (the district view) their thousands of outlines are a
 * grey mesh that costs seconds to render on a busy machine before the view is usable; the case's grid and
 * the candidates' service areas are drawn at every zoom by the dispatch highlight layer.
 */
const GRID_MIN_ZOOM = 11;
const fromZoom = (def: LayerDefinition, minzoom: number): LayerDefinition => ({
  ...def,
  layers: def.layers.map((l) => ({ ...l, spec: { ...l.spec, minzoom: Math.max(minzoom, l.spec.minzoom ?? 0) } as typeof l.spec })),
});

const round6 = (n: number) => String(Math.round(n * 1e6) / 1e6);
const NO_POINTS = queueData([], null);

const modeOf = (r: CaseRoute): Mode => (r.kind === 'case' ? { kind: 'case', id: r.id } : r.kind === 'new' ? { kind: 'new' } : { kind: 'idle' });
const routeOf = (m: Mode): CaseRoute => (m.kind === 'case' ? { kind: 'case', id: m.id } : m.kind === 'new' ? { kind: 'new' } : { kind: 'list' });

export function DispatchView({ client = defaultApi, cases = casesApi, role = 'dispatcher', route, onRoute, registry = registryApi }: DispatchViewProps) {
  const mayCreate = role === 'dispatcher' || role === 'admin';
  // The mode is the URL's when the router gives one (Back and reload keep it), else the view's own.
  const [ownRoute, setOwnRoute] = useState<CaseRoute>({ kind: 'list' });
  const current = route ?? ownRoute;
  const modeKey = caseRouteKey(current);
  const mode = useMemo(() => modeOf(current), [modeKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const onRouteRef = useRef(onRoute);
  onRouteRef.current = onRoute;
  const setMode = useCallback((m: Mode, opts?: { replace?: boolean }) => {
    if (onRouteRef.current) onRouteRef.current(routeOf(m), opts);
    else setOwnRoute(routeOf(m));
  }, []);
  // On phones the panels are a sheet over the map; collapsed, it leaves the map to the finger.
  const [sheetCollapsed, setSheetCollapsed] = useState(false);
  const viewRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<CaseDraft>(emptyDraft);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<{ key: string; answer: PreviewAnswer | null; error: ApiError | null; loading: boolean }>({ key: '', answer: null, error: null, loading: false });
  const [ranking, setRanking] = useState<PreviewAnswer | null>(null);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [selectedMediator, setSelectedMediator] = useState<number | null>(null);
  const [queueItems, setQueueItems] = useState<CaseSummary[] | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [camera, setCamera] = useState<CameraTarget | null>(null);
  const [showGrids, setShowGrids] = useState(true);
  // Setting the exact point of a village-only case (CasePanel): the map's next click is that point.
  const [placing, setPlacing] = useState(false);
  const [placeAt, setPlaceAt] = useState<{ lng: number; lat: number; key: number } | null>(null);
  useEffect(() => setPlacing(false), [modeKey]);

  const config = useFetched('config', (signal) => client.config(signal).catch(() => null));
  const rule = useFetched('rule', (signal) => cases.rule(signal).catch(() => null));
  // The grid cells (435 KB, drawn from zoom 11 only) are fetched once the district outline is drawn: MapLibre
  // has one worker on a 2-core machine, and indexing them first held up the townships' tiles.
  const [outlineDrawn, setOutlineDrawn] = useState(false);
  const onMapDrawn = useCallback(() => setOutlineDrawn(true), []);
  const areas = {
    township: useFetched('township', (signal) => client.areas('township', undefined, signal)),
    village: useFetched('village', (signal) => client.areas('village', undefined, signal)),
    grid: useFetched(outlineDrawn ? 'grid' : null, (signal) => client.areas('grid', undefined, signal)),
  };
  const areasReady = LEVELS.every((l) => areas[l].data !== null);
  // Usable once the townships are drawn: then the villages and the grid cells join.
  const outlineReady = areas.township.data !== null;
  const areasError = LEVELS.map((l) => areas[l].error).find(Boolean) ?? null;

  // Zoom to the district once the townships are known.
  const townshipData = areas.township.data;
  useEffect(() => {
    const bbox = townshipData ? bboxOf(townshipData.features) : null;
    // Jump, not fly: an animation from the default view retiles every source on the way (seconds on a busy machine).
    if (bbox) setCamera({ bbox, key: Date.now(), maxZoom: 11, padding: framePadding({ top: 24, right: 24, bottom: 48, left: 24 }, viewRef.current), instant: true });
  }, [townshipData]);

  // --- the preview of a new dispute: debounced on point, type and coordinate system ----------------
  const point = mode.kind === 'new' ? draftPoint(draft) : null;
  // The preview follows the draft's place: a point, or an address (matched by the server as for a new case).
  const place = mode.kind === 'new' ? draftPlace(draft) : null;
  const placeKey = place && draft.dispute_type ? `${JSON.stringify(place)}|${draft.dispute_type}` : '';
  // The preview lists the first candidates (PREVIEW_FIRST) and how many more; "显示全部" asks for all of
  // this place and type (a new place or type lists the first ones again).
  const [allFor, setAllFor] = useState('');
  const all = placeKey !== '' && allFor === placeKey;
  const previewKey = placeKey && (all ? `${placeKey}|all` : placeKey);
  useEffect(() => {
    if (!previewKey || !place || !draft.dispute_type) {
      setPreview({ key: '', answer: null, error: null, loading: false });
      return;
    }
    const ctrl = new AbortController();
    setPreview((p) => ({ ...p, key: previewKey, loading: true, error: null }));
    const t = setTimeout(() => {
      cases.preview({ ...place, dispute_type: draft.dispute_type as Exclude<CaseDraft['dispute_type'], ''>, ...(all ? { all: true } : {}) }, ctrl.signal).then(
        (answer) => {
          if (!ctrl.signal.aborted) setPreview({ key: previewKey, answer, error: null, loading: false });
        },
        (e: unknown) => {
          if (ctrl.signal.aborted) return;
          setPreview({ key: previewKey, answer: null, error: e instanceof ApiError ? e : new ApiError('client_error', '候选调解员计算失败', 0), loading: false });
        },
      );
    }, all ? 0 : 350);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [previewKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const shownRanking = mode.kind === 'new' ? preview.answer : mode.kind === 'case' ? ranking : null;
  useEffect(() => {
    if (mode.kind !== 'new') return;
    const list = preview.answer?.candidates ?? [];
    setSelectedMediator((cur) => (list.some((c) => c.mediator_id === cur) ? cur : (list[0]?.mediator_id ?? null)));
  }, [preview.answer, mode.kind]);

  // --- actions ----------------------------------------------------------------------------------------
  const startNew = useCallback((at?: { lng: number; lat: number }) => {
    setMode({ kind: 'new' });
    setDraft((d) => (at ? { ...d, location: 'point', lng: round6(at.lng), lat: round6(at.lat), coord_system: 'wgs84' } : d));
  }, [setMode]);

  const openCase = useCallback((id: number, opts?: { replace?: boolean }) => {
    setMode({ kind: 'case', id }, opts);
  }, [setMode]);

  // A new place (a click here, Back, a link): nothing of the previous case stays on the map or in the panel.
  const firstMode = useRef(true);
  useEffect(() => {
    if (firstMode.current) { firstMode.current = false; return; }
    setRanking(null);
    setDetail(null);
    setSheetCollapsed(false);
    if (mode.kind === 'case') setSelectedMediator(null);
    if (mode.kind === 'new') setCreateError(null);
  }, [modeKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (body: CreateCaseBody) => {
    setCreating(true);
    setCreateError(null);
    try {
      const created = await cases.create(body);
      setDraft(emptyDraft());
      setPreview({ key: '', answer: null, error: null, loading: false });
      setRefreshKey((k) => k + 1);
      // The form's entry gives way to the case: Back then goes to the queue, not to an emptied form.
      openCase(created.id, { replace: true });
    } catch (e) {
      setCreateError(e instanceof ApiError ? e : new ApiError('client_error', '保存失败，请稍后重试', 0));
    } finally {
      setCreating(false);
    }
  };

  const onMapClick = useCallback(
    (at: { lng: number; lat: number }, hit: MapFeatureHit | null) => {
      if (placing && mode.kind === 'case') {
        setPlaceAt({ lng: at.lng, lat: at.lat, key: Date.now() });
        return;
      }
      if (hit?.layerId === 'dispatch-candidates-point' && typeof hit.properties.mediator_id === 'number') {
        setSelectedMediator(hit.properties.mediator_id);
        return;
      }
      if (hit?.layerId === 'dispatch-queue-point' && typeof hit.properties.id === 'number') {
        openCase(hit.properties.id);
        return;
      }
      if (mayCreate) startNew(at);
    },
    [mayCreate, openCase, startNew, placing, mode.kind],
  );

  // Fly to a case and its candidates when its ranking arrives.
  const flownFor = useRef<string>('');
  useEffect(() => {
    const r = shownRanking;
    if (!r || mode.kind !== 'case') return;
    const key = `${mode.id}`;
    if (flownFor.current === key) return;
    flownFor.current = key;
    const bbox = rankingFrame(r);
    if (bbox) setCamera({ bbox, key: Date.now(), maxZoom: 14, padding: framePadding({ top: 48, right: 48, bottom: 56, left: 48 }, viewRef.current) });
  }, [shownRanking, mode]);

  // Frame a preview when it arrives: the matched unit of an address, the point and the first candidates,
  // so the map goes where the dispute is and the numbered markers stand apart.
  const framedPreview = useRef<string>('');
  useEffect(() => {
    const a = preview.answer;
    // (the full list of the same place is not framed again: the map stays where the dispatcher put it)
    const frameKey = preview.key.replace(/\|all$/, '');
    if (mode.kind !== 'new' || !a || framedPreview.current === frameKey) return;
    framedPreview.current = frameKey;
    const bbox = rankingFrame(a);
    if (bbox) setCamera({ bbox, key: Date.now(), maxZoom: 14, padding: framePadding({ top: 48, right: 48, bottom: 56, left: 48 }, viewRef.current) });
  }, [preview.answer, preview.key, mode.kind]);

  // --- map data ------------------------------------------------------------------------------------
  const selectedCandidate = shownRanking?.candidates.find((c) => c.mediator_id === selectedMediator) ?? shownRanking?.candidates[0] ?? null;
  const service = useMemo(() => serviceAreasOf(selectedCandidate, shownRanking), [selectedCandidate, shownRanking]);
  const candidateAreas = useMemo(() => allServiceAreas(shownRanking), [shownRanking]);
  const casePt: [number, number] | null = useMemo(() => {
    if (shownRanking) return [shownRanking.lng, shownRanking.lat];
    if (mode.kind === 'new' && point && draft.coord_system === 'wgs84') return [point.lng, point.lat];
    if (mode.kind === 'case' && detail && detail.lng !== null && detail.lat !== null) return [detail.lng, detail.lat];
    return null;
  }, [shownRanking, mode.kind, point?.lng, point?.lat, draft.coord_system, detail]); // eslint-disable-line react-hooks/exhaustive-deps
  const linkTo = selectedCandidate?.location?.coordinates ?? null;

  const queueFc = useMemo(
    () => queueData((queueItems ?? []).flatMap((c) => (c.lng !== null && c.lat !== null ? [{ id: c.id, lng: c.lng, lat: c.lat, status: c.status, overdue: c.overdue, village_only: c.location_precision === 'village' }] : [])), mode.kind === 'case' ? mode.id : null),
    [queueItems, mode],
  );
  const candidatesFc = useMemo(
    () => candidatesData((shownRanking?.candidates ?? []).flatMap((c, i) => (c.location ? [{ mediator_id: c.mediator_id, rank: i + 1, name: c.name, lng: c.location.coordinates[0], lat: c.location.coordinates[1] }] : [])), selectedCandidate?.mediator_id ?? null),
    [shownRanking, selectedCandidate?.mediator_id],
  );
  // Hollow where only the village is known: a village-only case, or a new dispute whose address matched a village.
  const villageOnly = mode.kind === 'case' ? detail?.location_precision === 'village' && shownRanking?.outcome !== 'outside_district' && shownRanking?.located.grid === null
    : mode.kind === 'new' && shownRanking?.outcome !== 'outside_district' && shownRanking?.located.grid === null;
  const caseFc = useMemo(() => caseData(casePt, casePt && linkTo ? [linkTo[0], linkTo[1]] : null, villageOnly), [casePt, linkTo?.[0], linkTo?.[1], villageOnly]); // eslint-disable-line react-hooks/exhaustive-deps
  const caseGrid = shownRanking && shownRanking.outcome !== 'outside_district' ? (shownRanking.located.grid?.code ?? null) : (detail?.grid_code ?? null);

  const basemapUrl = (typeof window !== 'undefined' ? window.__APP_CONFIG__?.basemapUrl : null) ?? config.data?.basemap_url ?? null;
  const composed = useMemo(
    () =>
      composeLayers([
        basemapLayer(basemapUrl),
        // The outlines first, alone: their names, the villages and the queue's points (each a worker job and
        // a shader program to compile on a first visit) join once the outlines are drawn.
        townshipsLayer({ data: areas.township.data ?? EMPTY_AREAS, visible: true, thematic: null, labels: outlineDrawn }),
        villagesLayer({ data: (outlineDrawn ? areas.village.data : null) ?? EMPTY_AREAS, visible: true, thematic: null }),
        fromZoom(gridsLayer({ data: areas.grid.data ?? EMPTY_AREAS, visible: showGrids, thematic: null }), GRID_MIN_ZOOM),
        dispatchHighlightLayer({ service, candidates: candidateAreas, caseGrid }),
        dispatchPointsLayer({ queue: outlineDrawn ? queueFc : NO_POINTS, candidates: candidatesFc, casePoint: caseFc }),
      ]),
    [basemapUrl, areas.township.data, areas.village.data, outlineDrawn, areas.grid.data, showGrids, service, candidateAreas, caseGrid, queueFc, candidatesFc, caseFc],
  );

  // --- test hooks: usable (the queue answered, the district outline drawn); ready (all areas drawn) ----
  const queueLoaded = queueItems !== null;
  useEffect(() => {
    const body = document.body;
    const update = () => {
      body.dataset.dispatchUsable = queueLoaded && outlineDrawn ? 'true' : 'false';
      body.dataset.dispatchReady = queueLoaded && areasReady && body.dataset.mapReady === 'true' ? 'true' : 'false';
    };
    update();
    const obs = new MutationObserver(update);
    obs.observe(body, { attributes: true, attributeFilter: ['data-map-ready'] });
    return () => obs.disconnect();
  }, [queueLoaded, outlineDrawn, areasReady]);
  useEffect(() => () => {
    delete document.body.dataset.dispatchReady;
    delete document.body.dataset.dispatchUsable;
  }, []);

  const displayed: Partial<Record<AreaLevel, AreaFeature[]>> = {};
  for (const l of LEVELS) if (areas[l].data && (l !== 'grid' || showGrids)) displayed[l] = areas[l].data!.features;
  const notice = noticeText(schematicLevels(displayed), (queueItems ?? []).some((c) => c.is_demo));
  const townships = useMemo(() => (townshipData?.features ?? []).map((f) => ({ code: f.properties.code, name: f.properties.name })), [townshipData]);
  const changed = useCallback(() => setRefreshKey((k) => k + 1), []);

  return (
    <div ref={viewRef} className={`dispatch dispatch-${mode.kind}${sheetCollapsed ? ' sheet-collapsed' : ''}`} data-testid="dispatch-view">
      <button type="button" className="sheet-toggle" aria-expanded={!sheetCollapsed} onClick={() => setSheetCollapsed((c) => !c)}>
        {sheetCollapsed ? '展开列表' : '收起列表'}
      </button>
      <aside className="dispatch-left" aria-label="案件列表">
        <div className="sidebar-head dispatch-head">
          <h2>案件分流</h2>
          {mayCreate && (
            <div className="dispatch-head-actions">
              <BatchAssign client={cases} onDone={changed} onOpenCase={openCase} />
              <a className="secondary-button small" href="/intake" onClick={(e) => followLink(e, '/intake')} data-testid="intake-link">批量导入</a>
              <button type="button" className="primary-button small" onClick={() => startNew()} data-testid="case-new">
                + 登记新纠纷
              </button>
            </div>
          )}
        </div>
        <CaseQueue
          client={cases}
          mode="dispatch"
          townships={townships}
          selectedId={mode.kind === 'case' ? mode.id : null}
          onSelect={(c) => openCase(c.id)}
          refreshKey={refreshKey}
          onItems={setQueueItems}
        />
        {mayCreate && <BoundaryChanges onOpenCase={openCase} />}
        <RulePanel rule={rule.data ?? null} />
      </aside>

      <div className="map-area dispatch-map">
        <MapView
          sources={composed.sources}
          layers={composed.layers}
          images={composed.images}
          interactiveLayerIds={DISPATCH_INTERACTIVE}
          onMapClick={onMapClick}
          camera={camera}
          dataReady={outlineDrawn ? areasReady : outlineReady}
          onDrawn={onMapDrawn}
          ariaLabel="案件分流地图：点击地图登记纠纷发生地"
        />
        <div className="map-hint panel">
          {placing && mode.kind === 'case' ? `点击地图上的纠纷发生地，设定案件 #${mode.id} 的准确位置` : mode.kind === 'new' ? '点击地图可重新选取纠纷发生地' : mayCreate ? '点击地图上的纠纷发生地即可登记新纠纷' : '点击地图上的案件查看详情'}
          <label className="checkbox">
            <input type="checkbox" checked={showGrids} onChange={(e) => setShowGrids(e.target.checked)} />
            显示网格
          </label>
        </div>
        <div className="dispatch-legend panel" aria-label="图例">
          <span><i className="lg-dot lg-case" />纠纷发生地</span>
          <span><i className="lg-dot lg-candidate">1</i>候选调解员（按排名）</span>
          <span><i className="lg-dot lg-selected" />已选调解员</span>
          <span><i className="lg-area" />已选调解员负责区域</span>
          <span><i className="lg-area" style={{ borderStyle: 'dashed', borderColor: '#1b3a6b', background: 'transparent' }} />候选调解员负责区域</span>
          <span><i className="lg-dot lg-pending" />待分流案件</span>
          <span><i className="lg-dot lg-village-only" />仅到村（社区）的案件</span>
        </div>
        <div className="map-status">
          {!areasReady && !areasError && <Loading text="正在加载地图数据…" />}
          {areasError && <ErrorMessage message={`地图数据加载失败：${areasError.message}`} onRetry={() => LEVELS.forEach((l) => areas[l].error && areas[l].reload())} />}
        </div>
        <Notice text={notice} />
      </div>

      <aside className="dispatch-right" aria-label="分派">
        {mode.kind === 'idle' && (
          <div className="panel-intro">
            <h3 className="panel-title">分派</h3>
            <p>在左侧选择案件查看候选调解员，或{mayCreate ? '在地图上点选纠纷发生地、点击“登记新纠纷”录入案件' : '在地图上点选案件'}。</p>
            <p className="muted">系统按分派规则列出负责的调解员及理由；确认首选或改选其他调解员后，案件进入 30 天诉前调解期限。</p>
          </div>
        )}
        {mode.kind === 'new' && (
          <>
            <div className="panel-toolbar">
              <h3 className="panel-title">登记新纠纷</h3>
              <button type="button" className="icon-button" aria-label="关闭" onClick={() => setMode({ kind: 'idle' })}>×</button>
            </div>
            <CaseForm
              draft={draft}
              onChange={setDraft}
              onSubmit={(b) => void submit(b)}
              onCancel={() => setMode({ kind: 'idle' })}
              submitting={creating}
              serverError={createError}
              converted={preview.answer ? { lng: preview.answer.lng, lat: preview.answer.lat } : null}
              afterPlace={
                <section className="preview" aria-label="候选调解员预览" data-testid="preview">
                  <div className="section-head">
                    <h4>候选调解员（预览）</h4>
                    {preview.loading && <span className="spinner" aria-label="正在计算" />}
                  </div>
                  {draft.location === 'address' && (
                    <AddressMatchNote
                      match={preview.answer?.address_match ?? null}
                      error={preview.error}
                      onPick={(p) => setDraft((d) => ({ ...d, location: 'address', address: addressOf(p) }))}
                    />
                  )}
                  {preview.error ? (
                    draft.location === 'address' && ['address_ambiguous', 'address_uncertain'].includes(preview.error.code) ? null : <ErrorMessage message={preview.error.message} />
                  ) : (
                    <CandidateList answer={preview.answer} loading={preview.loading} selectedId={selectedMediator} onSelect={setSelectedMediator} precision={precisionOf(preview.answer)} onShowAll={() => setAllFor(placeKey)} />
                  )}
                </section>
              }
            />
          </>
        )}
        {mode.kind === 'case' && (
          <CasePanel
            key={mode.id}
            caseId={mode.id}
            client={cases}
            role={role}
            selectedMediator={selectedMediator}
            onSelectMediator={setSelectedMediator}
            onRanking={setRanking}
            onDetail={setDetail}
            onChanged={changed}
            onClose={() => setMode({ kind: 'idle' })}
            registry={mayCreate ? registry : undefined}
            placing={placing}
            onPlacing={setPlacing}
            placeAt={placeAt}
          />
        )}
      </aside>
    </div>
  );
}
