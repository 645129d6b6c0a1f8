import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAll } from '../scripts/build.ts';
import { loadSources } from '../scripts/sources.ts';
import { BUILD } from './helpers.ts';

describe('determinism', () => {
  const sources = loadSources();
  const a = buildAll(sources).files;
  it('gives byte-identical outputs on a second run', () => {
    const b = buildAll(loadSources()).files;
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expect(b[k] === a[k], k).toBe(true);
  });
  it('matches the committed files in data/build/ (run `npm run data:build` after changing the generator)', () => {
    for (const [k, v] of Object.entries(a)) expect(fs.readFileSync(path.join(BUILD, k), 'utf8') === v, k).toBe(true);
  });
  it('has no wall-clock timestamps in meta.json', () => {
    const meta = JSON.parse(a['meta.json'] as string) as Record<string, unknown>;
    expect(meta.dataset).toBe('shihe-demo');
    expect(meta.generated_by).toBe('data/scripts/build.ts');
    expect(JSON.stringify(meta)).not.toMatch(/generated_at|built_at/);
  });
});
