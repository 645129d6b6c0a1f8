// Edge values made from the request schemas themselves (zod 4 introspection: `schema._zod.def`), so
// the fuzzer reaches every field of every route without a list of field names to keep up to date.
// For each leaf field: a base value the field accepts, the class edges (impossible and far days, ids
// past int4, lone surrogates, NUL, over-long text) and the class rules every field must keep.
import type { z } from 'zod';

type Path = (string | number)[];
type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const bagOf = (s: z.ZodType): Record<string, unknown> => (s as unknown as { _zod: { bag?: Record<string, unknown> } })._zod.bag ?? {};

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema that decides what input a field accepts: through wrappers, preprocessors and transforms. */
export function core(s: z.ZodType): z.ZodType {
  const d = defOf(s);
  if (WRAPPERS.has(d.type)) return core(d.innerType as z.ZodType);
  if (d.type === 'pipe') {
    const input = d.in as z.ZodType;
    return defOf(input).type === 'transform' ? core(d.out as z.ZodType) : core(input);
  }
  return s;
}

const isOptional = (s: z.ZodType): boolean => ['optional', 'default', 'prefault'].includes(defOf(s).type) || (defOf(s).type === 'pipe' && isOptional(defOf(s).out as z.ZodType));

export interface Leaf {
  path: Path;
  /** The field's schema as its parent holds it (wrappers included): it decides acceptance. */
  schema: z.ZodType;
  /** The object schemas from the root down to the leaf's parent, to fill a missing parent. */
  parents: z.ZodType[];
}

/** Every leaf field of a schema (objects, intersections, arrays' first element, a union's first object). */
export function leavesOf(schema: z.ZodType, path: Path = [], parents: z.ZodType[] = []): Leaf[] {
  const c = core(schema);
  const d = defOf(c);
  if (d.type === 'object') {
    return Object.entries(d.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leavesOf(v, [...path, k], [...parents, c]));
  }
  if (d.type === 'intersection') return [...leavesOf(d.left as z.ZodType, path, parents), ...leavesOf(d.right as z.ZodType, path, parents)];
  if (d.type === 'union') {
    const options = d.options as z.ZodType[];
    const objects = options.filter((o) => defOf(core(o)).type === 'object');
    if (objects.length) return leavesOf(objects[0]!, path, parents);
  }
  if (d.type === 'array') return leavesOf(d.element as z.ZodType, [...path, 0], [...parents, c]);
  return path.length ? [{ path, schema, parents }] : [];
}

const STRING_CANDIDATES = [
  '2026-06-01', '2026-06-01T08:00:00+08:00', '1', '411502001000', '411502001001001', '测试', 'a1b2c3d4e5f6', '13900000001',
  '00000000-0000-4000-8000-000000000000', 'abcdefgh12', 'village', 'mediators', '114.07,32.1,114.1,32.2', 'pending',
];
const NUMBER_CANDIDATES = [1, 114.07, 32.12, 0, 200, 1000, 0.5];

/** A value the schema accepts, as far as one can be made without knowing the field (best effort). */
export function sample(schema: z.ZodType): unknown {
  const c = core(schema);
  const d = defOf(c);
  const accepts = (v: unknown) => schema.safeParse(v).success;
  switch (d.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) if (!isOptional(v)) out[k] = sample(v);
      return out;
    }
    case 'intersection': return { ...(sample(d.left as z.ZodType) as object), ...(sample(d.right as z.ZodType) as object) };
    case 'union': return sample((d.options as z.ZodType[])[0]!);
    case 'array': return accepts([]) ? [] : [sample(d.element as z.ZodType)];
    case 'enum': return Object.values(d.entries as Record<string, unknown>)[0];
    case 'literal': return (d.values as unknown[])[0];
    case 'boolean': return true;
    case 'number': return NUMBER_CANDIDATES.find(accepts) ?? 1;
    case 'string': return STRING_CANDIDATES.find(accepts) ?? 'x';
    default: return undefined;
  }
}

const OVER = (n: number) => 'x'.repeat(n + 1);
export const SURROGATE = 'A\ud800B';

/** The class edges for a leaf: strings for anything a string may reach, numbers for numbers. */
export function edgesFor(leaf: Leaf): unknown[] {
  const c = core(leaf.schema);
  const t = defOf(c).type;
  const strings = ['2026-02-30', '9999-12-31', '0001-01-01', '2026-02-30T08:00:00+08:00', '9999-12-31T00:00:00Z', '0001-01-01T00:00:00Z',
    '2147483648', '99999999999', '-1', '0', SURROGATE, '\udc00', 'a\u0000b', OVER(typeof bagOf(c).maxLength === 'number' ? (bagOf(c).maxLength as number) : 10_000)];
  const numbers = [2147483648, 99999999999, -1, 0, 1e308, 1.5];
  if (t === 'string' || t === 'enum' || t === 'literal' || t === 'union') return t === 'union' ? [...strings, ...numbers] : strings;
  if (t === 'number') return numbers;
  return [];
}

/** Copy of `root` with `value` at `path`, filling a missing parent with a sample of its schema. */
export function setAt(root: unknown, leaf: Leaf, value: unknown): unknown {
  const out = structuredClone(root ?? {}) as Record<string | number, unknown>;
  let node = out;
  leaf.path.forEach((key, i) => {
    if (i === leaf.path.length - 1) { node[key] = value; return; }
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
      const next = leaf.path[i + 1];
      node[key] = typeof next === 'number' ? [] : (sample(leaf.parents[i + 1] ?? leaf.parents[i]!) ?? {});
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    }
    node = node[key] as Record<string | number, unknown>;
  });
  return out;
}

/**
 * The class rules every field keeps, whatever it is: text refuses a lone surrogate and NUL and has a
 * length limit; a date-shaped field (it refuses month 13) refuses impossible and far days; an integer-shaped field (or a
 * number given as text) refuses what int4 cannot hold. Returns what a leaf breaks.
 */
export function classFindings(leaf: Leaf): string[] {
  const s = leaf.schema;
  const ok = (v: unknown) => s.safeParse(v).success;
  const out: string[] = [];
  const t = defOf(core(s)).type;
  const takesText = t === 'string' || t === 'union';
  if (!takesText) {
    if (t === 'number' && ok(7) && !ok(7.5)) for (const v of [2147483648, 99999999999]) if (ok(v)) out.push(`accepts the integer ${v} (beyond int4)`);
    return out;
  }
  for (const v of [SURROGATE, '\udc00', 'a\u0000b']) if (ok(v)) out.push(`accepts unstorable text ${JSON.stringify(v)}`);
  if (ok('x'.repeat(100_001))) out.push('accepts 100,001 characters (no length limit)');
  if (ok('2026-06-01') && !ok('2026-13-45')) for (const v of ['2026-02-30', '9999-12-31', '0001-01-01']) if (ok(v)) out.push(`accepts the day ${v}`);
  if (ok('2026-06-01T08:00:00+08:00') && !ok('2026-13-45T08:00:00+08:00')) for (const v of ['2026-02-30T08:00:00+08:00', '9999-12-31T00:00:00Z']) if (ok(v)) out.push(`accepts the time ${v}`);
  if (ok('7') && !ok('abc')) for (const v of ['2147483648', '99999999999']) if (ok(v)) out.push(`accepts the number text ${v} (beyond int4)`);
  return out;
}
