// The trimmed PostGIS bundle PGlite opens at start (db/postgis-bundle.ts): the unused extension
// libraries are gone, and everything kept is byte for byte the original.
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterTar, UNUSED } from '../src/db/postgis-bundle.ts';

const original = path.resolve(import.meta.dirname, '../../node_modules/@electric-sql/pglite-postgis/dist/postgis.tar.gz');

/** name → content of every entry of a tar archive. */
function entries(tar: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((x) => x === 0)) break;
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    out.set(name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('trimmed PostGIS bundle', () => {
  it('drops raster, topology, tiger geocoder and contrib, keeps postgis unchanged', () => {
    const tar = zlib.gunzipSync(fs.readFileSync(original));
    const all = entries(tar);
    const kept = entries(filterTar(tar, (n) => UNUSED.test(n)));
    expect(kept.has('lib/postgresql/postgis_raster-3.so')).toBe(false);
    expect(kept.has('lib/postgresql/postgis_topology-3.so')).toBe(false);
    for (const name of ['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control', 'share/postgresql/extension/postgis--3.6.2.sql']) {
      expect(kept.get(name)?.equals(all.get(name)!)).toBe(true);
    }
    for (const [name, data] of kept) expect(data.equals(all.get(name)!)).toBe(true);
    expect([...all.keys()].filter((n) => n.startsWith('share/proj/')).every((n) => kept.has(n))).toBe(true);
  });
});
