// 覆盖规划 (issue 6): which villages/grids no mediator covers (map, list, Excel), what-if scenarios
// (add hypothetical mediators by clicking the map, move or take out real ones) answered by the server
// in memory, best new sites, and saved scenarios compared side by side. Leaders read (and see a loaded
// scenario's effect); planners and admins also edit. Nothing here changes real data.
// Moving: drag a mediator (hypothetical or real) with the mouse — the figures follow while dragging
// (POST /api/coverage/what-if, a few milliseconds; at most one request in flight, the latest position
// wins: latest.ts) — or, without a mouse, select it and click the new place (repeatable).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import {
  COVERAGE_DEFINITION, COVERAGE_LEVELS, type BestSitesAnswer, type CoverageUnit, type ScenarioChange, type WhatIfAnswer,
} from '../../../../server/src/contract/coverage.ts';
import { api as defaultApi, type ApiClient } from '../../api/client.ts';
import { coverageApi, type CoverageClient } from '../../api/coverage.ts';
import { MapView } from '../../map/MapView.tsx';
import type { CameraTarget, LngLatBBox, MapFeatureHit } from '../../map/types.ts';
import { composeLayers } from '../../layers/compose.ts';
import { basemapLayer } from '../../layers/basemap.ts';
import { townshipsLayer } from '../../layers/townships.ts';
import { EMPTY_AREAS } from '../../layers/area-style.ts';
import { COVERAGE_UNITS_INTERACTIVE, coverageUnitsData, coverageUnitsLayer } from '../../layers/coverage-units.ts';
import { COVERAGE_SITES_INTERACTIVE, addedSitesData, coverageSitesLayer, realSitesData, suggestedSitesData, type RealSite } from '../../layers/coverage-sites.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { Notice } from '../../components/Notice.tsx';
import { latestOnly } from './latest.ts';
import { DEFAULT_FORM, addSite, moveSite, paramsOf, removeSite, unitStatuses, type ParamForm } from './model.ts';
import { CoverageFigures, CoverageLegend, ParamsPanel, UncoveredList } from './panels.tsx';
import { BestSitesPanel, ScenarioPanel } from './scenario-panels.tsx';

const DISTRICT_BBOX: LngLatBBox = [113.7165, 31.7523, 114.2075, 32.3378];
const PADDING = { top: 24, right: 24, bottom: 56, left: 24 };

export type Selected = { kind: 'added'; key: string } | { kind: 'real'; id: number } | { kind: 'unit'; code: string } | null;
export type Mode = 'none' | 'add' | 'move';

export interface PlanningViewProps { role?: Role; client?: ApiClient; coverage?: CoverageClient }

export function PlanningView({ role, client = defaultApi, coverage = coverageApi }: PlanningViewProps) {
  const canEdit = role === 'admin' || role === 'planner';
  const [form, setForm] = useState<ParamForm>(DEFAULT_FORM);
  const parsed = paramsOf(form);
  const [params, setParams] = useState(() => ('params' in parsed ? parsed.params : { level: 'village' as const }));
  const paramsKey = JSON.stringify(params);
  useEffect(() => {
    if ('params' in parsed && JSON.stringify(parsed.params) !== paramsKey) setParams(parsed.params);
  }, [JSON.stringify(parsed)]); // eslint-disable-line react-hooks/exhaustive-deps

  const boot = useFetched('config', (signal) => client.config(signal));
  const units = useFetched(`units|${paramsKey}`, (signal) => coverage.units(params, signal));
  const summary = useFetched(`summary|${paramsKey}`, (signal) => coverage.summary(params, signal));
  const level = params.level ?? 'village';
  const townships = useFetched('areas|township', (signal) => client.areas('township', undefined, signal));
  const polygons = useFetched(`areas|${level}`, (signal) => client.areas(level, undefined, signal));
  const mediators = useFetched('mediators', (signal) => coverage.mediators(signal));

  const [changes, setChanges] = useState<ScenarioChange[]>([]);
  const [mode, setMode] = useState<Mode>('none');
  const [selected, setSelected] = useState<Selected>(null);
  const [camera, setCamera] = useState<CameraTarget | null>(null);
  const [showReal, setShowReal] = useState(true);
  const [best, setBest] = useState<BestSitesAnswer | null>(null);

  // What-if: every change of the scenario (or of the parameters) asks the server; one request at a
  // time, the newest waiting one sent when it returns (a drag asks on every mouse move).
  const [whatIf, setWhatIf] = useState<{ key: string; answer: WhatIfAnswer } | null>(null);
  const [whatIfError, setWhatIfError] = useState<string | null>(null);
  const whatIfKey = `${paramsKey}|${JSON.stringify(changes)}`;
  const runner = useMemo(() => latestOnly(
    (q: { key: string; body: Parameters<CoverageClient['whatIf']>[0] }, signal) => coverage.whatIf(q.body, signal),
    (answer, q) => { setWhatIf({ key: q.key, answer }); setWhatIfError(null); },
    (e) => setWhatIfError(e instanceof Error ? e.message : String(e)),
  ), [coverage]);
  useEffect(() => () => runner.cancel(), [runner]);
  useEffect(() => {
    if (changes.length === 0) { runner.cancel(); setWhatIf(null); setWhatIfError(null); return; }
    runner.request({ key: whatIfKey, body: { params, changes, with_units: true } });
  }, [whatIfKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const scenario = changes.length && whatIf ? whatIf.answer : null;
  const baseUnits = useMemo(() => units.data?.units ?? [], [units.data]);
  const statuses = useMemo(() => unitStatuses(baseUnits, scenario?.changed ?? null), [baseUnits, scenario]);
  const unitsData = useMemo(() => coverageUnitsData(polygons.data ?? EMPTY_AREAS, statuses), [polygons.data, statuses]);

  const realSites: RealSite[] = useMemo(() => {
    const moved = new Map(changes.flatMap((c) => (c.op === 'move' ? [[c.mediator_id, c] as const] : [])));
    const removed = new Set(changes.flatMap((c) => (c.op === 'remove' ? [c.mediator_id] : [])));
    return (mediators.data?.items ?? []).map((m) => {
      const mv = moved.get(m.id);
      return { id: m.id, name: m.name, lng: mv ? mv.lng : m.lng, lat: mv ? mv.lat : m.lat, state: removed.has(m.id) ? 'removed' : mv ? 'moved' : 'real' };
    });
  }, [mediators.data, changes]);
  const added = useMemo(() => changes.flatMap((c) => (c.op === 'add' ? [{ key: c.key, label: c.label ?? c.key, lng: c.lng, lat: c.lat }] : [])), [changes]);

  const basemapUrl = boot.data?.basemap_url ?? null;
  const composed = useMemo(() => composeLayers([
    basemapLayer(basemapUrl),
    coverageUnitsLayer(unitsData),
    townshipsLayer({ data: townships.data ?? EMPTY_AREAS, visible: true, thematic: null }),
    coverageSitesLayer({
      real: realSitesData(realSites, selected?.kind === 'real' ? selected.id : null),
      added: addedSitesData(added, selected?.kind === 'added' ? selected.key : null),
      suggested: suggestedSitesData(best?.sites ?? []),
      showReal,
    }),
  ]), [basemapUrl, unitsData, townships.data, realSites, added, best, selected, showReal]);
  const interactive = useMemo(() => [...COVERAGE_SITES_INTERACTIVE.filter((id) => showReal || id !== 'coverage-real-point'), ...COVERAGE_UNITS_INTERACTIVE], [showReal]);

  const onMapClick = useCallback((p: { lng: number; lat: number }, hit: MapFeatureHit | null) => {
    if (canEdit && mode === 'add') {
      const r = addSite(changes, p.lng, p.lat);
      setChanges(r.changes);
      setSelected({ kind: 'added', key: r.key });
      return;
    }
    if (canEdit && mode === 'move' && selected && (selected.kind === 'added' || selected.kind === 'real')) {
      setChanges(moveSite(changes, selected.kind === 'added' ? { key: selected.key } : { id: selected.id }, p.lng, p.lat));
      return;
    }
    const props = hit?.properties ?? {};
    if (hit?.layerId === 'coverage-added-point' && typeof props.key === 'string') setSelected({ kind: 'added', key: props.key });
    else if (hit?.layerId === 'coverage-real-point' && typeof props.id === 'number') setSelected({ kind: 'real', id: props.id });
    else if (hit?.layerId === 'coverage-units-fill' && typeof props.code === 'string') setSelected({ kind: 'unit', code: props.code });
    else setSelected(null);
  }, [canEdit, mode, changes, selected]);

  // Dragging a mediator (mouse): each move changes the scenario; the marker follows at once and the
  // figures as soon as the server has answered.
  const draggable = useMemo(() => (canEdit ? COVERAGE_SITES_INTERACTIVE.filter((id) => showReal || id !== 'coverage-real-point') : []), [canEdit, showReal]);
  const onFeatureDrag = useCallback((hit: MapFeatureHit, p: { lng: number; lat: number }, phase: 'start' | 'move' | 'end') => {
    const props = hit.properties;
    const target: { key: string } | { id: number } | null = hit.layerId === 'coverage-added-point' && typeof props.key === 'string' ? { key: props.key }
      : hit.layerId === 'coverage-real-point' && typeof props.id === 'number' ? { id: props.id } : null;
    if (!target) return;
    if (phase === 'start') setSelected('key' in target ? { kind: 'added', key: target.key } : { kind: 'real', id: target.id });
    setChanges((c) => moveSite(c, target, p.lng, p.lat));
  }, []);

  const zoomTo = (u: CoverageUnit) => {
    const [x, y] = u.point.coordinates;
    setSelected({ kind: 'unit', code: u.code });
    setCamera({ bbox: [x - 0.03, y - 0.025, x + 0.03, y + 0.025], key: Date.now(), maxZoom: 13.5, padding: PADDING });
  };

  const selectedUnit = selected?.kind === 'unit' ? baseUnits.find((u) => u.code === selected.code) ?? null : null;
  const selectedScenarioUnit = selectedUnit ? scenario?.changed?.find((u) => u.code === selectedUnit.code) ?? null : null;
  const selectedReal = selected?.kind === 'real' ? realSites.find((m) => m.id === selected.id) ?? null : null;
  const selectedAdded = selected?.kind === 'added' ? added.find((a) => a.key === selected.key) ?? null : null;
  const addedInfo = selectedAdded ? scenario?.added.find((a) => a.key === selectedAdded.key) ?? null : null;
  const dataReady = !!units.data && !!polygons.data && polygons.dataKey === `areas|${level}` && !!townships.data && !!mediators.data;
  const demo = boot.data?.dataset?.demo ?? true;
  const err = units.error ?? polygons.error ?? summary.error ?? mediators.error;

  return (
    <div className="overview planning" data-testid="planning-view">
      <div className="map-area">
        <MapView
          sources={composed.sources}
          layers={composed.layers}
          images={composed.images}
          interactiveLayerIds={interactive}
          onMapClick={onMapClick}
          draggableLayerIds={draggable}
          onFeatureDrag={onFeatureDrag}
          selected={selected?.kind === 'unit' ? { source: 'coverage-units', id: selected.code } : null}
          camera={camera}
          dataReady={dataReady}
          initialBounds={DISTRICT_BBOX}
          initialPadding={PADDING}
          ariaLabel="调解覆盖规划地图"
        />
        <div className="map-overlay-left">
          <ParamsPanel form={form} onForm={setForm} error={'error' in parsed ? parsed.error : null} settings={units.data?.settings ?? null} />
          <CoverageLegend level={level} scenario={!!scenario} showReal={showReal} onShowReal={setShowReal} />
          {canEdit && (
            <div className="panel planning-tools" role="group" aria-label="方案编辑">
              <div className="segmented">
                <button type="button" className={mode === 'none' ? 'active' : ''} onClick={() => setMode('none')}>查看</button>
                <button type="button" className={mode === 'add' ? 'active' : ''} onClick={() => setMode('add')} data-testid="mode-add">点击新增</button>
                <button type="button" className={mode === 'move' ? 'active' : ''} onClick={() => setMode('move')} disabled={!selected || selected.kind === 'unit'}>点击移到</button>
              </div>
              <p className="hint">
                {mode === 'add' ? '在地图上点击，放置一名假设调解员（负责其所在的村/社区）。'
                  : mode === 'move' ? '在地图上点击新位置，所选调解员移到该处（可连续点击）。'
                    : '用鼠标拖动调解员（圆点），覆盖数字随之更新；或点击选中后“点击移到”，也可在右侧移除。'}
              </p>
            </div>
          )}
        </div>
        {(selectedUnit || selectedReal || selectedAdded) && (
          <div className="map-overlay-right">
            <div className="panel planning-detail" data-testid="planning-detail">
              <button type="button" className="icon-button planning-close" aria-label="关闭" onClick={() => setSelected(null)}>×</button>
              {selectedUnit && <UnitDetail unit={selectedUnit} scenarioUnit={selectedScenarioUnit} />}
              {selectedReal && (
                <>
                  <h3>{selectedReal.name}</h3>
                  <p className="small muted">在岗调解员（编号 {selectedReal.id}）{selectedReal.state === 'removed' ? '：本方案中已停用' : selectedReal.state === 'moved' ? '：本方案中已移动' : ''}</p>
                  {canEdit && (
                    <button type="button" className="secondary-button small" onClick={() => setChanges(removeSite(changes, { id: selectedReal.id }))}>
                      {selectedReal.state === 'removed' ? '恢复（取消停用）' : '在方案中停用'}
                    </button>
                  )}
                </>
              )}
              {selectedAdded && (
                <>
                  <h3>{selectedAdded.label}</h3>
                  <p className="small muted">假设调解员 · {addedInfo?.village_name ? `负责 ${addedInfo.village_name}` : addedInfo ? '不在任何村（社区）内：只计距离' : '计算中…'}</p>
                  <p className="small muted">{selectedAdded.lng.toFixed(5)}, {selectedAdded.lat.toFixed(5)}</p>
                  {canEdit && (
                    <button type="button" className="secondary-button small" onClick={() => { setChanges(removeSite(changes, { key: selectedAdded.key })); setSelected(null); }}>移除</button>
                  )}
                </>
              )}
            </div>
          </div>
        )}
        <div className="map-status">
          {(units.loading || polygons.loading) && <Loading text="正在计算覆盖情况…" />}
          {err && <ErrorMessage message={err.message} onRetry={() => { units.reload(); polygons.reload(); summary.reload(); mediators.reload(); }} />}
          {whatIfError && <ErrorMessage message={`方案推演失败：${whatIfError}`} />}
        </div>
        <Notice text={demo ? '演示数据：调解员、人口和案件均为生成的示意数据，村界、网格为示意边界（非官方）；方案只做推演，不改动真实数据。' : '方案只做推演，不改动真实数据。'} />
      </div>
      <aside className="sidebar" aria-label="覆盖规划">
        <div className="sidebar-head">
          <h2>覆盖规划</h2>
          <div className="sidebar-period">
            {units.data ? `${COVERAGE_LEVELS[units.data.settings.level]} · 案件统计 ${units.data.settings.period.from} 至 ${units.data.settings.period.to}` : '—'}
          </div>
        </div>
        <details className="planning-definition" open>
          <summary>覆盖口径</summary>
          <p className="prewrap small" data-testid="coverage-definition">{COVERAGE_DEFINITION}</p>
        </details>
        <CoverageFigures baseline={summary.data?.totals ?? null} scenario={scenario?.scenario ?? null} elapsed={scenario?.elapsed_ms ?? null} />
        {scenario && scenario.warnings.length > 0 && <ul className="planning-warnings">{scenario.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
        <ScenarioPanel canEdit={canEdit} coverage={coverage} params={params} changes={changes} onChanges={setChanges}
          onLoad={(s) => { setChanges(s.changes); setSelected(null); setBest(null); setForm(formOf(s.params)); }} />
        {canEdit && <BestSitesPanel coverage={coverage} params={params} changes={changes} answer={best} onAnswer={setBest}
          onAdopt={(sites) => { let c = changes; for (const s of sites) c = addSite(c, s.lng, s.lat).changes; setChanges(c); setBest(null); }} />}
        <UncoveredList units={baseUnits} scenarioChanged={scenario?.changed ?? null} onPick={zoomTo}
          exportUrl={coverage.unitsXlsxUrl(params)} summary={summary.data ?? null} />
      </aside>
    </div>
  );
}

function formOf(p: { level?: 'village' | 'grid'; radius_m?: number; radius_urban_m?: number; radius_rural_m?: number; from?: string; to?: string }): ParamForm {
  const mode = p.radius_m !== undefined ? 'one' : p.radius_urban_m !== undefined || p.radius_rural_m !== undefined ? 'classes' : 'default';
  return {
    level: p.level ?? 'village', mode,
    radius: String(p.radius_m ?? DEFAULT_FORM.radius), urban: String(p.radius_urban_m ?? DEFAULT_FORM.urban), rural: String(p.radius_rural_m ?? DEFAULT_FORM.rural),
    from: p.from ?? '', to: p.to ?? '',
  };
}

function UnitDetail({ unit, scenarioUnit }: { unit: CoverageUnit; scenarioUnit: CoverageUnit | null }) {
  const now = scenarioUnit ?? unit;
  return (
    <>
      <h3>{unit.name}</h3>
      <p className="small muted">{unit.code} · {unit.urban ? '城镇' : '乡村'} · 覆盖半径 {unit.radius_m} 米</p>
      <dl className="planning-dl">
        <dt>现状</dt><dd className={unit.covered ? 'ok' : 'bad'}>{unit.covered ? '已覆盖' : `未覆盖（${unit.reasons.map(reasonText).join('、')}）`}</dd>
        {scenarioUnit && (<><dt>方案</dt><dd className={now.covered ? 'ok' : 'bad'}>{now.covered ? '已覆盖' : `未覆盖（${now.reasons.map(reasonText).join('、')}）`}</dd></>)}
        <dt>负责的在岗调解员</dt><dd>{now.responsible_mediators.length} 人</dd>
        <dt>最近在岗调解员</dt><dd>{now.nearest_mediator_m === null ? '无' : `${Math.round(now.nearest_mediator_m).toLocaleString('zh-CN')} 米${now.nearest_mediator_id !== null && now.nearest_mediator_id < 0 ? '（假设）' : ''}`}</dd>
        <dt>人口（估计）</dt><dd>{unit.population_est.toLocaleString('zh-CN')}</dd>
        <dt>案件数</dt><dd>{unit.case_count}</dd>
      </dl>
    </>
  );
}

const reasonText = (r: string) => (r === 'no_responsible_mediator' ? '无负责调解员' : r === 'too_far' ? '最近调解员超出半径' : r);
