// Details of one area (township, village or grid), shown when it is clicked on the map or in a chart.
import { GEOMETRY_SOURCES } from '../../../server/src/contract/vocab.ts';
import type { AreaProperties } from '../api/types.ts';
import { computeDensity } from '../lib/density.ts';
import { DASH, formatDecimal, formatInt } from '../lib/format.ts';
import { LEVEL_LABELS, areaTypeLabel } from '../lib/labels.ts';

export interface DetailsPanelProps {
  area: AreaProperties;
  townshipName?: string | null;
  periodLabel?: string;
  onClose?: () => void;
}

export function DetailsPanel({ area, townshipName, periodLabel, onClose }: DetailsPanelProps) {
  const perKm2 = computeDensity(area, 'km2');
  const per10k = computeDensity(area, 'per10k');
  const uncovered = (area.mediator_count ?? 0) <= 0;
  const rows: [string, string][] = [
    ['层级', LEVEL_LABELS[area.level]],
    ['类型', areaTypeLabel(area.type)],
    ...(area.level !== 'township' ? ([['所属乡镇(街道)', townshipName ?? DASH]] as [string, string][]) : []),
    ['人口（估算）', area.population_est === null ? DASH : `${formatInt(area.population_est)} 人`],
    ['面积', area.area_km2 === null ? DASH : `${formatDecimal(area.area_km2)} km²`],
    ['在岗调解员', `${formatInt(area.mediator_count)} 人`],
    ['案件数', `${formatInt(area.case_count)} 件`],
    ['未结案件', `${formatInt(area.open_case_count)} 件`],
    ['纠纷密度', perKm2 === null ? DASH : `${formatDecimal(perKm2)} 件/km²`],
    ['万人纠纷数', per10k === null ? DASH : `${formatDecimal(per10k)} 件/万人`],
    ['边界来源', GEOMETRY_SOURCES[area.geometry_source] ?? area.geometry_source],
    ['统计代码', area.code],
  ];
  return (
    <aside className="details panel" aria-label={`${area.name}详情`}>
      <header className="details-head">
        <div>
          <div className="details-level">{LEVEL_LABELS[area.level]}</div>
          <h2 className="details-name">{area.name}</h2>
        </div>
        {onClose && (
          <button type="button" className="icon-button" onClick={onClose} aria-label="关闭详情">
            ×
          </button>
        )}
      </header>
      {uncovered && <div className="details-alert">该{LEVEL_LABELS[area.level]}暂无在岗调解员覆盖</div>}
      <dl className="details-list">
        {rows.map(([k, v]) => (
          <div className="details-row" key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {periodLabel && <p className="details-foot">案件统计期间：{periodLabel}</p>}
    </aside>
  );
}
