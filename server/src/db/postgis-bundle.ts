// PGlite's PostGIS bundle (`@electric-sql/pglite-postgis`'s postgis.tar.gz, 19 MB, 95 MB unpacked)
// holds three extension libraries: postgis, postgis_raster and postgis_topology (16 MB of
// WebAssembly each). At every start PGlite unpacks the whole bundle and compiles and links every
// `.so` in it (extensionUtils.ts `loadExtension`: one `createPreloadedFile` per library), although
// this app only creates `postgis`: the two unused libraries cost about 0.9 s of CPU per start.
//
// `postgisExtension()` hands PGlite the same bundle without raster, topology, the tiger geocoder and
// the contrib (non-extension) install scripts. The trimmed copy is made once in a cache folder (not in
// node_modules), named by the SHA-256 of the original bundle and the trim rule's version, so a changed
// upstream bundle (an npm update) makes a new one; it is written beside and renamed, so a process
// starting at the same moment never reads half a file. Everything kept — the postgis library, its
// install and upgrade scripts, the PROJ data — is byte for byte the original. When no cache folder is
// writable the original bundle is used, as with `POSTGIS_BUNDLE=full`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { postgis } from '@electric-sql/pglite-postgis';

type Extension = typeof postgis;

export interface PostgisBundleOptions {
  /** `trimmed` (default): without the unused libraries; `full`: PGlite's bundle as shipped. */
  bundle: 'trimmed' | 'full';
  /** Where the trimmed copy is kept (made on the first start). */
  cacheDir: string;
}

/** Entries this app never uses: the other extensions of the bundle and the non-extension install scripts. */
export const UNUSED = /^(lib\/postgresql\/|share\/postgresql\/extension\/)(postgis_raster|postgis_topology|postgis_tiger_geocoder|address_standardizer)|^share\/postgresql\/contrib\//;
/** Raised when UNUSED or the archive format changes, so old trimmed copies are not reused. */
const TRIM_VERSION = 2;

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
    if (end > tar.length) throw new Error(`truncated tar archive at byte ${at}`);
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

/** The trimmed copy of `original` in `cacheDir`, made now if missing; null when it cannot be written. */
export function trimmedBundle(original: string, cacheDir: string): string | null {
  const source = fs.readFileSync(original);
  const sha = crypto.createHash('sha256').update(source).digest('hex').slice(0, 16);
  const target = path.join(cacheDir, `postgis-${sha}-trimmed-v${TRIM_VERSION}.tar.gz`);
  if (fs.existsSync(target)) return target;
  const trimmed = zlib.gzipSync(filterTar(zlib.gunzipSync(source), (n) => UNUSED.test(n)), { level: 1 });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, trimmed);
    fs.renameSync(tmp, target);
    return target;
  } catch {
    return null; // not writable (a read-only install): the caller uses the original
  }
}

/** PGlite's postgis extension, with the trimmed bundle unless `full` is asked for or it cannot be made. */
export function postgisExtension(opts: PostgisBundleOptions): Extension {
  if (opts.bundle === 'full') return postgis;
  return {
    ...postgis,
    setup: async (pg, emscriptenOpts) => {
      const result = await postgis.setup(pg, emscriptenOpts);
      if (!result.bundlePath || result.bundlePath.protocol !== 'file:') return result;
      const trimmed = trimmedBundle(fileURLToPath(result.bundlePath), opts.cacheDir);
      return trimmed ? { ...result, bundlePath: pathToFileURL(trimmed) } : result;
    },
  };
}
