// 边界导入 (issue 5): choose level, file, CRS and code property → upload (progress bar) → preview on the
// map (current boundaries dashed, imported ones filled by status, overlaps and gaps marked) with the
// problems table → commit as a new version → the open cases whose grid or village changed; the version
// history of the level below. Every problem with a place is a red numbered marker (layers/boundary-problems.ts);
// a click on its row flies there and outlines the feature; the list downloads as Excel. Admin only (App.tsx VIEWS).
import { useEffect, useMemo, useState } from 'react';
import { bbox as turfBbox } from '@turf/turf';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../../server/src/contract/vocab.ts';
import {
  BOUNDARY_LEVELS, CRS_CHOICES, PROBLEM_KINDS, type BoundaryLevel, type BoundaryPreview, type ImportChanges,
} from '../../../../server/src/contract/boundaries.ts';
import { api, ApiError } from '../../api/client.ts';
import { boundariesApi, type BoundariesClient, type UploadProgress } from '../../api/boundaries.ts';
import type { AreaCollection } from '../../api/types.ts';
import { MapView } from '../../map/MapView.tsx';
import type { CameraTarget, LayerSpecification, LngLatBBox, SourceSpecification } from '../../map/types.ts';
import { useFetched } from '../useFetched.ts';
import { problemLayers, problemMarkers, type ProblemRow } from '../../layers/boundary-problems.ts';
import { DateField } from '../../components/DateField.tsx';

const LEVELS = Object.keys(BOUNDARY_LEVELS) as BoundaryLevel[];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const STATUS_TEXT = { ok: '通过', warning: '警告', error: '错误' } as const;

const fmtArea = (m2: number | undefined) => (m2 === undefined ? '' : m2 >= 1e6 ? `${(m2 / 1e6).toFixed(3)} km²` : `${Math.round(m2).toLocaleString('zh-CN')} m²`);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The map's layers: current boundaries (dashed blue-grey), imported (orange outline, fill by status), problems. */
function previewLayers(): LayerSpecification[] {
  return [
    { id: 'bi-imported-fill', type: 'fill', source: 'bi-imported', filter: ['==', ['get', 'kind'], 'imported'],
      paint: { 'fill-color': ['match', ['get', 'status'], 'error', '#e03131', 'warning', '#f08c00', '#2f9e44'], 'fill-opacity': 0.22 } },
    { id: 'bi-problem-fill', type: 'fill', source: 'bi-imported', filter: ['!=', ['get', 'kind'], 'imported'],
      paint: { 'fill-color': ['match', ['get', 'kind'], 'gap', '#7048e8', '#c2255c'], 'fill-opacity': 0.65 } },
    { id: 'bi-current-line', type: 'line', source: 'bi-current',
      paint: { 'line-color': '#364fc7', 'line-width': 1.3, 'line-dasharray': [2, 2] } },
    { id: 'bi-imported-line', type: 'line', source: 'bi-imported', filter: ['==', ['get', 'kind'], 'imported'],
      paint: { 'line-color': '#e8590c', 'line-width': 2 } },
  ];
}

export function BoundaryImportView(props: { role?: Role; client?: BoundariesClient; areas?: (level: BoundaryLevel) => Promise<AreaCollection> }) {
  const client = props.client ?? boundariesApi;
  const fetchAreas = props.areas ?? ((level: BoundaryLevel) => api.areas(level));
  const [level, setLevel] = useState<BoundaryLevel>('grid');
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<string>('auto');
  const [matchBy, setMatchBy] = useState<'code' | 'name'>('code');
  const [codeProperty, setCodeProperty] = useState<string>('');
  const [makeValid, setMakeValid] = useState(false);
  /** The admin chose to leave out the features with errors (upload field skip_errors). */
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState<null | 'upload' | 'commit'>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [slow, setSlow] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The boundaries changed after this preview was made (409 boundaries_changed): it must be made again. */
  const [stale, setStale] = useState(false);
  const [preview, setPreview] = useState<BoundaryPreview | null>(null);
  const [geo, setGeo] = useState<GeoJSON.FeatureCollection>(EMPTY);
  const [validFrom, setValidFrom] = useState(today());
  const [acceptWarnings, setAcceptWarnings] = useState(false);
  const [changes, setChanges] = useState<ImportChanges | null>(null);
  const [camera, setCamera] = useState<CameraTarget | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  /** The problem chosen in the list: its marker and its feature are outlined. */
  const [selected, setSelected] = useState<{ i: number; n: number | null } | null>(null);

  const current = useFetched<AreaCollection>(`areas-${level}-${historyKey}`, () => fetchAreas(level));
  const versions = useFetched(`versions-${level}-${historyKey}`, (signal) => client.versions(level, undefined, signal));

  // The progress bar appears only when something takes longer than a second.
  useEffect(() => {
    if (!busy) { setSlow(false); return; }
    const t = setTimeout(() => setSlow(true), 1000);
    return () => clearTimeout(t);
  }, [busy]);

  async function runPreview(crsNow: string = crs, skipNow: boolean = skip) {
    if (!file) { setError('请先选择文件'); return; }
    setBusy('upload'); setError(null); setStale(false); setChanges(null); setProgress({ sent: 0, server: null });
    try {
      const p = await client.upload(file, { level, crs: crsNow, match_by: matchBy, code_property: codeProperty || undefined, make_valid: makeValid, skip_errors: skipNow }, setProgress);
      setPreview(p);
      setSelected(null);
      setAcceptWarnings(false);
      if (p.match.property && matchBy === 'code') setCodeProperty(p.match.property);
      const fc = await client.previewGeojson(p.id);
      const status = new Map(p.features.map((f) => [f.n, f.status]));
      const withStatus = { ...fc, features: fc.features.map((f) => ({ ...f, properties: { ...f.properties, status: status.get(Number(f.properties?.n)) ?? 'ok' } })) };
      setGeo(withStatus);
      if (fc.features.length) setCamera({ bbox: turfBbox(fc) as LngLatBBox, key: Date.now(), maxZoom: 15, padding: { top: 40, right: 40, bottom: 40, left: 40 } });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null); setProgress(null);
    }
  }

  async function runCommit() {
    if (!preview) return;
    setBusy('commit'); setError(null);
    try {
      const c = await client.commit(preview.id, { valid_from: validFrom, accept_warnings: acceptWarnings });
      setChanges(c);
      setPreview(null);
      setGeo(EMPTY);
      setHistoryKey((k) => k + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.code === 'boundaries_changed') setStale(true);
    } finally {
      setBusy(null);
    }
  }

  async function runDiscard() {
    if (!preview) return;
    try { await client.discard(preview.id); } catch { /* an expired preview is gone anyway */ }
    setPreview(null); setGeo(EMPTY);
  }

  // One numbered line per problem of a feature, then per gap; the number is the marker's on the map.
  const problemRows = useMemo(() => {
    const rows = (preview?.features ?? []).flatMap((f) => f.problems.map((p, j) => ({ key: `${f.n}-${j}`, f, p })));
    return rows.map((r, k) => ({ ...r, i: k + 1 }));
  }, [preview]);
  const gapRows = useMemo(() => (preview?.gaps ?? []).map((g, k) => ({ g, i: problemRows.length + k + 1 })), [preview, problemRows]);
  const markerRows = useMemo<ProblemRow[]>(() => [
    ...problemRows.map((r) => ({ i: r.i, n: r.f.n, severity: r.p.severity, point: r.p.point })),
    ...gapRows.map((r) => ({ i: r.i, n: null, severity: 'warning' as const, point: r.g.point })),
  ], [problemRows, gapRows]);

  const sources = useMemo<Record<string, SourceSpecification>>(() => ({
    'bi-current': { type: 'geojson', data: (current.data ?? EMPTY) as GeoJSON.FeatureCollection },
    'bi-imported': { type: 'geojson', data: geo },
    'bi-problems': { type: 'geojson', data: problemMarkers(markerRows) },
  }), [current.data, geo, markerRows]);
  const layers = useMemo(() => [...previewLayers(), ...problemLayers(selected)], [selected]);

  /** A click on a problem: fly to its place (else to its feature) and outline both. */
  function showProblem(row: ProblemRow) {
    setSelected({ i: row.i, n: row.n });
    const d = 0.0015; // about 150 m around the place
    if (row.point) { setCamera({ bbox: [row.point.lng - d, row.point.lat - d, row.point.lng + d, row.point.lat + d], key: Date.now(), maxZoom: 17 }); return; }
    const f = geo.features.find((x) => x.properties?.kind === 'imported' && x.properties?.n === row.n);
    if (f) setCamera({ bbox: turfBbox(f) as LngLatBBox, key: Date.now(), maxZoom: 16 });
  }

  const pct = progress ? Math.round(progress.server ? 50 + (50 * progress.server.index) / progress.server.total : 50 * progress.sent) : busy === 'commit' ? 60 : 0;
  const warningsPending = !!preview && preview.summary.warnings > 0 && !acceptWarnings;

  return (
    <div className="boundary-import" data-testid="boundary-import-view">
      <aside className="bi-left" aria-label="导入设置">
        <h2 className="panel-title">边界导入</h2>
        <p className="muted">从网格化管理平台或 QGIS、奥维、Google Earth 导出的 GeoJSON、zip 压缩的 Shapefile、GeoPackage、FlatGeobuf、KML 或 KMZ 导入乡镇、村（社区）或网格的边界。先预览核对，确认后作为新版本提交，旧版本保留。</p>
        <div className="control-group">
          <span className="control-label">层级</span>
          <div className="segmented" role="radiogroup" aria-label="层级">
            {LEVELS.map((l) => (
              <button key={l} type="button" role="radio" aria-checked={level === l} className={level === l ? 'active' : ''} onClick={() => { setLevel(l); setPreview(null); setGeo(EMPTY); }}>
                {BOUNDARY_LEVELS[l]}
              </button>
            ))}
          </div>
        </div>
        {level === 'village' && (
          <p className="hint" data-testid="bi-village-rule">案件按网格定位（网格属于登记的村、社区）。导入的村（社区）边界必须与网格一致：若某个网格一半以上落入另一个村（社区），预览列出这些网格并拒绝提交——请先导入网格边界，或修正村界。</p>
        )}
        <label className="control-group">
          <span className="control-label">文件（≤ 50 MB）</span>
          <input type="file" accept=".geojson,.json,.zip,.kml,.kmz,.gpkg,.fgb" data-testid="bi-file" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setCodeProperty(''); setSkip(false); }} />
        </label>
        <label className="control-group">
          <span className="control-label">坐标系</span>
          <select value={crs} onChange={(e) => setCrs(e.target.value)} data-testid="bi-crs">
            {Object.entries(CRS_CHOICES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
          <span className="hint">Shapefile 按 .prj 自动识别；高德/腾讯地图取得的坐标请选 GCJ-02。CGCS2000 与 WGS84 在本地相差不足 1 米。</span>
        </label>
        <div className="control-group">
          <span className="control-label">匹配方式</span>
          <div className="segmented" role="radiogroup" aria-label="匹配方式">
            {(['code', 'name'] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={matchBy === m} className={matchBy === m ? 'active' : ''} onClick={() => setMatchBy(m)}>
                {m === 'code' ? '按代码' : '按名称'}
              </button>
            ))}
          </div>
        </div>
        {matchBy === 'code' && preview && preview.match.candidates.length > 0 && (
          <label className="control-group">
            <span className="control-label">代码字段</span>
            <select value={codeProperty} onChange={(e) => setCodeProperty(e.target.value)} data-testid="bi-code-property">
              {preview.match.candidates.map((c) => <option key={c.property} value={c.property}>{c.property}（匹配 {c.matches} 个）</option>)}
            </select>
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={makeValid} onChange={(e) => setMakeValid(e.target.checked)} />
          自动修复无效几何（自相交等）
        </label>
        <button type="button" className="primary-button" disabled={!file || busy !== null} onClick={() => void runPreview()} data-testid="bi-preview">
          {preview ? '重新预览' : '上传并预览'}
        </button>
        {busy && slow && (
          <div className="bi-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="bi-progress">
            <div className="bi-progress-bar" style={{ width: `${pct}%` }} />
            <span>{busy === 'commit' ? '正在提交并复核案件…' : progress?.server ? `服务器：${progress.server.label}` : `上传中 ${Math.round((progress?.sent ?? 0) * 100)}%`}</span>
          </div>
        )}
        {error && <p className="field-error" role="alert" data-testid="bi-error">{error}</p>}
        {stale && file && (
          <button type="button" className="primary-button" disabled={busy !== null} onClick={() => void runPreview()} data-testid="bi-repreview">
            用同一文件重新上传并预览
          </button>
        )}

        <section className="bi-history" aria-label="版本历史">
          <h3 className="panel-title">版本历史（{BOUNDARY_LEVELS[level]}）</h3>
          {versions.data && versions.data.items.length === 0 && <p className="muted">尚无导入的版本：现有边界均为示意边界。</p>}
          {versions.data && versions.data.items.length > 0 && (
            <table className="bi-table">
              <thead><tr><th>代码</th><th>名称</th><th>版本</th><th>生效</th><th>截止</th><th>来源</th></tr></thead>
              <tbody>
                {versions.data.items.slice(0, 200).map((v) => (
                  <tr key={`${v.code}-${v.version}`}><td>{v.code}</td><td>{v.name}</td><td>{v.version}</td><td>{v.valid_from ?? '—'}</td><td>{v.valid_to ?? '现行'}</td><td>{v.geometry_source === 'imported' ? '导入' : '示意'}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </aside>

      <div className="map-area">
        <MapView sources={sources} layers={layers} interactiveLayerIds={[]} camera={camera} dataReady={current.data !== null} ariaLabel="边界预览地图" />
        <div className="bi-legend panel" aria-label="图例">
          <span><i className="bi-sw bi-sw-current" />现有边界</span>
          <span><i className="bi-sw bi-sw-imported" />导入边界</span>
          <span><i className="bi-sw bi-sw-overlap" />重叠</span>
          <span><i className="bi-sw bi-sw-gap" />缝隙</span>
          <span><i className="bi-sw bi-sw-marker" />问题位置</span>
        </div>
      </div>

      <aside className="bi-right" aria-label="预览结果">
        {!preview && !changes && <p className="muted">上传文件后，这里列出每个要素的检查结果。</p>}
        {preview && (
          <section data-testid="bi-summary">
            <h3 className="panel-title">预览：{preview.file.name}</h3>
            <p className="hint">坐标系：{preview.crs.label}{preview.crs.source === 'prj' ? '（来自 .prj）' : ''}{preview.crs.note ? `；${preview.crs.note}` : ''}</p>
            {preview.crs_offset && (
              <div className="field-error" role="alert" data-testid="bi-crs-offset">
                <p>{preview.crs_offset.message}</p>
                <button type="button" className="primary-button" disabled={busy !== null} data-testid="bi-crs-fix"
                  onClick={() => { const c = preview.crs_offset!.suggested_crs; setCrs(c); void runPreview(c); }}>
                  按 {CRS_CHOICES[preview.crs_offset.suggested_crs as keyof typeof CRS_CHOICES] ?? preview.crs_offset.suggested_crs} 重新预览
                </button>
              </div>
            )}
            {preview.summary.skipped > 0 && (
              <p className="hint" data-testid="bi-skipped">
                已按选择排除 {preview.summary.skipped} 个要素（有错误，或区划在文件中重复）：这些{BOUNDARY_LEVELS[preview.level]}保留现有边界，重叠和缝隙已按此重新检查。{' '}
                <button type="button" className="link-button" disabled={busy !== null} onClick={() => { setSkip(false); void runPreview(crs, false); }}>不排除，重新预览全部要素</button>
              </p>
            )}
            <p className="hint">匹配：{preview.match.by === 'code' ? `按代码字段「${preview.match.property ?? '未找到'}」` : `按名称字段「${preview.match.property ?? '未找到'}」`}</p>
            <div className="key-figures">
              {([['要素', preview.summary.features, '', undefined], ['已匹配', preview.summary.matched, '', undefined],
                ['错误', preview.summary.errors, preview.summary.errors ? ' figure-warning' : '', 'bi-errors'], ['警告', preview.summary.warnings, '', 'bi-warnings']] as const).map(([label, value, tone, id]) => (
                <div key={label} className={`figure${tone}`}>
                  <div className="figure-label">{label}</div>
                  <div className="figure-value"><span className="figure-number" data-testid={id}>{value}</span><span className="figure-unit">个</span></div>
                </div>
              ))}
            </div>
            <p className="hint">重叠 {preview.summary.overlaps} 处，缝隙 {preview.summary.gaps} 处，超出辖区 {preview.summary.outside} 个，无效几何 {preview.summary.invalid} 个，未匹配 {preview.summary.unmatched} 个，文件中缺少的区划 {preview.summary.units_without_feature} 个；用时 {preview.summary.seconds} 秒。</p>
            {problemRows.length + preview.gaps.length > 0 && (
              <table className="bi-table" data-testid="bi-problems">
                <thead><tr><th>位置</th><th>要素</th><th>区划</th><th>问题</th><th>面积</th><th>说明</th></tr></thead>
                <tbody>
                  {problemRows.map(({ key, f, p, i }) => (
                    <tr key={key} className={`${p.severity === 'error' ? 'bi-row-error' : 'bi-row-warning'} bi-row-link${selected?.i === i ? ' bi-row-selected' : ''}`}
                      onClick={() => showProblem({ i, n: f.n, severity: p.severity, point: p.point })} data-testid={`bi-problem-${i}`}>
                      <td>{p.point ? <button type="button" className="bi-marker" aria-label={`在地图上定位问题 ${i}`}>{i}</button> : <span className="muted">无位置</span>}</td>
                      <td>{f.n}</td><td>{f.code ?? f.file_code ?? f.file_name ?? '—'}{f.unit_name ? ` ${f.unit_name}` : ''}</td>
                      <td>{STATUS_TEXT[p.severity]}·{PROBLEM_KINDS[p.kind]}</td><td>{fmtArea(p.area_m2)}</td><td>{p.message}</td>
                    </tr>
                  ))}
                  {gapRows.map(({ g, i }) => (
                    <tr key={`gap-${g.parent_code}-${i}`} className={`bi-row-warning bi-row-link${selected?.i === i ? ' bi-row-selected' : ''}`}
                      onClick={() => showProblem({ i, n: null, severity: 'warning', point: g.point })} data-testid={`bi-problem-${i}`}>
                      <td>{g.point ? <button type="button" className="bi-marker" aria-label={`在地图上定位问题 ${i}`}>{i}</button> : <span className="muted">无位置</span>}</td>
                      <td>—</td><td>{g.parent_code} {g.parent_name}</td><td>警告·缝隙</td><td>{fmtArea(g.area_m2)}</td><td>上级区划内有未被覆盖的区域</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {problemRows.length + gapRows.length > 0 && (
              <p className="hint">
                点击一行，地图飞到问题所在并勾出该要素；红色编号即地图上的标记。“无位置”的问题（如要素没有几何）没有可定位的地点。{' '}
                <a href={client.problemsUrl(preview.id)} download data-testid="bi-problems-download">下载问题清单（Excel，含要素原属性）</a>
              </p>
            )}
            {preview.grid_conflicts.length > 0 && (
              <div className="field-error" role="alert" data-testid="bi-grid-conflicts">
                <p>有 {preview.grid_conflicts.length} 个网格的大部分将落入另一个村（社区），与登记的所属村不符。案件按网格定位，请先导入网格边界或修正村界后再导入：</p>
                <table className="bi-table">
                  <thead><tr><th>网格</th><th>登记所属</th><th>新边界下大部分落在</th><th>比例</th></tr></thead>
                  <tbody>
                    {preview.grid_conflicts.slice(0, 100).map((g) => (
                      <tr key={g.grid_code}><td>{g.grid_code} {g.grid_name}</td><td>{g.recorded_name}</td><td>{g.lies_in_name}</td><td>{Math.round(g.share * 100)}%</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {preview.units_without_feature.length > 0 && (
              <p className="hint">文件中没有的区划（保留现有边界）：{preview.units_without_feature.slice(0, 30).map((u) => `${u.code} ${u.name}`).join('、')}{preview.units_without_feature.length > 30 ? ' …' : ''}</p>
            )}
            <div className="bi-commit">
              <label>生效日期 <DateField label="生效日期" value={validFrom} onChange={(v) => setValidFrom(v)} /></label>
              {preview.summary.warnings > 0 && (
                <label className="checkbox"><input type="checkbox" checked={acceptWarnings} onChange={(e) => setAcceptWarnings(e.target.checked)} data-testid="bi-accept" />已核对全部 {preview.summary.warnings} 个警告，仍然提交</label>
              )}
              <button type="button" className="primary-button" disabled={!preview.summary.can_commit || warningsPending || stale || busy !== null} onClick={() => void runCommit()} data-testid="bi-commit">
                提交为新版本
              </button>
              <button type="button" className="link-button" onClick={() => void runDiscard()}>放弃</button>
              {!preview.summary.can_commit && <p className="field-error">有错误，不能提交：请修正文件后重新预览。</p>}
              {!preview.summary.can_commit && preview.summary.errors > 0 && !preview.crs_offset && preview.grid_conflicts.length === 0 && preview.summary.skipped === 0 && (
                <div className="hint" data-testid="bi-skip-offer">
                  <p>也可以只导入没有错误的要素：有错误的 {preview.features.filter((f) => f.status === 'error').length} 个要素（以及文件中重复出现的区划）不导入，对应区划保留现有边界，其余要素与之重新检查重叠和缝隙后再决定是否提交。</p>
                  <button type="button" className="secondary-button" disabled={busy !== null} data-testid="bi-skip"
                    onClick={() => { setSkip(true); void runPreview(crs, true); }}>排除有错误的要素，其余重新检查</button>
                </div>
              )}
              {stale && <p className="field-error">此预览是按旧边界做的检查，不能再提交：请重新上传并预览。</p>}
            </div>
          </section>
        )}
        {changes && (
          <section data-testid="bi-changes">
            {changes.units === 0
              ? <h3 className="panel-title">没有变化：文件中的 {changes.unchanged} 个{BOUNDARY_LEVELS[changes.level]}与现行边界相同，未生成新版本</h3>
              : <h3 className="panel-title">已提交：{changes.units} 个{BOUNDARY_LEVELS[changes.level]}，自 {changes.valid_from} 起生效</h3>}
            {changes.units > 0 && changes.unchanged > 0 && <p className="hint">另有 {changes.unchanged} 个与现行边界相同，未生成新版本。</p>}
            {changes.units > 0 && <p className="hint">复核了 {changes.cases_checked} 件未结案件，其中 {changes.cases.length} 件所属网格或村（社区）发生变化，已通知分流员复核。</p>}
            {changes.cases.length > 0 && (
              <table className="bi-table">
                <thead><tr><th>案件</th><th>状态</th><th>原网格</th><th>新网格</th></tr></thead>
                <tbody>
                  {changes.cases.map((c) => (
                    <tr key={c.case_id}><td>#{c.case_id} {c.title}</td><td>{CASE_STATUSES[c.status as CaseStatus] ?? c.status}</td><td>{c.old.grid_code}</td><td>{c.new.grid_code}{c.tribunal_changed ? '（法庭变化）' : ''}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
            {changes.service_areas.length > 0 && (
              <p className="hint">需复核的服务范围：{changes.service_areas.map((s) => `${s.mediator_name}（${s.code}：登记上级 ${s.recorded_parent}，新边界位于 ${s.spatial_parent}）`).join('；')}</p>
            )}
            {changes.mediators_outside.length > 0 && (
              <p className="hint">驻地已不在服务范围内的调解员：{changes.mediators_outside.map((m) => m.mediator_name).join('、')}</p>
            )}
          </section>
        )}
      </aside>
    </div>
  );
}
