// 领导驾驶舱: the one screen for court leadership — the coverage / dispute-density map with its legend, the key
// figures of GET /api/dashboard (each opens its list), trends and breakdowns, and a one-page briefing as PNG
// (download) or PDF (the browser's print, A4 landscape, print stylesheet in styles.css).
import { PendingRequests } from '../dispatch/PendingRequests.tsx';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AreaLevel } from '../../../../server/src/contract/vocab.ts';
import type { Role } from '../../../../server/src/contract/auth.ts';
import type { DashboardFigure } from '../../../../server/src/contract/assessment.ts';
import { api as defaultApi, type ApiClient } from '../../api/client.ts';
import { assessmentApi, type AssessmentClient } from '../../api/assessment.ts';
import { MapView } from '../../map/MapView.tsx';
import type { LngLatBBox } from '../../map/types.ts';
import { composeLayers } from '../../layers/compose.ts';
import { townshipsLayer } from '../../layers/townships.ts';
import { villagesLayer } from '../../layers/villages.ts';
import { basemapLayer } from '../../layers/basemap.ts';
import { EMPTY_AREAS } from '../../layers/area-style.ts';
import { buildThematic, enrichAreas, THEMES, type Theme } from '../../lib/thematic.ts';
import { presetPeriod, PERIOD_PRESETS, type PeriodPreset } from '../../lib/period.ts';
import { noticeText, schematicLevels } from '../../lib/notice.ts';
import { formatDate, formatDecimal, formatShare } from '../../lib/format.ts';
import { useFetched } from '../useFetched.ts';
import { Legend } from '../../components/Legend.tsx';
import { Notice } from '../../components/Notice.tsx';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { BarsChart, Card, TrendChart } from './Charts.tsx';
import { FigureList } from './FigureList.tsx';
import { OutcomesExport } from '../../components/OutcomesExport.tsx';
import { keyFigures } from './figures.ts';
import { drawBriefing } from './briefing.ts';

const DISTRICT_BBOX: LngLatBBox = [113.7165, 31.7523, 114.2075, 32.3378];
const PADDING = { top: 24, right: 24, bottom: 56, left: 232 };
const PRESETS = PERIOD_PRESETS.filter((p) => p.key !== '24m');

export interface LeadershipViewProps {
  role?: Role;
  client?: ApiClient;
  assessment?: AssessmentClient;
}

export function LeadershipView({ client = defaultApi, assessment = assessmentApi }: LeadershipViewProps) {
  const boot = useFetched('boot', (signal) => client.config(signal));
  const anchor = boot.data?.dataset?.anchor_date ?? (boot.data === null ? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) : null);
  const [preset, setPreset] = useState<PeriodPreset>('12m');
  const [theme, setTheme] = useState<Theme>('coverage');
  const [level, setLevel] = useState<AreaLevel>('village');
  const [open, setOpen] = useState<DashboardFigure | null>(null);
  const [briefing, setBriefing] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);

  const period = useMemo(() => (anchor ? presetPeriod(anchor, PRESETS.find((p) => p.key === preset)?.months ?? 12) : null), [anchor, preset]);
  const pk = period ? `${period.from}|${period.to}` : null;
  const dash = useFetched(pk, (signal) => assessment.dashboard(period!, signal));
  const townships = useFetched(pk ? `township|${pk}` : null, (signal) => client.areas('township', period!, signal).then(enrichAreas));
  const villages = useFetched(pk && level === 'village' ? `village|${pk}` : null, (signal) => client.areas('village', period!, signal).then(enrichAreas));

  const shown = level === 'village' ? villages.data : townships.data;
  const thematic = useMemo(() => buildThematic(shown?.features ?? [], theme, level, 'per10k'), [shown, theme, level]);
  const composed = useMemo(() => composeLayers([
    basemapLayer(boot.data?.basemap_url ?? null),
    townshipsLayer({ data: townships.data ?? EMPTY_AREAS, visible: true, thematic: level === 'township' ? thematic : null }),
    villagesLayer({ data: villages.data ?? EMPTY_AREAS, visible: level === 'village', thematic: level === 'village' ? thematic : null }),
  ]), [boot.data, townships.data, villages.data, level, thematic]);
  const dataReady = Boolean(dash.data && townships.data && (level === 'township' || villages.data) && !townships.loading && !villages.loading);

  const figures = dash.data ? keyFigures(dash.data) : [];
  const demo = dash.data?.dataset.demo ?? boot.data?.dataset?.demo ?? false;
  const notice = noticeText(schematicLevels({ township: townships.data?.features ?? [], ...(level === 'village' ? { village: villages.data?.features ?? [] } : {}) }), demo);
  const periodLabel = period ? `${formatDate(period.from)} 至 ${formatDate(period.to)}` : '';

  const makeBriefing = useCallback(() => {
    if (!dash.data || !shown || !townships.data) return null;
    const canvas = drawBriefing({
      title: '浉河区诉源治理工作简报',
      subtitle: `统计期：${periodLabel}${demo ? '（演示数据）' : ''} · 信阳市浉河区人民法院`,
      features: shown.features,
      model: thematic,
      figures: figures.map((f) => ({ label: f.label, value: `${f.value}${f.unit && f.value !== '—' ? ` ${f.unit}` : ''}`, hint: f.hint, warning: f.warning })),
      notes: [
        dash.data.definitions.success_rate,
        dash.data.definitions.filed_per_10k,
        notice ?? '',
      ].filter(Boolean),
    }, townships.data.features);
    return canvas.toDataURL('image/png');
  }, [dash.data, shown, townships.data, thematic, figures, periodLabel, demo, notice]);

  const download = () => {
    const url = makeBriefing();
    if (!url || !period) return;
    setBriefing(url);
    const a = document.createElement('a');
    a.href = url;
    a.download = `浉河区诉源治理简报-${period.from}-${period.to}.png`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  const print = () => {
    const url = makeBriefing();
    if (!url) return;
    setBriefing(url);
    setPrinting(true);
  };
  useEffect(() => {
    if (!printing || !briefing) return;
    const t = setTimeout(() => { printBriefing(); setPrinting(false); }, 50);
    return () => clearTimeout(t);
  }, [printing, briefing]);
  // Leaving the view never leaves the briefing's print rule behind for another page.
  useEffect(() => () => document.body.classList.remove('printing-briefing'), []);

  if (boot.error) return <div className="view-center"><ErrorMessage message={`数据加载失败：${boot.error.message}`} onRetry={boot.reload} /></div>;

  const d = dash.data;
  return (
    <div className="leadership">
      <div className="map-area">
        <MapView sources={composed.sources} layers={composed.layers} images={composed.images} interactiveLayerIds={[]}
          dataReady={dataReady} initialBounds={DISTRICT_BBOX} initialPadding={PADDING} ariaLabel="覆盖与纠纷密度地图" />
        <div className="map-overlay-left leadership-controls">
          <section className="panel controls">
            <div className="control-group">
              <span className="control-label">专题</span>
              <div className="segmented" role="group" aria-label="专题">
                {(Object.keys(THEMES) as Theme[]).map((t) => (
                  <button key={t} type="button" className={t === theme ? 'active' : undefined} aria-pressed={t === theme} onClick={() => setTheme(t)}>{THEMES[t]}</button>
                ))}
              </div>
            </div>
            <div className="control-group">
              <span className="control-label">层级</span>
              <div className="segmented" role="group" aria-label="层级">
                {(['township', 'village'] as const).map((l) => (
                  <button key={l} type="button" className={l === level ? 'active' : undefined} aria-pressed={l === level} onClick={() => setLevel(l)}>{l === 'township' ? '乡镇(街道)' : '村(社区)'}</button>
                ))}
              </div>
            </div>
          </section>
          <Legend model={shown ? thematic : null} />
        </div>
        <div className="map-status">
          {(dash.loading || townships.loading || villages.loading) && <Loading text="正在更新数据…" />}
          {townships.error && <ErrorMessage message={townships.error.message} onRetry={townships.reload} />}
        </div>
        <Notice text={notice} />
      </div>
      <aside className="sidebar leadership-side" aria-label="关键指标">
        <div className="sidebar-head leadership-head">
          <div>
            <h2>领导驾驶舱</h2>
            <div className="sidebar-period" data-testid="leadership-period">{periodLabel || '—'}{demo && <span className="tag">演示数据</span>}</div>
          </div>
          <div className="leadership-actions">
            <button type="button" className="secondary-button" onClick={download} disabled={!dataReady}>下载简报(PNG)</button>
            <button type="button" className="secondary-button" onClick={print} disabled={!dataReady}>打印简报(PDF)</button>
          </div>
        </div>
        <div className="leadership-export">
          {period && <OutcomesExport key={`${period.from}|${period.to}`} initial={period} townships={d?.by_township} />}
        </div>
        <div className="segmented" role="group" aria-label="统计期">
          {PRESETS.map((p) => (
            <button key={p.key} type="button" className={p.key === preset ? 'active' : undefined} aria-pressed={p.key === preset} onClick={() => setPreset(p.key)}>{p.label}</button>
          ))}
        </div>
        {dash.error && <ErrorMessage message={dash.error.message} onRetry={dash.reload} />}
        {!d && !dash.error && <Loading text="正在加载指标…" />}
        {d && (
          <>
            <section className="key-figures leadership-figures" aria-label="关键指标">
              {figures.map((f) => (
                <button key={f.key} type="button" className={`figure figure-button${f.warning ? ' figure-warning' : ''}`} data-testid={`lead-${f.key}`}
                  onClick={() => setOpen(f.list)} title={`${f.definition}（点击查看明细）`}>
                  <span className="figure-label">{f.label}</span>
                  <span className="figure-value"><span className="figure-number">{f.value}</span>{f.unit && f.value !== '—' && <span className="figure-unit">{f.unit}</span>}</span>
                  {f.hint && <span className="figure-hint">{f.hint}</span>}
                </button>
              ))}
            </section>
            <Card title="月度趋势" note="受理、成功、转立案（件）与成功率" testId="lead-trend"><TrendChart data={d.by_month} /></Card>
            <Card title="各乡镇(街道)调解成功率" note="点击地图层级查看">
              <BarsChart rows={d.by_township} value={(r) => r.success_rate === null ? null : Math.round(r.success_rate * 1000) / 10} format={(n) => `${formatDecimal(n)}%`} unitLabel="成功率" />
            </Card>
            <Card title="各乡镇(街道)万人成讼率" note="转立案件 / 万人">
              <BarsChart rows={d.by_township} value={(r) => r.filed_per_10k} format={formatDecimal} unitLabel="万人成讼率" />
            </Card>
            <Card title="法治宣传活动" note="场次">
              <BarsChart rows={d.by_publicity_kind.map((k) => ({ ...k, name: k.label }))} value={(r) => r.count} unitLabel="场次" />
            </Card>
            <details className="definitions">
              <summary>指标口径</summary>
              <ul>{Object.values(d.definitions).map((t) => <li key={t}>{t}</li>)}</ul>
            </details>
            <p className="sidebar-foot">数据集：{d.dataset.name}{d.dataset.demo ? '（演示数据）' : ''} · 截至 {formatDate(d.dataset.anchor_date)} · 本季度学校宣传覆盖 {formatShare(d.figures.publicity_share)}</p>
          </>
        )}
        {/* Issue 14: a leader answers the judge-guidance questions waiting in their scope here (no case view for leaders). */}
        <PendingRequests extensions={false} answerHere />
      </aside>
      {open && period && <FigureList figure={open} period={period} townships={d?.by_township} onClose={() => setOpen(null)} client={assessment} />}
      {briefing && <div className="briefing-print" aria-hidden><img src={briefing} alt="简报" data-testid="briefing-image" /></div>}
    </div>
  );
}

/** The briefing's print rule (styles.css) applies only under body.printing-briefing: set just before the
 *  print dialog, taken off on 'afterprint' (other pages, like /directory, then print themselves). */
export function printBriefing(win: Window = window): void {
  const body = win.document.body;
  const done = () => {
    body.classList.remove('printing-briefing');
    win.removeEventListener('afterprint', done);
  };
  body.classList.add('printing-briefing');
  win.addEventListener('afterprint', done);
  win.print();
}
