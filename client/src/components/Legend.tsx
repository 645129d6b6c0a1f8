// Legend of the thematic map: title, unit, classes with their colours, and the warning / no-data classes.
import type { ThematicModel } from '../lib/thematic.ts';
import { LEVEL_LABELS } from '../lib/labels.ts';
import { CLOSED_CASE_COLOR, OPEN_CASE_COLOR } from '../layers/cases.ts';

export interface LegendProps {
  model: ThematicModel | null;
  showCases?: boolean;
}

export function Legend({ model, showCases }: LegendProps) {
  if (!model) return null;
  return (
    <section className="legend panel" aria-label="图例">
      <header className="legend-head">
        <h3>{model.title}</h3>
        <span className="legend-sub">
          {LEVEL_LABELS[model.level]} · 单位：{model.unit}
        </span>
      </header>
      <ul className="legend-classes">
        {model.zero && (
          <li className={`legend-row${model.zero.count > 0 ? ' legend-zero' : ''}`} data-testid="legend-zero">
            <span className="swatch swatch-hatch" style={{ backgroundColor: model.zero.color }} aria-hidden />
            <span className="legend-label">{model.zero.label}</span>
          </li>
        )}
        {model.classes.map((c) => (
          <li className="legend-row" key={c.label} data-testid="legend-class">
            <span className="swatch" style={{ backgroundColor: c.color }} aria-hidden />
            <span className="legend-label">
              {c.label} {model.unit}
            </span>
            <span className="legend-count">{c.count}</span>
          </li>
        ))}
        {model.classes.length === 0 && !model.zero?.count && <li className="legend-row legend-empty">暂无数据</li>}
        {model.noData && model.noData.count > 0 && (
          <li className="legend-row">
            <span className="swatch" style={{ backgroundColor: model.noData.color }} aria-hidden />
            <span className="legend-label">{model.noData.label}</span>
            <span className="legend-count">{model.noData.count}</span>
          </li>
        )}
      </ul>
      {showCases && (
        <div className="legend-cases">
          <span className="dot" style={{ backgroundColor: OPEN_CASE_COLOR }} aria-hidden />
          未结案件
          <span className="dot" style={{ backgroundColor: CLOSED_CASE_COLOR }} aria-hidden />
          已结案件
          <span className="legend-note">（放大后显示案件点位）</span>
        </div>
      )}
      <p className="legend-method">分级方法：分位数分级{model.theme === 'coverage' ? '；红色斜纹为无在岗调解员' : ''}</p>
    </section>
  );
}
