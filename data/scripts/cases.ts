// Demo cases: volume proportional to the estimated population, points inside their grid.
import { CASE_MONTHS, CASES_PER_RESIDENT_YEAR } from './config.ts';
import { SPECIALIST_DISPUTE_TYPES, type CaseStatus, type DisputeType, type Specialty } from '../../server/src/contract/vocab.ts';
import { interiorPoint, pointInMPoly, roundPt, type Pt } from './lib/geo.ts';
import { makeRng } from './lib/rng.ts';
import type { Geography, Grid } from './geography.ts';
import type { Mediator, People } from './people.ts';

export interface Case {
  id: string;
  title: string;
  dispute_type: DisputeType;
  description: string;
  status: CaseStatus;
  location: Pt;
  township_code: string;
  village_code: string;
  grid_code: string;
  mediator_id: string | null;
  created_at: string;
  assigned_at: string | null;
  closed_at: string | null;
  source: 'court_delegated' | 'self_reported';
}

const TYPE_WEIGHTS: Record<'community' | 'village', Record<DisputeType, number>> = {
  community: { marriage_family: 14, neighbour: 13, land: 1, debt: 10, contract: 9, damages: 8, medical: 4, traffic: 9, labour: 8, property: 11, logistics: 2, environment: 2, commercial: 6, other: 3 },
  village: { marriage_family: 18, neighbour: 17, land: 18, debt: 9, contract: 5, damages: 8, medical: 2, traffic: 6, labour: 5, property: 0.5, logistics: 1, environment: 3, commercial: 1, other: 5 },
};

const TITLES: Record<DisputeType, string[]> = {
  marriage_family: ['子女抚养费纠纷', '赡养费分担纠纷', '离婚财产分割纠纷', '彩礼返还纠纷', '家庭成员矛盾'],
  neighbour: ['相邻通行纠纷', '排水引发的邻里纠纷', '噪音扰民纠纷', '房屋漏水邻里纠纷', '树木遮挡采光纠纷'],
  land: ['土地承包经营权纠纷', '宅基地界址纠纷', '山林权属纠纷', '茶园流转纠纷', '土地征收补偿分配纠纷'],
  debt: ['民间借款归还纠纷', '借款利息纠纷', '担保责任纠纷'],
  contract: ['房屋租赁合同纠纷', '买卖合同货款纠纷', '装修合同纠纷', '承揽合同纠纷'],
  damages: ['人身损害赔偿纠纷', '财产损害赔偿纠纷', '饲养动物致害纠纷'],
  medical: ['诊疗损害赔偿纠纷', '医疗费用争议'],
  traffic: ['机动车交通事故赔偿纠纷', '电动自行车碰撞赔偿纠纷', '停车剐蹭赔偿纠纷'],
  labour: ['拖欠工资纠纷', '工伤待遇纠纷', '解除劳动关系补偿纠纷', '农民工工资纠纷'],
  property: ['物业费缴纳纠纷', '小区停车管理纠纷', '公共维修资金使用纠纷', '电梯维护纠纷'],
  logistics: ['快递丢件赔偿纠纷', '货物运输损坏纠纷', '运费结算纠纷'],
  environment: ['养殖污染纠纷', '施工扬尘噪声纠纷', '油烟排放纠纷'],
  commercial: ['商铺租金纠纷', '经营合伙纠纷', '消费者权益纠纷', '预付卡退费纠纷'],
  other: ['其他民间纠纷', '村务管理纠纷'],
};

const DAY = 86_400_000;
/** A case never closed by the generator stays open only this many days after its assignment. */
const STUCK_MAX_DAYS = 50;

function iso(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function buildCases(geo: Geography, people: People, seed: string, anchorDate: string): Case[] {
  const rng = makeRng(seed, 'cases');
  // The snapshot is taken at the end of the anchor day (Beijing time).
  const endMs = Date.parse(`${anchorDate}T00:00:00+08:00`) + DAY;
  const startDate = new Date(endMs);
  startDate.setUTCMonth(startDate.getUTCMonth() - CASE_MONTHS);
  const startMs = startDate.getTime();
  const pop = geo.grids.reduce((a, g) => a + g.population_est, 0);
  const total = Math.round((pop * CASES_PER_RESIDENT_YEAR * CASE_MONTHS) / 12);

  const villageOf = new Map(geo.villages.map((v) => [v.code, v]));
  // Mediators responsible for each level.
  const byGrid = new Map<string, Mediator[]>();
  const byVillage = new Map<string, Mediator[]>();
  const byTownship = new Map<string, Mediator[]>();
  const districtWide: Mediator[] = [];
  const push = (m: Map<string, Mediator[]>, k: string, x: Mediator) => m.set(k, [...(m.get(k) ?? []), x]);
  for (const m of people.mediators) {
    for (const a of m.service_areas) {
      if (a.level === 'grid') push(byGrid, a.code, m);
      else if (a.level === 'village') push(byVillage, a.code, m);
      else if (a.level === 'township') push(byTownship, a.code, m);
      else districtWide.push(m);
    }
  }
  const sinceMs = (m: Mediator) => Date.parse(`${m.status_since}T00:00:00+08:00`);
  /** Could take a case assigned at `t` that is still open at the end if `open`. */
  const available = (m: Mediator, t: number, open: boolean) => {
    if (m.status === 'active') return t >= sinceMs(m);
    if (m.status === 'on_leave') return open ? false : t < sinceMs(m);
    return t < sinceMs(m) && !open;
  };
  const openLoad = new Map<string, number>();
  const choose = (cands: Mediator[], t: number, open: boolean): Mediator | null => {
    const ok = cands.filter((m) => available(m, t, open));
    if (ok.length === 0) return null;
    const w = ok.map((m) => (open ? Math.max(0.2, m.capacity - (openLoad.get(m.id) ?? 0)) : m.capacity));
    return rng.weighted(ok, w);
  };

  // Grid weights by population.
  const grids = geo.grids;
  const cum: number[] = [];
  let acc = 0;
  for (const g of grids) cum.push((acc += g.population_est));
  const pickGrid = (): Grid => {
    const x = rng() * acc;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return grids[lo] as Grid;
  };
  const types = Object.keys(TYPE_WEIGHTS.community) as DisputeType[];

  const drafts: (Omit<Case, 'id'> & { t0: number })[] = [];
  for (let k = 0; k < total; k++) {
    const g = pickGrid();
    const v = villageOf.get(g.parent_code);
    if (!v) throw new Error(`grid ${g.code} without village`);
    const tw = TYPE_WEIGHTS[v.type];
    const type = rng.weighted(types, types.map((x) => tw[x]));
    // A slight upward trend over the window; working hours 08:00–18:00 Beijing time.
    const u = rng() < 0.85 ? rng() : Math.sqrt(rng());
    const days = Math.round((endMs - startMs) / DAY);
    const dayIdx = Math.min(days - 1, Math.floor(u * days));
    const t0 = startMs + dayIdx * DAY + (8 + rng() * 10) * 3_600_000;
    // Location: around the grid's centre, kept inside the grid.
    const bb = g.geometry.flat(2);
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const [x, y] of bb) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    const sx = (maxX - minX) / 5, sy = (maxY - minY) / 5;
    let loc: Pt | null = null;
    for (let tries = 0; tries < 30 && !loc; tries++) {
      const q = roundPt([g.centre[0] + rng.normal() * sx, g.centre[1] + rng.normal() * sy]);
      if (pointInMPoly(q, g.geometry)) loc = q;
    }
    if (!loc) loc = interiorPoint(g.geometry, g.centre);
    const source = rng() < (type === 'debt' || type === 'contract' || type === 'commercial' ? 0.55 : 0.3) ? 'court_delegated' : 'self_reported';

    // Timeline.
    const assignDelay = (source === 'court_delegated' ? 0.5 + rng() * 8 : 0.05 + rng() * 3) * DAY;
    const o = rng();
    let outcome: CaseStatus | 'stuck' = o < 0.73 ? 'settled' : o < 0.84 ? 'failed' : o < 0.9 ? 'filed' : o < 0.96 ? 'withdrawn' : 'stuck';
    // A court does not leave a case open for months: a "stuck" case older than STUCK_MAX_DAYS at the
    // snapshot was closed late instead (settled, failed or filed 32–52 days after assignment, past its
    // 30-day term), so only a realistic handful of recent cases are overdue at the anchor.
    const lateClose = outcome === 'stuck' && endMs - (t0 + assignDelay) > STUCK_MAX_DAYS * DAY;
    if (lateClose) {
      outcome = o < 0.985 ? 'settled' : o < 0.993 ? 'failed' : 'filed';
      rng(); // the draw the open case would have made below: the other cases' random stream stays as it was
    }
    const earlyWithdraw = outcome === 'withdrawn' && rng() < 0.3;
    let assigned: number | null = t0 + assignDelay;
    let closed: number | null;
    if (earlyWithdraw) {
      closed = t0 + (0.1 + rng() * 0.9) * assignDelay;
      assigned = null;
    } else if (outcome === 'stuck') closed = null;
    else if (lateClose) closed = (assigned as number) + (32 + (o - 0.96) * 500) * DAY;
    else if (outcome === 'filed') closed = (assigned as number) + (20 + rng() * 25) * DAY;
    else closed = (assigned as number) + (1 + Math.min(55, -Math.log(1 - rng()) * 10)) * DAY;

    let status: CaseStatus;
    if (closed !== null && closed <= endMs) status = outcome as CaseStatus;
    else if (assigned === null || assigned > endMs) {
      status = 'pending';
      assigned = null;
      closed = null;
    } else {
      status = endMs - assigned < 2 * DAY || (outcome === 'stuck' && rng() < 0.2) ? 'assigned' : 'mediating';
      closed = null;
    }
    const open = status === 'assigned' || status === 'mediating';

    let mediator: Mediator | null = null;
    if (assigned !== null) {
      const t = assigned;
      if ((SPECIALIST_DISPUTE_TYPES as readonly string[]).includes(type) && rng() < 0.6) {
        mediator = choose(districtWide.filter((m) => m.specialties.includes(type as Specialty)), t, open);
      }
      if (!mediator) mediator = choose([...(byGrid.get(g.code) ?? []), ...(byVillage.get(v.code) ?? [])], t, open);
      if (!mediator) mediator = choose(byTownship.get(v.parent_code) ?? [], t, open);
      if (!mediator) mediator = choose(districtWide, t, open);
      if (!mediator) throw new Error('no mediator available');
      if (open) openLoad.set(mediator.id, (openLoad.get(mediator.id) ?? 0) + 1);
    }
    const title = rng.pick(TITLES[type]);
    drafts.push({
      title,
      dispute_type: type,
      description: source === 'court_delegated' ? '法院委派诉前调解（演示）' : '群众来访登记（演示）',
      status,
      location: loc,
      township_code: v.parent_code,
      village_code: v.code,
      grid_code: g.code,
      mediator_id: mediator ? mediator.id : null,
      created_at: iso(t0),
      assigned_at: assigned === null ? null : iso(assigned),
      closed_at: closed === null ? null : iso(closed),
      source,
      t0,
    });
  }
  drafts.sort((a, b) => a.t0 - b.t0 || a.grid_code.localeCompare(b.grid_code));
  return drafts.map(({ t0: _t0, ...c }, i) => ({ id: `case-${String(i + 1).padStart(5, '0')}`, ...c }));
}
