// The map's control panel: thematic view, level, density unit, period, dispute type and layer switches.
import { DISPUTE_TYPES, type AreaLevel, type DisputeType } from '../../../server/src/contract/vocab.ts';
import { DENSITY_UNITS, type DensityUnit } from '../lib/density.ts';
import { LEVEL_LABELS } from '../lib/labels.ts';
import { PERIOD_PRESETS, type Period, type PeriodPreset } from '../lib/period.ts';
import { THEMES, type Theme } from '../lib/thematic.ts';
import { DateField } from './DateField.tsx';

export type LayerKey = AreaLevel | 'cases';
export const LAYER_LABELS: Record<LayerKey, string> = { ...LEVEL_LABELS, cases: '案件' };

export interface ControlsProps {
  theme: Theme;
  onTheme: (t: Theme) => void;
  level: AreaLevel;
  onLevel: (l: AreaLevel) => void;
  densityUnit: DensityUnit;
  onDensityUnit: (u: DensityUnit) => void;
  preset: PeriodPreset;
  onPreset: (p: PeriodPreset) => void;
  custom: Period;
  onCustom: (p: Period) => void;
  periodError: string | null;
  disputeType: DisputeType | '';
  onDisputeType: (t: DisputeType | '') => void;
  visible: Record<LayerKey, boolean>;
  onToggle: (k: LayerKey) => void;
}

function Segmented<T extends string>({ value, options, onChange, label }: {
  value: T;
  options: { key: T; label: string }[];
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button key={o.key} type="button" aria-pressed={o.key === value}
          className={o.key === value ? 'active' : undefined} onClick={() => onChange(o.key)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function Controls(p: ControlsProps) {
  const levels = (Object.keys(LEVEL_LABELS) as AreaLevel[]).map((k) => ({ key: k, label: LEVEL_LABELS[k] }));
  return (
    <section className="controls panel" aria-label="地图设置">
      <div className="control-group">
        <Segmented label="专题" value={p.theme} onChange={p.onTheme}
          options={(Object.keys(THEMES) as Theme[]).map((k) => ({ key: k, label: THEMES[k] }))} />
      </div>
      <div className="control-group">
        <div className="control-label">统计层级</div>
        <Segmented label="统计层级" value={p.level} onChange={p.onLevel} options={levels} />
      </div>
      {p.theme === 'density' && (
        <div className="control-group">
          <div className="control-label">密度口径</div>
          <Segmented label="密度口径" value={p.densityUnit} onChange={p.onDensityUnit}
            options={(Object.keys(DENSITY_UNITS) as DensityUnit[]).map((k) => ({ key: k, label: DENSITY_UNITS[k].label }))} />
        </div>
      )}
      <div className="control-group">
        <div className="control-label">统计期间</div>
        <Segmented label="统计期间" value={p.preset} onChange={p.onPreset}
          options={[...PERIOD_PRESETS.map((x) => ({ key: x.key, label: x.label })), { key: 'custom' as const, label: '自定义' }]} />
        {p.preset === 'custom' && (
          <div className="date-range">
            <DateField label="开始日期" value={p.custom.from} onChange={(v) => p.onCustom({ ...p.custom, from: v })} />
            <span>至</span>
            <DateField label="结束日期" value={p.custom.to} onChange={(v) => p.onCustom({ ...p.custom, to: v })} />
          </div>
        )}
        {p.periodError && <div className="field-error">{p.periodError}</div>}
      </div>
      <div className="control-group">
        <label className="control-label" htmlFor="dispute-type">纠纷类型</label>
        <select id="dispute-type" value={p.disputeType} onChange={(e) => p.onDisputeType(e.target.value as DisputeType | '')}>
          <option value="">全部类型</option>
          {(Object.keys(DISPUTE_TYPES) as DisputeType[]).map((k) => (
            <option key={k} value={k}>{DISPUTE_TYPES[k]}</option>
          ))}
        </select>
      </div>
      <div className="control-group">
        <div className="control-label">图层</div>
        <div className="layer-toggles">
          {(Object.keys(LAYER_LABELS) as LayerKey[]).map((k) => (
            <label key={k} className="checkbox">
              <input type="checkbox" checked={p.visible[k]} onChange={() => p.onToggle(k)} />
              {LAYER_LABELS[k]}
            </label>
          ))}
        </div>
      </div>
    </section>
  );
}
