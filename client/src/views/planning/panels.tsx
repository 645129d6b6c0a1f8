// Panels of the planning view: parameters, legend, covered shares (baseline vs scenario), and the
// list of uncovered units with its Excel export.
import { useState } from 'react';
import { COVERAGE_DEFAULTS, COVERAGE_REASONS, type CoverageSettings, type CoverageSummaryAnswer, type CoverageTotals, type CoverageUnit } from '../../../../server/src/contract/coverage.ts';
import { COVERAGE_STATUS_COLORS, COVERAGE_STATUS_LABELS, type UnitStatus } from '../../layers/coverage-units.ts';
import { SITE_COLORS } from '../../layers/coverage-sites.ts';
import { formatInt, formatShare } from '../../lib/format.ts';
import { delta, shareDelta, sortUnits, type ParamForm, type SortKey } from './model.ts';
import { DateField } from '../../components/DateField.tsx';

export function ParamsPanel({ form, onForm, error, settings }: { form: ParamForm; onForm: (f: ParamForm) => void; error: string | null; settings: CoverageSettings | null }) {
  const set = (patch: Partial<ParamForm>) => onForm({ ...form, ...patch });
  return (
    <div className="panel controls" role="group" aria-label="覆盖参数">
      <div className="control-group">
        <span className="control-label">单元</span>
        <div className="segmented">
          <button type="button" className={form.level === 'village' ? 'active' : ''} onClick={() => set({ level: 'village' })}>村（社区）</button>
          <button type="button" className={form.level === 'grid' ? 'active' : ''} onClick={() => set({ level: 'grid' })}>网格</button>
        </div>
      </div>
      <div className="control-group">
        <span className="control-label">覆盖半径</span>
        <div className="segmented">
          <button type="button" className={form.mode === 'default' ? 'active' : ''} onClick={() => set({ mode: 'default' })}>默认</button>
          <button type="button" className={form.mode === 'one' ? 'active' : ''} onClick={() => set({ mode: 'one' })}>统一</button>
          <button type="button" className={form.mode === 'classes' ? 'active' : ''} onClick={() => set({ mode: 'classes' })}>城乡分设</button>
        </div>
        {form.mode === 'default' && <p className="hint">乡村 {COVERAGE_DEFAULTS.radius_rural_m} 米，城镇 {COVERAGE_DEFAULTS.radius_urban_m} 米</p>}
        {form.mode === 'one' && (
          <label className="planning-field">统一半径（米）<input aria-label="统一覆盖半径（米）" inputMode="numeric" value={form.radius} onChange={(e) => set({ radius: e.target.value })} /></label>
        )}
        {form.mode === 'classes' && (
          <div className="planning-fields">
            <label className="planning-field">城镇（米）<input aria-label="城镇覆盖半径（米）" inputMode="numeric" value={form.urban} onChange={(e) => set({ urban: e.target.value })} /></label>
            <label className="planning-field">乡村（米）<input aria-label="乡村覆盖半径（米）" inputMode="numeric" value={form.rural} onChange={(e) => set({ rural: e.target.value })} /></label>
          </div>
        )}
      </div>
      <div className="control-group">
        <span className="control-label">案件统计期间（默认：数据集最近 12 个月）</span>
        <div className="date-range">
          <DateField label="起始日期" value={form.from} onChange={(v) => set({ from: v })} />
          <span>至</span>
          <DateField label="结束日期" value={form.to} onChange={(v) => set({ to: v })} />
        </div>
      </div>
      {error && <div className="field-error" role="alert">{error}</div>}
      {settings && !error && (
        <p className="hint" data-testid="coverage-params">
          当前口径：城镇 {settings.radius_urban_m} 米 · 乡村 {settings.radius_rural_m} 米 · {settings.period.from} 至 {settings.period.to}
        </p>
      )}
    </div>
  );
}

export function CoverageLegend({ level, scenario, showReal, onShowReal }: { level: 'village' | 'grid'; scenario: boolean; showReal: boolean; onShowReal: (v: boolean) => void }) {
  const rows: UnitStatus[] = scenario ? ['covered', 'uncovered', 'gained', 'lost'] : ['covered', 'uncovered'];
  return (
    <div className="panel legend" aria-label="图例">
      <div className="legend-head"><h3>{level === 'village' ? '村（社区）' : '网格'}覆盖</h3></div>
      <ul className="legend-classes">
        {rows.map((s) => (
          <li key={s} className="legend-row">
            <span className={`swatch${s === 'uncovered' || s === 'lost' ? ' swatch-hatched' : ''}`} style={{ background: COVERAGE_STATUS_COLORS[s] }} />
            <span className="legend-label">{COVERAGE_STATUS_LABELS[s]}</span>
          </li>
        ))}
        <li className="legend-row"><span className="planning-dot" style={{ background: SITE_COLORS.real }} /><span className="legend-label">在岗调解员</span></li>
        <li className="legend-row"><span className="planning-dot" style={{ background: SITE_COLORS.added }} /><span className="legend-label">假设调解员 / 已移动</span></li>
        <li className="legend-row"><span className="planning-dot" style={{ background: SITE_COLORS.suggested }} /><span className="legend-label">推荐新站点</span></li>
      </ul>
      <label className="checkbox"><input type="checkbox" checked={showReal} onChange={(e) => onShowReal(e.target.checked)} />显示在岗调解员</label>
    </div>
  );
}

const FIGURES: { key: 'units' | 'population' | 'cases'; label: string; unit: string; share: 'share_units' | 'share_population' | 'share_cases' }[] = [
  { key: 'units', label: '覆盖单元', unit: '个', share: 'share_units' },
  { key: 'population', label: '覆盖人口', unit: '人', share: 'share_population' },
  { key: 'cases', label: '覆盖案件', unit: '件', share: 'share_cases' },
];

export function CoverageFigures({ baseline, scenario, elapsed }: { baseline: CoverageTotals | null; scenario: CoverageTotals | null; elapsed: number | null }) {
  return (
    <section className="planning-figures" aria-label="覆盖率" data-testid="coverage-figures">
      {FIGURES.map((f) => {
        const covered = (t: CoverageTotals) => t[`${f.key}_covered` as const];
        return (
          <div key={f.key} className={`figure${baseline && covered(baseline) < baseline[f.key] ? '' : ''}`}>
            <div className="figure-label">{f.label}</div>
            <div className="figure-value">
              <span className="figure-number" data-testid={`share-${f.key}`}>{formatShare(baseline?.[f.share])}</span>
              {scenario && <span className="planning-arrow">→ <b data-testid={`scenario-share-${f.key}`}>{formatShare(scenario[f.share])}</b></span>}
            </div>
            <div className="figure-hint">
              {baseline ? `${formatInt(covered(baseline))} / ${formatInt(baseline[f.key])} ${f.unit}` : '—'}
              {scenario && baseline && <span className="planning-delta" data-testid={`delta-${f.key}`}>方案 {delta(covered(baseline), covered(scenario))} {f.unit}（{shareDelta(baseline, scenario, f.share)}）</span>}
            </div>
          </div>
        );
      })}
      {scenario && elapsed !== null && <p className="hint">方案推演：服务器计算 {elapsed} 毫秒</p>}
    </section>
  );
}

export function UncoveredList({ units, scenarioChanged, onPick, exportUrl, summary }: {
  units: CoverageUnit[]; scenarioChanged: CoverageUnit[] | null; onPick: (u: CoverageUnit) => void; exportUrl: string; summary: CoverageSummaryAnswer | null;
}) {
  const [sort, setSort] = useState<SortKey>('population');
  const [showAll, setShowAll] = useState(false);
  const changed = new Map((scenarioChanged ?? []).map((u) => [u.code, u]));
  const uncovered = sortUnits(units.filter((u) => !u.covered), sort);
  const shown = showAll ? uncovered : uncovered.slice(0, 30);
  const townships = new Map((summary?.by_township ?? []).map((t) => [t.code, t.name]));
  return (
    <section className="planning-list" aria-label="未覆盖单元">
      <div className="panel-toolbar">
        <h3 className="panel-title">未覆盖单元（{uncovered.length}）</h3>
        <a className="secondary-button small" href={exportUrl} download data-testid="export-xlsx">导出 Excel</a>
      </div>
      <div className="segmented planning-sort" role="group" aria-label="排序">
        <button type="button" className={sort === 'population' ? 'active' : ''} onClick={() => setSort('population')}>按人口</button>
        <button type="button" className={sort === 'cases' ? 'active' : ''} onClick={() => setSort('cases')}>按案件</button>
      </div>
      <table className="planning-table" data-testid="uncovered-table">
        <thead><tr><th>名称</th><th>原因</th><th className="num">人口</th><th className="num">案件</th></tr></thead>
        <tbody>
          {shown.map((u) => {
            const now = changed.get(u.code);
            return (
              <tr key={u.code} onClick={() => onPick(u)} className={now?.covered ? 'planning-gained' : ''} title="点击在地图上查看">
                <td>{u.name}<div className="small muted">{townships.get(u.township_code) ?? u.township_code}</div></td>
                <td className="small">{now?.covered ? '方案中已覆盖' : u.reasons.map((r) => COVERAGE_REASONS[r]).join('；')}</td>
                <td className="num">{formatInt(u.population_est)}</td>
                <td className="num">{u.case_count}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {uncovered.length > shown.length && <button type="button" className="link-button" onClick={() => setShowAll(true)}>显示全部 {uncovered.length} 个</button>}
      {uncovered.length === 0 && <p className="panel-empty">全部单元均已覆盖。</p>}
    </section>
  );
}
