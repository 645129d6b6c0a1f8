// Response shapes of our server's HTTP API, as the client uses them.
import type { AreaLevel, CaseSource, CaseStatus, DisputeType, GeometrySource } from '../../../server/src/contract/vocab.ts';

export type Position = [number, number] | number[];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export type AreaType = 'subdistrict' | 'town' | 'township' | 'community' | 'village' | 'grid';

export interface AreaProperties {
  code: string;
  name: string;
  level: AreaLevel;
  type: AreaType;
  parent_code: string | null;
  township_code: string | null;
  geometry_source: GeometrySource;
  population_est: number | null;
  area_km2: number | null;
  mediator_count: number;
  case_count: number;
  open_case_count: number;
}

export interface AreaFeature {
  type: 'Feature';
  id?: string | number;
  geometry: AreaGeometry | null;
  properties: AreaProperties;
}

export interface AreaCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

/** Filter accepted by /api/areas and /api/stats/summary. Dates are YYYY-MM-DD, inclusive. */
export interface CaseFilter {
  from?: string;
  to?: string;
  type?: DisputeType;
}

export interface Health {
  status: 'ok';
  database: 'embedded' | 'postgres';
  postgis: string;
}

export interface AppConfig {
  basemap_url: string | null;
  /** AMAP_LINKS=on: the AMap marker link's template (AMAP_MARKER_URL, `{lng}` `{lat}` `{name}`); null when off, absent from old servers (off). */
  amap_marker_url?: string | null;
  app_name: string;
  /** Absent from old servers; then the client learns the data set from the summary. */
  dataset?: { name: string; demo: boolean; anchor_date: string; version: string | null };
}

export interface SummaryTotals {
  cases: number;
  open_cases: number;
  settled: number;
  failed: number;
  filed: number;
  withdrawn: number;
  /** 0..1, or null when no case in the period is closed. */
  settled_share: number | null;
  mediators_active: number;
  villages_total: number;
  villages_uncovered: number;
  population: number;
  /** Grid reports resolved on the spot (就地化解), part of `settled`. */
  settled_on_spot?: number;
}

export interface Summary {
  period: { from: string; to: string };
  dataset: { name: string; demo: boolean; anchor_date: string };
  totals: SummaryTotals;
  by_type: { type: DisputeType; label: string; count: number }[];
  by_township: { code: string; name: string; count: number }[];
  by_month: { month: string; count: number }[];
  by_status: { status: CaseStatus; label: string; count: number }[];
  /** Cases per source (案件来源), each with how many settled; optional: older servers do not answer it. */
  by_source?: { source: CaseSource; label: string; count: number; settled: number }[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
