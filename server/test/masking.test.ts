// Personal data by role: the masking rules, and the cases map layer — points for roles with access
// to parties, per-grid counts for the others, only the catchment for a user scoped to a tribunal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { createTestApp, type DemoUser, type TestApp } from './helpers.ts';
import { districtTiles } from './helpers.ts';
import { caseScope } from '../src/services/case-scope.ts';
import { viewRow } from '../src/services/case-view.ts';
import { casePointMode, maskFreeText, maskIdNumber, maskName, maskParty, maskPhone, partyAccess, type Actor } from '../src/services/masking.ts';
import { TileService } from '../src/services/tiles.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => { await t.close(); });

const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({ id: 1, username: role, role, tribunal_id: null, mediator_id: null, ...extra });

describe('masking rules', () => {
  it('masks phones as 138****1234 and never shows an ID number in full', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138 1234 1234')).toBe('138****1234');
    expect(maskPhone('0376-6221234')).toBe('037****1234');
    expect(maskPhone(null)).toBeNull();
    expect(maskIdNumber('411502199001011234')).toBe('4115**********1234');
    expect(maskIdNumber('41150219900101123X')).toBe('4115**********123X');
    expect(maskName('张三丰')).toBe('张**');
  });

  it('gives party data to admin, dispatchers of the catchment and the case\'s own mediator only', () => {
    const c = { tribunal_id: 2, mediator_id: 7 };
    expect(partyAccess(actor('admin'), c)).toBe('full');
    expect(partyAccess(actor('dispatcher'), c)).toBe('full');
    expect(partyAccess(actor('dispatcher', { tribunal_id: 2 }), c)).toBe('full');
    expect(partyAccess(actor('dispatcher', { tribunal_id: 3 }), c)).toBe('none');
    expect(partyAccess(actor('mediator', { mediator_id: 7 }), c)).toBe('full');
    expect(partyAccess(actor('mediator', { mediator_id: 8 }), c)).toBe('none');
    expect(partyAccess(actor('leader'), c)).toBe('none');
    expect(partyAccess(actor('planner'), c)).toBe('none');
  });

  it('maskParty: ID masked for everyone; phone masked or removed; name reduced without access', () => {
    const p = { name: '王小明', phone: '13912345678', id_number: '411502199001011234', address: '某村某组' };
    expect(maskParty(p, 'full')).toEqual({ ...p, id_number: '4115**********1234' });
    expect(maskParty(p, 'masked')).toEqual({ name: '王小明', phone: '139****5678', id_number: '4115**********1234', address: null });
    expect(maskParty(p, 'none')).toEqual({ name: '王**', phone: null, id_number: null, address: null });
  });

  it('case points one by one only for admin and dispatchers; scope for all but admin', () => {
    expect(['admin', 'dispatcher', 'leader', 'planner', 'mediator'].map((r) => casePointMode(actor(r as Actor['role'])))).toEqual(['points', 'points', 'aggregate', 'aggregate', 'aggregate']);
    expect(caseScope(actor('admin', { tribunal_id: 2 }))).toBeNull();
    expect(caseScope(actor('dispatcher', { tribunal_id: 2 }))).toBe(2);
  });

  it('maskFreeText hides mobiles, fixed lines, ID numbers and house-level addresses in Chinese text', () => {
    const cases: [string, string][] = [
      ['申请人电话13812341234，身份证411502199001011234。', '申请人电话[手机号]，身份证[身份证号]。'],
      ['联系 138 1234 5678 或 +86 139-1234-5678', '联系 [手机号] 或 [手机号]'],
      ['座机0376-6221234', '座机[电话]'],
      ['老式身份证411502900101123，尾号X的41150219900101123X', '老式身份证[身份证号]，尾号X的[身份证号]'],
      ['住浉河区工区路88号', '住浉河区工区路**号'],
      ['董家河镇黄龙寺村3组', '董家河镇黄龙寺村**组'],
      ['谭家河乡某村三组', '谭家河乡某村**组'],
      ['胜利路12-3号5栋2单元501室', '胜利路**号**栋**单元**室'],
      ['人民路十八号，第五队', '人民路**号，第**队'],
    ];
    for (const [text, masked] of cases) expect(maskFreeText(text), text).toBe(masked);
    // What is not personal data stays: days, amounts, counts, a village without a house number.
    for (const text of ['于2026年12月3号发生纠纷，借款5000元，第3次调解', '双方系邻居，一组数据，两队人马', '董家河镇黄龙寺村']) {
      expect(maskFreeText(text)).toBe(text);
    }
    expect(maskFreeText(null)).toBeNull();
  });

  it('a case field no rule names is left out for leader and planner (whitelist), kept for those with party access', () => {
    const row = { tribunal_id: 2, mediator_id: 7, title: '邻里纠纷 13812341234', secret_new_field: 'x' };
    const rules = { title: 'text', tribunal_id: 'keep' } as const;
    for (const role of ['leader', 'planner'] as const) {
      expect(viewRow(actor(role), row, row, rules)).toEqual({ tribunal_id: 2, title: '邻里纠纷 [手机号]' });
    }
    expect(viewRow(actor('dispatcher', { tribunal_id: 2 }), row, row, rules)).toEqual(row);
    expect(viewRow(actor('mediator', { mediator_id: 7 }), row, row, rules)).toEqual(row);
  });
});

const tileRange = districtTiles;

type Feat = { properties: Record<string, unknown>; inside: boolean };
function features(buf: Uint8Array | null): Feat[] {
  if (!buf) return [];
  const l = new VectorTile(new Pbf(buf)).layers.cases;
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => {
    const f = l.feature(i);
    const [[p]] = f.loadGeometry() as unknown as [[{ x: number; y: number }]];
    return { properties: f.properties, inside: p.x >= 0 && p.x < 4096 && p.y >= 0 && p.y < 4096 };
  });
}

async function layerAs(who: DemoUser, query = ''): Promise<Feat[]> {
  const out: Feat[] = [];
  for (const [x, y] of tileRange(9)) {
    const res = await t.request(`/api/tiles/cases/9/${x}/${y}.mvt${query}`, { as: who });
    if (res.status === 204) continue;
    expect(res.status).toBe(200);
    out.push(...features(new Uint8Array(await res.arrayBuffer())).filter((f) => f.inside));
  }
  return out;
}

const countCases = async (tribunalName?: string, type?: string) => {
  const q = t.db.knex('cases as c').join('townships as tw', 'tw.code', 'c.township_code');
  if (tribunalName) q.join('tribunals as tr', 'tr.id', 'tw.tribunal_id').where('tr.name', tribunalName);
  if (type) q.where('c.dispute_type', type);
  return Number(((await q.count({ n: '*' })) as [{ n: number }])[0].n);
};

describe('the cases tile layer by role', () => {
  it('dispatcher and admin: one point per case, with type and status', async () => {
    const pts = await layerAs('dispatcher');
    expect(pts.length).toBe(await countCases());
    expect(pts.every((f) => typeof f.properties.status === 'string' && f.properties.count === undefined)).toBe(true);
  });

  it.each(['leader', 'planner', 'mediator'] as const)('%s: per-grid points with a count, no case attributes, the same total', async (who) => {
    const agg = await layerAs(who);
    const total = agg.reduce((s, f) => s + Number(f.properties.count), 0);
    expect(total).toBe(await countCases());
    const gridCount = Number(((await t.db.knex('cases').countDistinct({ n: 'grid_code' })) as [{ n: number }])[0].n);
    expect(agg.length).toBe(gridCount);
    for (const f of agg) {
      expect(Object.keys(f.properties).sort()).toEqual(['count', 'grid_code', 'open_count']);
      expect(Number(f.properties.open_count)).toBeLessThanOrEqual(Number(f.properties.count));
    }
  });

  it('the aggregate keeps the filters and names the type when filtered by one', async () => {
    const agg = await layerAs('leader', '?type=land');
    expect(agg.reduce((s, f) => s + Number(f.properties.count), 0)).toBe(await countCases(undefined, 'land'));
    expect(agg.every((f) => f.properties.dispute_type === 'land')).toBe(true);
  });

  it('a dispatcher scoped to 董家河法庭 sees only the cases of its catchment', async () => {
    const pts = await layerAs('dispatcher_djh');
    const n = await countCases('董家河法庭');
    expect(n).toBeGreaterThan(0);
    expect(pts.length).toBe(n);
  });

  it('the in-memory tiler (embedded path) and the database path give the same aggregate', async () => {
    const js = new TileService(t.db.knex, { forceJs: true });
    const view = { mode: 'aggregate' as const, tribunal: null };
    const none = { from: null, to: null, type: null };
    for (const [x, y] of tileRange(9)) {
      const key = (b: Uint8Array | null) => features(b).filter((f) => f.inside).map((f) => `${f.properties.grid_code}:${f.properties.count}`).sort();
      expect(key(await js.tile('cases', 9, x, y, none, view))).toEqual(key(await t.ctx.tiles.tile('cases', 9, x, y, none, view)));
    }
  });
});
