// Per level: the table of its units, its parent table and the column naming the parent. These are
// the only identifiers spliced into the boundary SQL ({{slots}}), and they come from here alone.
import type { BoundaryLevel } from '../../contract/boundaries.ts';

export interface LevelTables { table: string; parent_table: string; parent_col: string; name_expr: string }

export const LEVEL_TABLES: Record<BoundaryLevel, LevelTables> = {
  township: { table: 'townships', parent_table: 'district', parent_col: 'parent_code', name_expr: 'name' },
  village: { table: 'villages', parent_table: 'townships', parent_col: 'township_code', name_expr: 'display_name' },
  grid: { table: 'grids', parent_table: 'villages', parent_col: 'village_code', name_expr: 'name' },
};

/** Overlap, gap and outside parts smaller than this (m²) or thinner than MIN_WIDTH_M (mean width) are
 *  slivers of shared edges digitised twice: the schematic boundaries have many up to 0.7 m wide. */
export const MIN_PROBLEM_M2 = 1;
export const MIN_WIDTH_M = 1;
/** A preview is kept this long for its commit. */
export const PREVIEW_HOURS = 24;
/** A feature whose every vertex lies within this of the current boundary (and back) is unchanged: its
 *  commit writes no version. Generous enough for the float noise of a reprojection round trip. */
export const UNCHANGED_TOLERANCE_M = 0.01;
/** Metres in a degree of latitude, the most in any direction: a tolerance in metres becomes at most as
 *  many degrees (in longitude, at 32°N, 0.85 × as many metres: stricter, never looser). */
export const METRES_PER_DEGREE = 111_320;
