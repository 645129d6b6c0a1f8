// The case queue's filters as the property filters of GET /api/export/cases (the OGC `cases` collection):
// status (a comma list), dispute_type, source and the places map one to one. 仅看已超期 and the free-text
// search have no counterpart in a GIS layer (no deadline, no text leaves in it), so they are named as left
// out rather than silently dropped.
import type { CaseListQuery } from '../../api/cases.ts';

export interface CaseExportFilters {
  filters: Record<string, string>;
  /** The queue filters the file does not apply, in Chinese, for the note beside the link. */
  leftOut: string[];
}

export function caseExportFilters(q: CaseListQuery): CaseExportFilters {
  const filters: Record<string, string> = {};
  if (q.status?.length) filters.status = q.status.join(',');
  if (q.type) filters.dispute_type = q.type;
  if (q.source) filters.source = q.source;
  if (q.township) filters.township_code = q.township;
  if (q.village) filters.village_code = q.village;
  if (q.grid) filters.grid_code = q.grid;
  const leftOut: string[] = [];
  if (q.overdue) leftOut.push('仅看已超期');
  if (q.q) leftOut.push('搜索词');
  return { filters, leftOut };
}
