// What a GIS tool needs to open the map's vector tiles by itself: a TileJSON 3.0 document per tile
// set (layers, fields, bounds, zooms) and a MapLibre style of the product's own look (QGIS "Vector
// Tiles" connection with a style URL, Maputnik, any MapLibre app). URLs are absolute, from the request.
import type { Knex } from '../db/types.ts';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { TILE_LAYER_NAMES } from '../contract/queries.ts';
import { runSql } from '../db/sql.ts';
import { casePointMode, type Actor } from './masking.ts';
import { TILE_MAX_ZOOM, type TileLayer } from './tiles.ts';
// The product's look comes from the client's own layer definitions: one source for both.
import { BACKGROUND_COLOR } from '../../../client/src/map/style.ts';
import { townshipsLayer } from '../../../client/src/layers/townships.ts';
import { villagesLayer } from '../../../client/src/layers/villages.ts';
import { gridsLayer } from '../../../client/src/layers/grids.ts';
import { casesLayer } from '../../../client/src/layers/cases.ts';

type Field = 'String' | 'Number' | 'Boolean';

/** The attributes each tile layer carries (services/tiles.ts TILE_LAYERS and tile-cases-grid-*.sql). */
function fieldsOf(layer: TileLayer, actor: Actor): Record<string, Field> {
  switch (layer) {
    case 'townships': return { code: 'String', name: 'String', type: 'String', geometry_source: 'String' };
    case 'villages': return { code: 'String', name: 'String', type: 'String', township_code: 'String', geometry_source: 'String' };
    case 'grids': return { code: 'String', name: 'String', village_code: 'String', geometry_source: 'String' };
    case 'cases': return casePointMode(actor) === 'points'
      ? { dispute_type: 'String', status: 'String' }
      : { grid_code: 'String', count: 'Number', open_count: 'Number', dispute_type: 'String' };
  }
}

const TITLES: Record<TileLayer, string> = { townships: '乡镇街道', villages: '村（社区）', grids: '网格', cases: '案件' };
/** The zoom a tile set starts at (cases: as the app shows them, from the city scale on). */
const MIN_ZOOM: Record<TileLayer, number> = { townships: 0, villages: 0, grids: 0, cases: 8 };

export const tileTemplate = (base: string, layer: TileLayer) => `${base}/api/tiles/${layer}/{z}/{x}/{y}.mvt`;

async function districtBounds(knex: Knex): Promise<[number, number, number, number]> {
  const [e] = await runSql<{ xmin: number; ymin: number; xmax: number; ymax: number }>(knex, 'ogc-extent');
  return [e!.xmin, e!.ymin, e!.xmax, e!.ymax].map((v) => Math.round(Number(v) * 1e6) / 1e6) as [number, number, number, number];
}

export async function tileJson(knex: Knex, actor: Actor, base: string, layer: TileLayer) {
  const bounds = await districtBounds(knex);
  const cases = layer === 'cases' && casePointMode(actor) === 'aggregate';
  return {
    tilejson: '3.0.0',
    name: `浉河区 · ${TITLES[layer]}`,
    description: cases ? '案件按网格计数（每网格一个点，不含个案位置）' : `浉河区${TITLES[layer]}（边界为示意数据）`,
    attribution: '浉河区人民法院 · 示意边界与演示数据',
    version: '1.0.0',
    scheme: 'xyz',
    tiles: [tileTemplate(base, layer)],
    minzoom: MIN_ZOOM[layer],
    // The tiler's own maximum; deeper tiles are served too (cut from this zoom), so a client may over-zoom either way.
    maxzoom: TILE_MAX_ZOOM,
    bounds,
    center: [Math.round(((bounds[0] + bounds[2]) / 2) * 1e6) / 1e6, Math.round(((bounds[1] + bounds[3]) / 2) * 1e6) / 1e6, 10],
    vector_layers: [{ id: layer, description: TITLES[layer], minzoom: MIN_ZOOM[layer], maxzoom: TILE_MAX_ZOOM, fields: fieldsOf(layer, actor) }],
  };
}

/**
 * The app's map as a MapLibre style: background, township/village/grid outlines and the cases heatmap
 * and points, taken from the client's layer definitions with their GeoJSON sources swapped for the
 * tile sets. Labels are left out: the app draws them from its own label points with local fonts, and
 * a style with text needs a glyph server, which the court does not run.
 */
export function style(base: string): StyleSpecification {
  const none = { data: { type: 'FeatureCollection' as const, features: [] }, visible: true, thematic: null };
  const areas = [townshipsLayer(none), villagesLayer(none), gridsLayer(none)];
  const layers: LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }];
  // Grids under villages under townships, as in the app's slot order (lines drawn finest first).
  for (const def of [...areas].reverse()) {
    for (const l of def.layers.filter((x) => x.slot === 'line')) {
      const spec = l.spec as LayerSpecification & { source: string; paint: Record<string, unknown> };
      const w = spec.paint['line-width'] as unknown[];
      // Feature state (hover, selection) belongs to the app: keep the plain widths and colours.
      const plain = (v: unknown): unknown => (Array.isArray(v) && v[0] === 'case' ? v[v.length - 1] : v);
      layers.push({
        ...spec,
        source: spec.source,
        'source-layer': spec.source,
        paint: { ...spec.paint, 'line-color': plain(spec.paint['line-color']), 'line-width': w.map(plain) },
      } as LayerSpecification);
    }
  }
  const cases = casesLayer({ tileUrl: tileTemplate(base, 'cases'), visible: true });
  for (const l of cases.layers) layers.push(l.spec);
  const sources: StyleSpecification['sources'] = {};
  for (const layer of TILE_LAYER_NAMES) sources[layer] = { type: 'vector', url: `${base}/api/tiles/${layer}.json` };
  return {
    version: 8,
    name: '浉河区诉源治理网格地图',
    center: [113.96, 32.05],
    zoom: 10,
    sources,
    layers,
  };
}
