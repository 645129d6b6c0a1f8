// Vector tiles for the map. On a PostGIS with protobuf, ST_AsMVT builds them (tile-mvt.sql). The
// embedded PostGIS has no protobuf, so there a layer is read once as GeoJSON and tiled in memory by
// geojson-vt, then encoded by vt-pbf: the same layer names, attributes, extent and buffer.
import type { Knex } from 'knex';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { runSql, type SqlIdentifiers } from '../db/sql.ts';
import type { TILE_LAYER_NAMES } from '../contract/queries.ts';

export type TileLayer = (typeof TILE_LAYER_NAMES)[number];

/** Table, geometry column and attributes per layer: the only identifiers the tile SQL receives. */
const TILE_LAYERS: Record<TileLayer, SqlIdentifiers> = {
  townships: { layer: 'townships', table: 'townships', geom: 'geom', columns: 's.code, s.name, s.type, s.geometry_source' },
  villages: { layer: 'villages', table: 'villages', geom: 'geom', columns: 's.code, s.display_name AS name, s.type, s.township_code, s.geometry_source' },
  grids: { layer: 'grids', table: 'grids', geom: 'geom', columns: 's.code, s.name, s.village_code, s.geometry_source' },
  cases: { layer: 'cases', table: 'cases', geom: 'location', columns: 's.dispute_type, s.status' },
};

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
const MAX_ZOOM = 14;

export class TileService {
  private mvtInDatabase: boolean | undefined;
  private readonly indexes = new Map<TileLayer, Promise<GeoJSONVT>>();

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
  async tile(layer: TileLayer, z: number, x: number, y: number): Promise<Uint8Array | null> {
    if (await this.databaseBuildsMvt()) {
      const [row] = await runSql<{ mvt: Buffer | null }>(this.knex, 'tile-mvt', { z, x, y }, TILE_LAYERS[layer]);
      return row?.mvt && row.mvt.length > 0 ? new Uint8Array(row.mvt) : null;
    }
    const index = await this.index(layer);
    const tile = index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return null;
    return fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT });
  }

  /** Forget a layer's in-memory tiles after its data changed. */
  invalidate(layer?: TileLayer): void {
    if (layer) this.indexes.delete(layer);
    else this.indexes.clear();
  }

  private index(layer: TileLayer): Promise<GeoJSONVT> {
    let index = this.indexes.get(layer);
    if (!index) {
      index = runSql<{ fc: string }>(this.knex, 'tile-source', {}, TILE_LAYERS[layer]).then(
        ([row]) => new GeoJSONVT(JSON.parse(row!.fc), { maxZoom: MAX_ZOOM, indexMaxZoom: 5, extent: TILE_EXTENT, buffer: TILE_BUFFER, tolerance: 3 }),
      );
      index.catch(() => this.indexes.delete(layer));
      this.indexes.set(layer, index);
    }
    return index;
  }
}
