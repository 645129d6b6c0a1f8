// Tribunals, organisations and mediators (demo data; real names only for the court, 董家河法庭 and the
// committees named after real villages/townships).
import { DISTRICT_CODE } from './config.ts';
import { SPECIALTIES, type MediatorKind, type MediatorStatus, type OrganisationKind, type ServiceAreaLevel, type Specialty } from '../../server/src/contract/vocab.ts';
import { interiorPoint, pointInMPoly, roundPt, type MPoly, type Pt } from './lib/geo.ts';
import { makeRng, type Rng } from './lib/rng.ts';
import type { Geography, Township, Village } from './geography.ts';

export interface Tribunal {
  id: string;
  name: string;
  name_is_real: boolean;
  seat: Pt;
  seat_source: 'schematic';
  catchment: string[];
}

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  industry: Specialty | null;
  township_code: string | null;
  village_code: string | null;
  address: string;
  location: Pt;
  contact_phone: string;
  tribunal_id: string;
}

export interface ServiceArea {
  level: ServiceAreaLevel;
  code: string;
}

export interface Mediator {
  id: string;
  name: string;
  kind: MediatorKind;
  work_unit: string;
  position: string;
  phone: string;
  organisation_id: string;
  tribunal_id: string;
  location: Pt;
  specialties: Specialty[];
  capacity: number;
  status: MediatorStatus;
  status_since: string;
  is_liaison: boolean;
  service_areas: ServiceArea[];
}

export interface People {
  tribunals: Tribunal[];
  organisations: Organisation[];
  mediators: Mediator[];
  /** Villages left without any village- or grid-level mediator (coverage gaps, on purpose). */
  gapVillages: string[];
  /** Villages whose only village/grid-level mediators are on leave or withdrawn. */
  inactiveVillages: string[];
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕'];

const SPECIALTY_ORG_NAMES: Record<Specialty, string> = {
  medical: '医疗纠纷',
  traffic: '道路交通事故纠纷',
  labour: '劳动争议',
  property: '物业纠纷',
  logistics: '物流纠纷',
  environment: '环境保护纠纷',
  commercial: '商事纠纷',
};

/** A point inside `m` near `p` (jittered by about `r` degrees), falling back to an interior point. */
export function nearInside(rng: Rng, m: MPoly, p: Pt, r: number): Pt {
  for (let k = 0; k < 20; k++) {
    const q = roundPt([p[0] + rng.normal() * r, p[1] + rng.normal() * r]);
    if (pointInMPoly(q, m)) return q;
  }
  return interiorPoint(m, p);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function buildPeople(geo: Geography, seed: string, anchorDate: string): People {
  const rng = makeRng(seed, 'people');
  const anchorMs = Date.parse(`${anchorDate}T00:00:00+08:00`);
  const day = 86_400_000;
  const town = new Map(geo.townships.map((t) => [t.code, t]));
  const byCode = (c: string) => town.get(c) as Township;
  const vill = new Map(geo.villages.map((v) => [v.code, v]));
  const gridsOf = new Map<string, typeof geo.grids>();
  for (const g of geo.grids) gridsOf.set(g.parent_code, [...(gridsOf.get(g.parent_code) ?? []), g]);
  const codeByName = (name: string) => {
    const t = geo.townships.find((x) => x.name === name);
    if (!t) throw new Error(`no township ${name}`);
    return t.code;
  };
  const subdistricts = geo.townships.filter((t) => t.type === 'subdistrict').map((t) => t.code);
  const cityPoly = byCode('411502001000').geometry;

  // --- tribunals ---
  const tribunalDefs: { name: string; real: boolean; near: string; catchment: string[] }[] = [
    { name: '浉河区人民法院', real: true, near: '411502001000', catchment: subdistricts },
    { name: '董家河法庭', real: true, near: codeByName('董家河镇'), catchment: [codeByName('董家河镇'), codeByName('浉河港镇')] },
    { name: '示例·东双河人民法庭(演示)', real: false, near: codeByName('东双河镇'), catchment: [codeByName('东双河镇'), codeByName('十三里桥乡'), codeByName('柳林乡')] },
    { name: '示例·谭家河人民法庭(演示)', real: false, near: codeByName('谭家河乡'), catchment: [codeByName('谭家河乡'), codeByName('李家寨镇')] },
    { name: '示例·吴家店人民法庭(演示)', real: false, near: codeByName('吴家店镇'), catchment: [codeByName('吴家店镇'), codeByName('游河乡')] },
  ];
  const tribunals: Tribunal[] = tribunalDefs.map((d, i) => {
    const t = byCode(d.near);
    return {
      id: `trb-${String(i + 1).padStart(2, '0')}`,
      name: d.name,
      name_is_real: d.real,
      seat: nearInside(rng, t.geometry, [t.seat[0] + 0.003, t.seat[1] - 0.002], 0.001),
      seat_source: 'schematic',
      catchment: d.catchment,
    };
  });
  const tribunalOf = new Map<string, string>();
  for (const tr of tribunals) for (const c of tr.catchment) tribunalOf.set(c, tr.id);
  const courtId = (tribunals[0] as Tribunal).id;
  const trib = (townshipCode: string | null) => (townshipCode ? (tribunalOf.get(townshipCode) as string) : courtId);

  // --- coverage gaps, chosen up front ---
  const order = rng.shuffle(geo.villages.map((v) => v.code));
  const gapVillages = order.slice(0, 14).sort();
  const inactiveVillages = order.slice(14, 20).sort();
  const gapSet = new Set(gapVillages);
  const inactiveSet = new Set(inactiveVillages);
  // A few gap villages have no committee at all; the others have one without registered mediators.
  const noCommittee = new Set(gapVillages.slice(0, 8));

  // --- organisations ---
  const organisations: Organisation[] = [];
  let phoneSeq = 0;
  // An organisation's office line (fixed, Xinyang area code 0376; invented numbers): public by nature.
  const orgPhone = () => `0376-6000${String(++phoneSeq).padStart(3, '0')}`;
  const addOrg = (o: Omit<Organisation, 'id' | 'contact_phone' | 'tribunal_id'>): Organisation => {
    const org: Organisation = { id: `org-${String(organisations.length + 1).padStart(4, '0')}`, ...o, contact_phone: orgPhone(), tribunal_id: trib(o.township_code) };
    organisations.push(org);
    return org;
  };
  const townshipCommittee = new Map<string, Organisation>();
  const justiceOffice = new Map<string, Organisation>();
  for (const t of geo.townships) {
    townshipCommittee.set(t.code, addOrg({
      name: `${t.name}人民调解委员会`, kind: 'township_committee', industry: null, township_code: t.code, village_code: null,
      address: `${t.name}驻地(示意位置)`, location: t.seat,
    }));
  }
  addOrg({
    name: '示例·浉河区综治中心(演示)', kind: 'governance_unit', industry: null, township_code: null, village_code: null,
    address: '浉河区城区(示意位置)', location: nearInside(rng, cityPoly, (tribunals[0] as Tribunal).seat, 0.002),
  });
  for (const t of geo.townships) {
    justiceOffice.set(t.code, addOrg({
      name: `示例·${t.name}司法所(演示)`, kind: 'governance_unit', industry: null, township_code: t.code, village_code: null,
      address: `${t.name}驻地(示意位置)`, location: nearInside(rng, t.geometry, t.seat, 0.002),
    }));
  }
  const villageCommittee = new Map<string, Organisation>();
  for (const v of geo.villages) {
    if (noCommittee.has(v.code)) continue;
    villageCommittee.set(v.code, addOrg({
      name: `${v.display_name}人民调解委员会`, kind: 'village_committee', industry: null, township_code: v.parent_code, village_code: v.code,
      address: `${byCode(v.parent_code).name}${v.display_name}(示意位置)`, location: v.point,
    }));
  }
  const cityCommunities = geo.villages.filter((v) => v.type === 'community' && byCode(v.parent_code).type === 'subdistrict');
  const industryOrg = new Map<Specialty, Organisation>();
  for (const sp of Object.keys(SPECIALTIES) as Specialty[]) {
    const host = rng.pick(cityCommunities);
    industryOrg.set(sp, addOrg({
      name: `示例·浉河区${SPECIALTY_ORG_NAMES[sp]}人民调解委员会(演示)`, kind: 'industry', industry: sp, township_code: null, village_code: null,
      address: `浉河区城区(示意位置)`, location: nearInside(rng, host.geometry, host.point, 0.001),
    }));
  }
  const pickVillage = (townName: string, type?: 'community' | 'village'): Village => {
    const c = codeByName(townName);
    const vs = geo.villages.filter((v) => v.parent_code === c && (!type || v.type === type) && !gapSet.has(v.code));
    return rng.pick(vs);
  };
  const enterpriseDefs: { name: string; industry: Specialty; town: string; type?: 'community' | 'village' }[] = [
    { name: '示例·某茶业公司人民调解委员会(演示)', industry: 'labour', town: '浉河港镇', type: 'village' },
    { name: '示例·某工业园区人民调解委员会(演示)', industry: 'labour', town: '十三里桥乡' },
    { name: '示例·某物流园人民调解委员会(演示)', industry: 'logistics', town: '双井街道' },
    { name: '示例·某商业综合体人民调解委员会(演示)', industry: 'commercial', town: '民权街道' },
  ];
  const enterprises: Organisation[] = enterpriseDefs.map((d) => {
    const v = pickVillage(d.town, d.type);
    return addOrg({
      name: d.name, kind: 'enterprise', industry: d.industry, township_code: v.parent_code, village_code: v.code,
      address: `${byCode(v.parent_code).name}${v.display_name}(示意位置)`, location: nearInside(rng, v.geometry, v.point, 0.001),
    });
  });
  const lawyerStudios: Organisation[] = ['老城街道', '五里墩街道', '湖东街道'].map((tn, i) => {
    const t = byCode(codeByName(tn));
    return addOrg({
      name: `示例·某律师事务所律师调解工作室${i + 1}(演示)`, kind: 'lawyer_studio', industry: null, township_code: t.code, village_code: null,
      address: `${t.name}(示意位置)`, location: nearInside(rng, t.geometry, t.seat, 0.002),
    });
  });

  // --- mediators ---
  const mediators: Mediator[] = [];
  const statusFor = (forceInactive: boolean): { status: MediatorStatus; since: string } => {
    const u = rng();
    if (forceInactive ? u < 0.6 : u < 0.05) return { status: 'on_leave', since: isoDate(anchorMs - rng.int(3, 90) * day) };
    if (forceInactive || u < 0.08) return { status: 'withdrawn', since: isoDate(anchorMs - rng.int(10, 540) * day) };
    // Joined: mostly before the demo window, some during it.
    const joinedDaysAgo = rng() < 0.88 ? rng.int(740, 2600) : rng.int(30, 720);
    return { status: 'active', since: isoDate(anchorMs - joinedDaysAgo * day) };
  };
  const addMediator = (m: {
    kind: MediatorKind; work_unit: string; position: string; org: Organisation; location: Pt; specialties: Specialty[];
    capacity: number; areas: ServiceArea[]; liaison?: boolean; inactive?: boolean;
  }) => {
    const n = mediators.length + 1;
    const num = String(n).padStart(4, '0');
    const st = statusFor(!!m.inactive);
    const name = `${rng.pick(SURNAMES)}${rng() < 0.5 ? '某' : '某某'}(示例${num})`;
    mediators.push({
      id: `med-${num}`, name, kind: m.kind, work_unit: m.work_unit, position: m.position, phone: `1390000${num}`,
      organisation_id: m.org.id, tribunal_id: m.org.tribunal_id, location: m.location, specialties: m.specialties,
      capacity: m.capacity, status: st.status, status_since: st.since, is_liaison: !!m.liaison, service_areas: m.areas,
    });
  };
  const sp = (xs: Specialty[], p: number) => xs.filter(() => rng() < p);

  for (const t of geo.townships) {
    const tc = townshipCommittee.get(t.code) as Organisation;
    const jo = justiceOffice.get(t.code) as Organisation;
    const unit = t.type === 'subdistrict' ? `${t.name}办事处` : `${t.name}人民政府`;
    const area: ServiceArea[] = [{ level: 'township', code: t.code }];
    const big = t.population_est > 40_000;
    addMediator({ kind: 'full_time', work_unit: tc.name, position: '专职人民调解员', org: tc, location: nearInside(rng, t.geometry, t.seat, 0.002), specialties: sp(['labour', 'traffic', 'property'], 0.3), capacity: rng.int(10, 15), areas: area, liaison: true });
    if (big) addMediator({ kind: 'full_time', work_unit: tc.name, position: '专职人民调解员', org: tc, location: nearInside(rng, t.geometry, t.seat, 0.002), specialties: sp(['labour', 'property', 'commercial'], 0.3), capacity: rng.int(10, 15), areas: area });
    addMediator({ kind: 'township_cadre', work_unit: unit, position: '综治办主任', org: tc, location: nearInside(rng, t.geometry, t.seat, 0.002), specialties: [], capacity: rng.int(5, 10), areas: area });
    addMediator({ kind: 'township_cadre', work_unit: jo.name, position: '司法所所长', org: jo, location: jo.location, specialties: [], capacity: rng.int(5, 10), areas: area, liaison: true });
    if (rng() < 0.5) addMediator({ kind: 'township_cadre', work_unit: unit, position: t.type === 'subdistrict' ? '副主任' : t.type === 'town' ? '副镇长' : '副乡长', org: tc, location: nearInside(rng, t.geometry, t.seat, 0.002), specialties: [], capacity: rng.int(5, 8), areas: area });
    if (rng() < 0.5) addMediator({ kind: 'invited', work_unit: tc.name, position: rng.pick(['退休法官', '退休教师', '人大代表', '政协委员']), org: tc, location: nearInside(rng, t.geometry, t.seat, 0.004), specialties: sp(['commercial', 'labour', 'traffic'], 0.4), capacity: rng.int(5, 10), areas: area });
  }

  for (const v of geo.villages) {
    if (gapSet.has(v.code)) continue;
    const org = villageCommittee.get(v.code) as Organisation;
    const inactive = inactiveSet.has(v.code);
    const grids = gridsOf.get(v.code) ?? [];
    const community = v.type === 'community';
    const vArea: ServiceArea[] = [{ level: 'village', code: v.code }];
    const cadrePositions = community ? ['居委会主任', '居委会副主任', '调委会主任', '治保委员'] : ['村委会主任', '村委会副主任', '调委会主任', '治保主任'];
    if (!community || rng() < 0.6) addMediator({ kind: 'village_cadre', work_unit: v.name, position: cadrePositions[0] as string, org, location: nearInside(rng, v.geometry, v.point, 0.0005), specialties: community ? sp(['property'], 0.3) : [], capacity: rng.int(5, 10), areas: vArea, liaison: true, inactive });
    if (rng() < (community ? 0.15 : 0.08)) addMediator({ kind: 'village_cadre', work_unit: v.name, position: rng.pick(cadrePositions.slice(1)), org, location: nearInside(rng, v.geometry, v.point, 0.0008), specialties: [], capacity: rng.int(5, 8), areas: vArea, inactive });
    if (!community && rng() < 0.08) addMediator({ kind: 'other', work_unit: v.name, position: rng.pick(['乡贤', '老党员', '志愿者']), org, location: nearInside(rng, v.geometry, v.point, 0.001), specialties: [], capacity: rng.int(3, 6), areas: vArea, inactive });
    // Grid workers: urban ones serve one or two grids each; rural ones serve all grids of their village.
    if (community) {
      for (let k = 0; k < grids.length; ) {
        const take = rng.int(2, 3);
        const served = grids.slice(k, k + take);
        k += take;
        if (rng() < 0.15) continue; // this grid (pair) has no grid worker
        const g0 = served[0] as (typeof grids)[number];
        addMediator({ kind: 'grid_worker', work_unit: v.name, position: '专职网格员', org, location: nearInside(rng, g0.geometry, g0.centre, 0.0003), specialties: [], capacity: rng.int(5, 8), areas: served.map((g) => ({ level: 'grid', code: g.code })), inactive });
      }
    } else if (rng() < 0.3 && grids.length > 0) {
      const g0 = grids[0] as (typeof grids)[number];
      addMediator({ kind: 'grid_worker', work_unit: v.name, position: '网格员', org, location: nearInside(rng, g0.geometry, g0.centre, 0.0005), specialties: [], capacity: rng.int(5, 8), areas: grids.map((g) => ({ level: 'grid', code: g.code })), inactive });
    }
  }

  const district: ServiceArea[] = [{ level: 'district', code: DISTRICT_CODE }];
  for (const [s, org] of industryOrg) {
    const n = s === 'traffic' || s === 'labour' || s === 'property' ? 4 : 3;
    for (let k = 0; k < n; k++) {
      addMediator({ kind: k === 0 ? 'full_time' : rng() < 0.5 ? 'invited' : 'full_time', work_unit: org.name, position: k === 0 ? '调委会主任' : '专职调解员', org, location: nearInside(rng, cityPoly, org.location, 0.002), specialties: [s], capacity: rng.int(8, 15), areas: district, liaison: k === 0 });
    }
  }
  for (const org of enterprises) {
    const v = vill.get(org.village_code as string) as Village;
    for (let k = 0; k < 2; k++) {
      addMediator({ kind: k === 0 ? 'full_time' : 'other', work_unit: org.name, position: k === 0 ? '调委会主任' : '工会干部', org, location: nearInside(rng, v.geometry, org.location, 0.0005), specialties: [org.industry as Specialty], capacity: rng.int(5, 10), areas: [{ level: 'township', code: v.parent_code }], liaison: k === 0 });
    }
  }
  for (const org of lawyerStudios) {
    const t = byCode(org.township_code as string);
    for (let k = 0; k < 2; k++) {
      addMediator({ kind: 'lawyer', work_unit: org.name, position: '律师', org, location: nearInside(rng, t.geometry, org.location, 0.001), specialties: sp(['commercial', 'labour', 'traffic', 'medical'], 0.4), capacity: rng.int(5, 10), areas: district, liaison: k === 0 });
    }
  }
  for (let k = 0; k < 6; k++) {
    const t = byCode(rng.pick(subdistricts));
    const tc = townshipCommittee.get(t.code) as Organisation;
    addMediator({ kind: 'invited', work_unit: tc.name, position: rng.pick(['退休法官', '退休检察官', '心理咨询师']), org: tc, location: nearInside(rng, t.geometry, t.seat, 0.003), specialties: sp(['medical', 'commercial', 'property'], 0.5), capacity: rng.int(5, 10), areas: district });
  }
  // Report the gaps as they turned out (a community may also lose all its mediators by chance above).
  const local = new Map<string, Mediator[]>();
  const gridVillage = new Map(geo.grids.map((g) => [g.code, g.parent_code]));
  for (const m of mediators) for (const a of m.service_areas) {
    const vc = a.level === 'village' ? a.code : a.level === 'grid' ? gridVillage.get(a.code) : undefined;
    if (vc) local.set(vc, [...new Set([...(local.get(vc) ?? []), m])]);
  }
  const gaps = geo.villages.filter((v) => !local.has(v.code)).map((v) => v.code);
  const inactiveOnly = geo.villages.filter((v) => (local.get(v.code) ?? []).length > 0 && (local.get(v.code) ?? []).every((m) => m.status !== 'active')).map((v) => v.code);
  return { tribunals, organisations, mediators, gapVillages: gaps, inactiveVillages: inactiveOnly };
}
