// The trimmed PostGIS bundle PGlite opens at start (db/postgis-bundle.ts): the unused extension
// libraries are gone, everything kept is byte for byte the original, and the cached copy follows the
// original's checksum.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { filterTar, trimmedBundle, UNUSED } from '../src/db/postgis-bundle.ts';

const original = path.resolve(import.meta.dirname, '../../node_modules/@electric-sql/pglite-postgis/dist/postgis.tar.gz');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'postgis-bundle-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

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

/** A small ustar archive of `files` (name → text). */
function tarOf(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('0', 156);
    h.write('ustar\x0000', 257);
    h.fill(' ', 148, 156);
    h.write(`${h.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...parts, Buffer.alloc(1024)]);
}

describe('trimmed PostGIS bundle', () => {
  it('drops raster, topology, tiger geocoder and contrib, keeps postgis and the PROJ data unchanged', () => {
    const tar = zlib.gunzipSync(fs.readFileSync(original));
    const all = entries(tar);
    const kept = entries(filterTar(tar, (n) => UNUSED.test(n)));
    expect(all.has('lib/postgresql/postgis_raster-3.so')).toBe(true); // else the rule no longer fits the bundle
    expect(kept.has('lib/postgresql/postgis_raster-3.so')).toBe(false);
    expect(kept.has('lib/postgresql/postgis_topology-3.so')).toBe(false);
    expect([...kept.keys()].filter((n) => n.endsWith('.so'))).toEqual(['lib/postgresql/postgis-3.so']);
    for (const name of ['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control', 'share/postgresql/extension/postgis--3.6.2.sql']) {
      expect(kept.get(name)?.equals(all.get(name)!)).toBe(true);
    }
    for (const [name, data] of kept) expect(data.equals(all.get(name)!)).toBe(true);
    expect([...all.keys()].filter((n) => n.startsWith('share/proj/')).every((n) => kept.has(n))).toBe(true);
  });

  it('is made once per original: reused while the original is the same, made anew when its checksum changes', () => {
    const source = path.join(scratch, 'postgis.tar.gz');
    const cache = path.join(scratch, 'cache');
    const bundleV1 = { 'lib/postgresql/postgis-3.so': 'one', 'lib/postgresql/postgis_raster-3.so': 'raster', 'share/postgresql/contrib/x.sql': 'x' };
    fs.writeFileSync(source, zlib.gzipSync(tarOf(bundleV1)));
    const first = trimmedBundle(source, cache)!;
    expect(first).toMatch(/postgis-[0-9a-f]{16}-trimmed-v\d+\.tar\.gz$/);
    expect([...entries(zlib.gunzipSync(fs.readFileSync(first))).keys()]).toEqual(['lib/postgresql/postgis-3.so']);
    const madeAt = fs.statSync(first).mtimeMs;
    expect(trimmedBundle(source, cache)).toBe(first);
    expect(fs.statSync(first).mtimeMs).toBe(madeAt);

    // Same size, other content (an upstream update): another checksum, another copy.
    fs.writeFileSync(source, zlib.gzipSync(tarOf({ ...bundleV1, 'lib/postgresql/postgis-3.so': 'two' })));
    const second = trimmedBundle(source, cache)!;
    expect(second).not.toBe(first);
    expect(entries(zlib.gunzipSync(fs.readFileSync(second))).get('lib/postgresql/postgis-3.so')!.toString()).toBe('two');
    expect(fs.readdirSync(cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives null when the cache folder cannot be written (the original is used then)', () => {
    const source = path.join(scratch, 'postgis.tar.gz');
    const blocker = path.join(scratch, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    expect(trimmedBundle(source, path.join(blocker, 'cache'))).toBeNull();
  });
});
