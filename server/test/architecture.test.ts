// Rules of the layout (README "Architecture") that a reader of imports can check: server/src/db/ is the
// only code that imports knex (the rest names its types through db/types.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.ts';

/** Every .ts/.tsx file below `dir`, relative to the repository. */
function sources(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

// `from 'knex'`, `import('knex')`, `require('knex')`, and any 'knex/…' subpath.
const KNEX_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]knex(?:\/[^'"]*)?['"]/;

describe('architecture', () => {
  it('only server/src/db/ imports knex', () => {
    const files = [...sources('server/src'), ...sources('client/src')];
    expect(files).toContain('server/src/db/connection.ts');
    const outside = files.filter((f) => !f.startsWith('server/src/db/'))
      .filter((f) => KNEX_IMPORT.test(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(outside, 'import the types from server/src/db/types.ts instead').toEqual([]);
  });

  it('recognises every form of a knex import', () => {
    for (const s of ["import type { Knex } from 'knex';", 'import knex from "knex"', "type T = import('knex').Knex", "const k = require('knex')", "import { x } from 'knex/types/tables'"]) {
      expect(KNEX_IMPORT.test(s), s).toBe(true);
    }
    expect(KNEX_IMPORT.test("import type { Knex } from '../db/types.ts';")).toBe(false);
    expect(KNEX_IMPORT.test('const knex = ctx.db.knex;')).toBe(false);
  });
});
