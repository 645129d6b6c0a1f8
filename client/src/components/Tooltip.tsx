// Hover tooltip over the map: name, level and the figure the map is coloured by.
import type { AreaProperties } from '../api/types.ts';
import { formatDecimal, formatInt, DASH } from '../lib/format.ts';
import { LEVEL_LABELS } from '../lib/labels.ts';
import { computeDensity, DENSITY_UNITS, type DensityUnit } from '../lib/density.ts';

export interface TooltipProps {
  area: AreaProperties;
  x: number;
  y: number;
  densityUnit: DensityUnit;
}

export function Tooltip({ area, x, y, densityUnit }: TooltipProps) {
  const d = computeDensity(area, densityUnit);
  return (
    <div className="map-tooltip" style={{ left: x + 14, top: y + 14 }} role="tooltip">
      <div className="tt-name">
        {area.name}
        <span className="tt-level">{LEVEL_LABELS[area.level]}</span>
      </div>
      <div className="tt-grid">
        <span>在岗调解员</span>
        <b className={area.mediator_count <= 0 ? 'tt-warn' : undefined}>{formatInt(area.mediator_count)} 人</b>
        <span>案件 / 未结</span>
        <b>
          {formatInt(area.case_count)} / {formatInt(area.open_case_count)} 件
        </b>
        <span>纠纷密度</span>
        <b>{d === null ? DASH : `${formatDecimal(d)} ${DENSITY_UNITS[densityUnit].unit}`}</b>
      </div>
      <div className="tt-hint">点击查看详情</div>
    </div>
  );
}
