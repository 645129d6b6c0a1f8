// 态势总览: the leadership dashboard — coverage and dispute density on the map, key figures and charts beside it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DISPUTE_TYPES, type AreaLevel, type DisputeType } from '../../../server/src/contract/vocab.ts';
import { api as defaultApi, type ApiClient } from '../api/client.ts';
import type { AreaCollection, AreaFeature, AreaProperties, CaseFilter } from '../api/types.ts';
import { MapView } from '../map/MapView.tsx';
import type { CameraTarget, LngLatBBox, MapFeatureHit } from '../map/types.ts';
import { composeLayers } from '../layers/compose.ts';
import { framePadding } from '../lib/sheet.ts';
import { townshipsLayer } from '../layers/townships.ts';
import { villagesLayer } from '../layers/villages.ts';
import { gridsLayer } from '../layers/grids.ts';
import { casesLayer } from '../layers/cases.ts';
import { basemapLayer } from '../layers/basemap.ts';
import { EMPTY_AREAS } from '../layers/area-style.ts';
import { buildThematic, enrichAreas, type Theme } from '../lib/thematic.ts';
import type { DensityUnit } from '../lib/density.ts';
import { presetPeriod, PERIOD_PRESETS, validatePeriod, type Period, type PeriodPreset } from '../lib/period.ts';
import { noticeText, schematicLevels } from '../lib/notice.ts';
import { bboxOf } from '../lib/bbox.ts';
import { formatDate } from '../lib/format.ts';
import { useFetched } from './useFetched.ts';
import { Controls, type LayerKey } from '../components/Controls.tsx';
import { Legend } from '../components/Legend.tsx';
import { KeyFigures } from '../components/KeyFigures.tsx';
import { BySourcePanel } from '../components/BySourcePanel.tsx';
import { DetailsPanel } from '../components/DetailsPanel.tsx';
import { Notice } from '../components/Notice.tsx';
import { Tooltip } from '../components/Tooltip.tsx';
import { ByMonthChart, ByTownshipChart, ByTypeChart } from '../components/Charts.tsx';
import { ErrorMessage, Loading } from '../components/StatusMessage.tsx';

declare global {
  interface Window {
    __APP_CONFIG__?: { basemapUrl?: string | null };
  }
}

const SOURCE_LEVEL: Record<string, AreaLevel> = { townships: 'township', villages: 'village', grids: 'grid' };
const LEVELS: readonly AreaLevel[] = ['township', 'village', 'grid'];

// The first view: the real district outline's bounding box (data/source/SOURCES.md), with room for
// the control panel. The map opens there, so fitting to the loaded townships hardly moves it and no
// source is tiled twice before the first complete picture.
const DISTRICT_BBOX: LngLatBBox = [113.7165, 31.7523, 114.2075, 32.3378];
const FIRST_VIEW_PADDING = { top: 24, right: 24, bottom: 56, left: 316 };

function filterKey(f: CaseFilter): string {
  return `${f.from ?? ''}|${f.to ?? ''}|${f.type ?? ''}`;
}

export interface OverviewViewProps {
  client?: ApiClient;
}

export function OverviewView({ client = defaultApi }: OverviewViewProps) {
  // On phones the figures and charts are a sheet over the map (styles.css); collapsed, the map is whole.
  const [sheetCollapsed, setSheetCollapsed] = useState(false);
  const viewRef = useRef<HTMLDivElement>(null);
  // …and the map's controls and legend fold away behind one button, so the map is seen.
  const [controlsOpen, setControlsOpen] = useState(false);
  // Boot: /api/config tells the basemap and the data set's anchor date, from which the period presets
  // count back, so the areas and the summary are then fetched in parallel (one round trip less).
  // A server without dataset in its config answers it through the default summary instead.
  const boot = useFetched('boot', async (signal) => {
    const config = await client.config(signal);
    if (config?.dataset) return { config, dataset: config.dataset };
    return { config, dataset: (await client.summary(undefined, signal)).dataset };
  });
  const anchor = boot.data?.dataset.anchor_date ?? null;

  const [theme, setTheme] = useState<Theme>('coverage');
  const [level, setLevel] = useState<AreaLevel>('village');
  const [densityUnit, setDensityUnit] = useState<DensityUnit>('km2');
  const [preset, setPreset] = useState<PeriodPreset>('12m');
  const [custom, setCustom] = useState<Period>({ from: '', to: '' });
  const [disputeType, setDisputeType] = useState<DisputeType | ''>('');
  const [visible, setVisible] = useState<Record<LayerKey, boolean>>({ township: true, village: true, grid: false, cases: false });
  const [selected, setSelected] = useState<{ level: AreaLevel; code: string } | null>(null);
  const [hover, setHover] = useState<{ level: AreaLevel; code: string; x: number; y: number } | null>(null);
  const [camera, setCamera] = useState<CameraTarget | null>(null);

  // The period shown; a custom one is used only once it is valid.
  const period: Period | null = useMemo(() => {
    if (!anchor) return null;
    if (preset === 'custom') return validatePeriod(custom) ? null : custom;
    const months = PERIOD_PRESETS.find((p) => p.key === preset)?.months ?? 12;
    return presetPeriod(anchor, months);
  }, [anchor, preset, custom]);
  const periodError = preset === 'custom' ? validatePeriod(custom) : null;

  const [appliedFilter, setAppliedFilter] = useState<CaseFilter | null>(null);
  useEffect(() => {
    if (period) setAppliedFilter({ from: period.from, to: period.to, ...(disputeType ? { type: disputeType } : {}) });
  }, [period?.from, period?.to, disputeType]); // eslint-disable-line react-hooks/exhaustive-deps
  const fk = appliedFilter ? filterKey(appliedFilter) : null;

  const summary = useFetched(fk, (signal) => client.summary(appliedFilter ?? undefined, signal));

  // Area levels to load: the visible ones, the thematic one, and townships (names and zooming).
  const needed = useMemo(() => new Set<AreaLevel>(['township', level, ...LEVELS.filter((l) => visible[l])]), [level, visible]);
  const areaFetch = (l: AreaLevel) => (signal: AbortSignal) =>
    client.areas(l, appliedFilter ?? undefined, signal).then(enrichAreas);
  const areas: Record<AreaLevel, ReturnType<typeof useFetched<AreaCollection>>> = {
    township: useFetched(fk && needed.has('township') ? `township|${fk}` : null, areaFetch('township')),
    village: useFetched(fk && needed.has('village') ? `village|${fk}` : null, areaFetch('village')),
    grid: useFetched(fk && needed.has('grid') ? `grid|${fk}` : null, areaFetch('grid')),
  };
  const dataReady = fk !== null && [...needed].every((l) => areas[l].dataKey === `${l}|${fk}` && !areas[l].loading);
  const areasError = LEVELS.map((l) => areas[l].error).find((e) => e) ?? null;
  const anyLoading = summary.loading || LEVELS.some((l) => areas[l].loading);

  const byCode = useMemo(() => {
    const m = new Map<string, AreaFeature>();
    for (const l of LEVELS) for (const f of areas[l].data?.features ?? []) m.set(`${l}|${f.properties.code}`, f);
    return m;
  }, [areas.township.data, areas.village.data, areas.grid.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const findArea = useCallback((l: AreaLevel, code: string): AreaProperties | null => byCode.get(`${l}|${code}`)?.properties ?? null, [byCode]);

  // Zoom to the district once the townships are first known.
  const townshipData = areas.township.data;
  const [fitted, setFitted] = useState(false);
  useEffect(() => {
    if (fitted || !townshipData) return;
    const bbox = bboxOf(townshipData.features);
    if (bbox) setCamera({ bbox, key: Date.now(), maxZoom: 11, padding: framePadding(FIRST_VIEW_PADDING, viewRef.current), instant: true });
    setFitted(true);
  }, [townshipData, fitted]);

  const thematic = useMemo(
    () => buildThematic(areas[level].data?.features ?? [], theme, level, densityUnit),
    [areas[level].data, theme, level, densityUnit], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const basemapUrl = (typeof window !== 'undefined' ? window.__APP_CONFIG__?.basemapUrl : null) ?? boot.data?.config?.basemap_url ?? null;
  const composed = useMemo(
    () =>
      composeLayers([
        basemapLayer(basemapUrl),
        townshipsLayer({ data: areas.township.data ?? EMPTY_AREAS, visible: visible.township, thematic: level === 'township' ? thematic : null }),
        villagesLayer({ data: areas.village.data ?? EMPTY_AREAS, visible: visible.village, thematic: level === 'village' ? thematic : null }),
        gridsLayer({ data: areas.grid.data ?? EMPTY_AREAS, visible: visible.grid, thematic: level === 'grid' ? thematic : null }),
        casesLayer({ tileUrl: client.casesTileUrl(appliedFilter ?? undefined), visible: visible.cases, type: appliedFilter?.type }),
      ]),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [basemapUrl, areas.township.data, areas.village.data, areas.grid.data, visible, level, thematic, fk],
  );
  const interactive = useMemo(
    () => (['grids-fill', 'villages-fill', 'townships-fill'] as const).filter((id) => visible[SOURCE_LEVEL[id.split('-')[0]!]!]),
    [visible],
  );

  const onHover = useCallback((hit: MapFeatureHit | null, point: { x: number; y: number }) => {
    const l = hit ? SOURCE_LEVEL[hit.source] : undefined;
    const code = hit?.properties.code;
    setHover(l && typeof code === 'string' ? { level: l, code, x: point.x, y: point.y } : null);
  }, []);
  const onSelect = useCallback((hit: MapFeatureHit | null) => {
    const l = hit ? SOURCE_LEVEL[hit.source] : undefined;
    const code = hit?.properties.code;
    setSelected(l && typeof code === 'string' ? { level: l, code } : null);
  }, []);
  const selectTownship = useCallback(
    (code: string) => {
      setSelected({ level: 'township', code });
      const f = byCode.get(`township|${code}`);
      const bbox = f ? bboxOf([f]) : null;
      if (bbox) setCamera({ bbox, key: Date.now(), maxZoom: 13, padding: framePadding({ top: 40, right: 320, bottom: 64, left: 320 }, viewRef.current) });
    },
    [byCode],
  );

  const chooseLevel = (l: AreaLevel) => {
    setLevel(l);
    setVisible((v) => ({ ...v, [l]: true }));
  };
  const choosePreset = (p: PeriodPreset) => {
    if (p === 'custom' && period && !custom.from) setCustom(period);
    setPreset(p);
  };

  const displayed: Partial<Record<AreaLevel, AreaFeature[]>> = {};
  for (const l of LEVELS) if (visible[l] && areas[l].data) displayed[l] = areas[l].data!.features;
  const notice = noticeText(schematicLevels(displayed), (summary.data?.dataset ?? boot.data?.dataset)?.demo ?? false);

  const selectedArea = selected ? findArea(selected.level, selected.code) : null;
  const hoverArea = hover ? findArea(hover.level, hover.code) : null;
  const shownSummary = summary.data;
  const periodLabel = appliedFilter?.from && appliedFilter.to ? `${formatDate(appliedFilter.from)} 至 ${formatDate(appliedFilter.to)}` : '';

  if (boot.error) {
    return (
      <div className="view-center">
        <ErrorMessage message={`数据加载失败：${boot.error.message}`} onRetry={boot.reload} />
      </div>
    );
  }

  return (
    <div ref={viewRef} className={`overview overview-main${sheetCollapsed ? ' sheet-collapsed' : ''}${controlsOpen ? ' controls-open' : ''}`}>
      <button type="button" className="sheet-toggle" aria-expanded={!sheetCollapsed} onClick={() => setSheetCollapsed((c) => !c)}>
        {sheetCollapsed ? '展开统计' : '收起统计'}
      </button>
      <div className="map-area">
        <MapView
          sources={composed.sources}
          layers={composed.layers}
          images={composed.images}
          interactiveLayerIds={interactive}
          onHover={onHover}
          onSelect={onSelect}
          selected={selected ? { source: `${selected.level}s`, id: selected.code } : null}
          camera={camera}
          dataReady={dataReady}
          initialBounds={DISTRICT_BBOX}
          initialPadding={FIRST_VIEW_PADDING}
          ariaLabel="浉河区诉源治理网格地图"
        />
        <button type="button" className="overlay-toggle panel" aria-expanded={controlsOpen} onClick={() => setControlsOpen((o) => !o)}>
          {controlsOpen ? '收起图层与筛选' : '图层与筛选'}
        </button>
        <div className="map-overlay-left">
          <Controls
            theme={theme} onTheme={setTheme}
            level={level} onLevel={chooseLevel}
            densityUnit={densityUnit} onDensityUnit={setDensityUnit}
            preset={preset} onPreset={choosePreset}
            custom={custom} onCustom={setCustom} periodError={periodError}
            disputeType={disputeType} onDisputeType={setDisputeType}
            visible={visible} onToggle={(k) => setVisible((v) => ({ ...v, [k]: !v[k] }))}
          />
          <Legend model={areas[level].data ? thematic : null} showCases={visible.cases} />
        </div>
        {selectedArea && (
          <div className="map-overlay-right">
            <DetailsPanel
              area={selectedArea}
              townshipName={selectedArea.township_code ? findArea('township', selectedArea.township_code)?.name ?? null : null}
              periodLabel={periodLabel}
              onClose={() => setSelected(null)}
            />
          </div>
        )}
        {hover && hoverArea && <Tooltip area={hoverArea} x={hover.x} y={hover.y} densityUnit={densityUnit} />}
        <div className="map-status">
          {!boot.data && <Loading text="正在加载地图数据…" />}
          {boot.data && anyLoading && <Loading text="正在更新数据…" />}
          {areasError && <ErrorMessage message={areasError.message} onRetry={() => LEVELS.forEach((l) => areas[l].error && areas[l].reload())} />}
        </div>
        <Notice text={notice} />
      </div>
      <aside className="sidebar" aria-label="统计概览">
        <div className="sidebar-head">
          <h2>态势总览</h2>
          <div className="sidebar-period">
            {periodLabel || '—'}
            {disputeType && <span className="tag">{DISPUTE_TYPES[disputeType]}</span>}
          </div>
        </div>
        {summary.error && <ErrorMessage message={summary.error.message} onRetry={summary.reload} />}
        <KeyFigures totals={shownSummary?.totals ?? null} />
        {shownSummary ? (
          <>
            <ByMonthChart data={shownSummary.by_month} />
            <ByTypeChart data={shownSummary.by_type} />
            {shownSummary.by_source && <BySourcePanel data={shownSummary.by_source} settledOnSpot={shownSummary.totals.settled_on_spot} />}
            <ByTownshipChart data={shownSummary.by_township} selectedCode={selected?.level === 'township' ? selected.code : null} onSelect={selectTownship} />
          </>
        ) : (
          !summary.error && <Loading text="正在加载统计数据…" />
        )}
        {shownSummary?.dataset && (
          <p className="sidebar-foot">
            数据集：{shownSummary.dataset.name}
            {shownSummary.dataset.demo ? '（演示数据）' : ''} · 截至 {formatDate(shownSummary.dataset.anchor_date)}
          </p>
        )}
      </aside>
    </div>
  );
}
