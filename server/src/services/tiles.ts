// Vector tiles for the map. On a PostGIS with protobuf, ST_AsMVT builds them (tile-mvt.sql). The
// embedded PostGIS has no protobuf, so there a layer is read once as GeoJSON and tiled in memory by
// geojson-vt, then encoded by vt-pbf: the same layer names, attributes, extent and buffer.
import type { Knex } from '../db/types.ts';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { runSql, type SqlIdentifiers } from '../db/sql.ts';
import type { TILE_LAYER_NAMES } from '../contract/queries.ts';
import { overzoomFeatures, type TileFeature } from '../geo/overzoom.ts';

export type TileLayer = (typeof TILE_LAYER_NAMES)[number];

/** Cases may be filtered by period and type (days already turned into time bounds). */
export interface TileFilter { from: string | null; to: string | null; type: string | null }
const NO_FILTER: TileFilter = { from: null, to: null, type: null };

/**
 * Who the cases layer is for (services/masking.ts decides): `points`, one feature per case; or
 * `aggregate`, one point per grid cell with a `count` (roles without access to parties). `tribunal`
 * limits the cases to one tribunal's catchment (users scoped to it); null: the whole district.
 */
export interface CaseView { mode: 'points' | 'aggregate'; tribunal: number | null }
const ALL_POINTS: CaseView = { mode: 'points', tribunal: null };

const CASE_FILTER = `AND (CAST(:from AS timestamptz) IS NULL OR s.created_at >= CAST(:from AS timestamptz))
  AND (CAST(:to AS timestamptz) IS NULL OR s.created_at < CAST(:to AS timestamptz))
  AND (CAST(:type AS text) IS NULL OR s.dispute_type = CAST(:type AS text))
  AND (CAST(:tribunal AS int) IS NULL
       OR s.township_code IN (SELECT t.code FROM townships t WHERE t.tribunal_id = CAST(:tribunal AS int)))`;

/**
 * Per layer: table, geometry column, the attributes tiles carry, the SQL filter (MVT path) and the
 * extra columns the JavaScript path reads to filter in memory. The only identifiers the tile SQL gets.
 */
const TILE_LAYERS: Record<TileLayer, SqlIdentifiers> = {
  townships: { layer: 'townships', table: 'townships', geom: 'geom', columns: 's.code, s.name, s.type, s.geometry_source', filter: '', extra: '' },
  villages: { layer: 'villages', table: 'villages', geom: 'geom', columns: 's.code, s.display_name AS name, s.type, s.township_code, s.geometry_source', filter: '', extra: '' },
  grids: { layer: 'grids', table: 'grids', geom: 'geom', columns: 's.code, s.name, s.village_code, s.geometry_source', filter: '', extra: '' },
  cases: { layer: 'cases', table: 'cases', geom: 'location', columns: 's.dispute_type, s.status, s.location_precision', filter: CASE_FILTER, extra: ', s.created_at AS _t, (SELECT t.tribunal_id FROM townships t WHERE t.code = s.township_code) AS _tr' },
};

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/**
 * The deepest zoom the JavaScript tiler cuts (TileJSON `maxzoom`): deeper tiles are cut from their
 * ancestor at this zoom (geo/overzoom.ts); ST_AsMVT builds them at their own zoom.
 */
export const TILE_MAX_ZOOM = 14;
const MAX_ZOOM = TILE_MAX_ZOOM;

export class TileService {
  private mvtInDatabase: boolean | undefined;
  /** Per layer: its features as read once (JS path), and tile indexes per filter, newest last. */
  private readonly sources = new Map<TileLayer, Promise<SourceFeature[]>>();
  private readonly indexes = new Map<string, Promise<GeoJSONVT>>();

  constructor(
    private readonly knex: Knex,
    /** Use the JavaScript tiler even where the database could build MVT (to compare the two). */
    private readonly options: { forceJs?: boolean } = {},
  ) {}

  /** Whether this PostGIS can build MVT itself (probed once: the embedded one cannot). */
  async databaseBuildsMvt(): Promise<boolean> {
    if (this.options.forceJs) return false;
    if (this.mvtInDatabase === undefined) {
      try {
        await this.knex.raw(`SELECT ST_AsMVT(q, 'probe') FROM (SELECT ST_AsMVTGeom(ST_Point(0.5, 0.5), ST_MakeEnvelope(0, 0, 1, 1)) AS geom) q`);
        this.mvtInDatabase = true;
      } catch {
        this.mvtInDatabase = false;
      }
    }
    return this.mvtInDatabase;
  }

  /** The encoded tile, or null when no feature touches it. */
  async tile(
    layer: TileLayer, z: number, x: number, y: number, filter: TileFilter = NO_FILTER, view: CaseView = ALL_POINTS,
  ): Promise<Uint8Array | null> {
    const aggregate = layer === 'cases' && view.mode === 'aggregate';
    if (await this.databaseBuildsMvt()) {
      const params = { z, x, y, ...filter, tribunal: view.tribunal };
      const [row] = aggregate
        ? await runSql<{ mvt: Buffer | null }>(this.knex, 'tile-cases-grid-mvt', params)
        : await runSql<{ mvt: Buffer | null }>(this.knex, 'tile-mvt', params, TILE_LAYERS[layer]);
      return row?.mvt && row.mvt.length > 0 ? new Uint8Array(row.mvt) : null;
    }
    const index = aggregate
      ? await this.aggregateIndex(filter, view.tribunal)
      : await this.index(layer, layer === 'cases' ? filter : NO_FILTER, layer === 'cases' ? view.tribunal : null);
    if (z > MAX_ZOOM) {
      // geojson-vt stops at its maxZoom: cut the tile from its ancestor there (no new tiles are cached).
      const dz = z - MAX_ZOOM;
      const parent = index.getTile(MAX_ZOOM, x >> dz, y >> dz);
      if (!parent) return null;
      const features = overzoomFeatures(parent.features as unknown as TileFeature[], dz, x - ((x >> dz) << dz), y - ((y >> dz) << dz), TILE_EXTENT, TILE_BUFFER);
      if (features.length === 0) return null;
      return fromGeojsonVt({ [layer]: { features } } as unknown as Parameters<typeof fromGeojsonVt>[0], { version: 2, extent: TILE_EXTENT });
    }
    const tile = index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return null;
    return fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT });
  }

  /** Forget a layer's in-memory tiles after its data changed. */
  invalidate(layer?: TileLayer): void {
    for (const key of [...this.indexes.keys()]) if (!layer || key.startsWith(`${layer}|`)) this.indexes.delete(key);
    if (layer) this.sources.delete(layer);
    else this.sources.clear();
  }

  private source(layer: TileLayer): Promise<SourceFeature[]> {
    let source = this.sources.get(layer);
    if (!source) {
      source = runSql<{ fc: string }>(this.knex, 'tile-source', {}, TILE_LAYERS[layer]).then(([row]) => JSON.parse(row!.fc).features);
      source.catch(() => this.sources.delete(layer));
      this.sources.set(layer, source);
    }
    return source;
  }

  private index(layer: TileLayer, filter: TileFilter, tribunal: number | null): Promise<GeoJSONVT> {
    return this.cached(`${layer}|${filter.from}|${filter.to}|${filter.type}|${tribunal}`, () =>
      this.source(layer).then((features) => {
        const from = filter.from ? Date.parse(filter.from) : -Infinity;
        const to = filter.to ? Date.parse(filter.to) : Infinity;
        const kept = features.flatMap((f) => {
          const { _t, _tr, ...properties } = f.properties;
          if (_t !== undefined) {
            const t = Date.parse(String(_t));
            if (t < from || t >= to || (filter.type && properties.dispute_type !== filter.type)) return [];
            if (tribunal !== null && _tr !== tribunal) return [];
          }
          return [{ ...f, properties }];
        });
        return vtIndex(kept);
      }),
    );
  }

  /** Per-grid case counts (roles without access to parties), built in the database per filter. */
  private aggregateIndex(filter: TileFilter, tribunal: number | null): Promise<GeoJSONVT> {
    return this.cached(`cases|aggregate|${filter.from}|${filter.to}|${filter.type}|${tribunal}`, () =>
      runSql<{ fc: string }>(this.knex, 'tile-cases-grid-source', { ...filter, tribunal }).then(([row]) => vtIndex(JSON.parse(row!.fc).features)),
    );
  }

  /** Tile indexes by key, the most recently used last, at most MAX_INDEXES. */
  private cached(key: string, build: () => Promise<GeoJSONVT>): Promise<GeoJSONVT> {
    let index = this.indexes.get(key);
    if (index) {
      this.indexes.delete(key); // re-insert: most recently used last
    } else {
      index = build();
      index.catch(() => this.indexes.delete(key));
    }
    this.indexes.set(key, index);
    while (this.indexes.size > MAX_INDEXES) this.indexes.delete(this.indexes.keys().next().value!);
    return index;
  }
}

function vtIndex(features: SourceFeature[]): GeoJSONVT {
  return new GeoJSONVT({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection, {
    maxZoom: MAX_ZOOM, indexMaxZoom: 5, extent: TILE_EXTENT, buffer: TILE_BUFFER, tolerance: 3,
  });
}

type SourceFeature = { type: 'Feature'; geometry: GeoJSON.Geometry; properties: Record<string, unknown> };
const MAX_INDEXES = 12;
