// PGlite's PostGIS bundle (postgis.tar.gz, 19 MB, 91 MB unpacked) holds three extension libraries:
// postgis, postgis_raster and postgis_topology (16 MB of WebAssembly each). PGlite unpacks the whole
// bundle and compiles and links every library at each start, although this app only creates
// `postgis`: linking the two unused ones was about a third of a warm start's CPU time.
// `postgisExtension()` hands PGlite the same bundle without raster, topology, tiger geocoder and the
// contrib (non-extension) install scripts, written once next to node_modules and reused; the postgis
// library, its extension scripts (install and upgrade) and the PROJ data are byte for byte the
// original. When the trimmed copy cannot be written (a read-only install), the original is used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { postgis } from '@electric-sql/pglite-postgis';

type Extension = typeof postgis;

/** Entries this app never uses: the other extensions of the bundle and the non-extension install scripts. */
export const UNUSED = /^(lib\/postgresql\/|share\/postgresql\/extension\/)(postgis_raster|postgis_topology|postgis_tiger_geocoder|address_standardizer)|^share\/postgresql\/contrib\//;

const BLOCK = 512;
const str = (b: Buffer, at: number, len: number) => {
  const s = b.subarray(at, at + len);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? len : end).toString('utf8');
};

/** The tar archive without the entries `drop` matches; kept entries (and their long-name or pax headers) are copied unchanged. */
export function filterTar(tar: Buffer, drop: (name: string) => boolean): Buffer {
  const out: Buffer[] = [];
  let pending: Buffer[] = []; // GNU long-name / pax headers that belong to the next entry
  let longName: string | null = null;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((x) => x === 0)) break; // end of archive
    const size = parseInt(str(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const end = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const whole = tar.subarray(at, end);
    at = end;
    if (type === 'L' || type === 'x' || type === 'K') {
      if (type === 'L') longName = str(whole, BLOCK, size);
      pending.push(whole);
      continue;
    }
    const prefix = str(header, 345, 155);
    const name = (longName ?? (prefix ? `${prefix}/${str(header, 0, 100)}` : str(header, 0, 100))).replace(/^\.\//, '');
    if (!drop(name)) out.push(...pending, whole);
    pending = [];
    longName = null;
  }
  out.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(out);
}

function trimmedBundle(original: string): string | null {
  const st = fs.statSync(original);
  const file = `postgis-trimmed-${st.size}-${Math.round(st.mtimeMs)}.tar.gz`;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dirs = [path.resolve(here, '../../../node_modules/.cache/shihe-grid-map'), path.join(os.tmpdir(), 'shihe-grid-map')];
  for (const dir of dirs) {
    const target = path.join(dir, file);
    if (fs.existsSync(target)) return target;
  }
  const trimmed = zlib.gzipSync(filterTar(zlib.gunzipSync(fs.readFileSync(original)), (n) => UNUSED.test(n)), { level: 1 });
  for (const dir of dirs) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const target = path.join(dir, file);
      // Written beside, then renamed: a second process starting at the same moment never reads half a file.
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, trimmed);
      fs.renameSync(tmp, target);
      return target;
    } catch {
      // not writable here: try the next place
    }
  }
  return null;
}

let cached: Extension | undefined;

/** PGlite's postgis extension with the trimmed bundle (the original one if it cannot be made). */
export function postgisExtension(): Extension {
  if (cached) return cached;
  cached = {
    ...postgis,
    setup: async (pg, opts) => {
      const result = await postgis.setup(pg, opts);
      if (!result.bundlePath || result.bundlePath.protocol !== 'file:') return result;
      try {
        const trimmed = trimmedBundle(fileURLToPath(result.bundlePath));
        return trimmed ? { ...result, bundlePath: new URL(`file://${trimmed}`) } : result;
      } catch {
        return result;
      }
    },
  };
  return cached;
}
