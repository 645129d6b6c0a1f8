// Demo data of the assessment duties (issue 7): judges (per tribunal) and their guidance of cases,
// training sessions with attendance, the register of schools and enterprises, and legal publicity
// events. Everything here is invented demo data ("示例…(演示)"); no real person is named. Its own
// random stream, so the other outputs of the build do not change.
import type { Case } from './cases.ts';
import type { Geography, Township, Village } from './geography.ts';
import { roundPt, type Pt } from './lib/geo.ts';
import { makeRng, type Rng } from './lib/rng.ts';
import { nearInside, type People } from './people.ts';

export interface Judge { id: string; name: string; tribunal_id: string; department: string }
export interface Guidance {
  id: string; case_id: string; judge_id: string; mode: 'typical_case' | 'legal_guidance' | 'remote_online' | 'on_site';
  requested_at: string; held_at: string | null; outcome: string | null; note: string;
}
export interface TrainingSession {
  id: string; held_on: string; topic: string; hours: number; organiser: string; place: string;
  audience: 'mediators' | 'village_cadres' | 'mixed'; township_code: string | null;
  /** Registry mediators who attended (ids of mediators.json). */
  mediator_ids: string[];
  /** Village committee members not in the registry. */
  others: { name: string; village_code: string; position: string }[];
}
export interface School { id: string; name: string; kind: 'primary' | 'middle' | 'high' | 'vocational'; township_code: string; village_code: string; location: Pt }
export interface Enterprise { id: string; name: string; industry: string; above_size: boolean; township_code: string; location: Pt }
export interface PublicityEvent {
  id: string; kind: 'school' | 'enterprise' | 'case_talk' | 'preventive' | 'cadre_training' | 'media';
  held_at: string; title: string; place: string; location: Pt; township_code: string; audience: number; department: string;
  school_id: string | null; enterprise_id: string | null;
}
export interface Assessment {
  judges: Judge[]; guidance: Guidance[]; training: TrainingSession[]; schools: School[]; enterprises: Enterprise[]; publicity: PublicityEvent[];
}

const SURNAMES = ['钱', '孔', '严', '华', '金', '魏', '陶', '姜', '戚', '谢', '邹', '喻', '柏', '水', '窦', '章', '云', '苏', '潘', '葛'];
const DEPARTMENTS = ['民一庭', '民二庭', '刑一庭', '立案庭', '行政庭', '少年审判庭'];
const DAY = 86_400_000;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** A time on a Beijing working day, 08:00–18:00, as ISO UTC. */
const workTime = (rng: Rng, dayMs: number) => new Date(dayMs + rng.int(8 * 60, 17 * 60 + 59) * 60_000).toISOString().replace('.000Z', 'Z');
/** The township code of a village (12 digits) or grid (15 digits) code. */
const townshipOf = (code: string) => `${code.slice(0, 9)}000`;
const bjDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

export function buildAssessment(geo: Geography, people: People, cases: Case[], seed: string, anchorDate: string): Assessment {
  const rng = makeRng(seed, 'assessment');
  const anchorMs = Date.parse(`${anchorDate}T00:00:00+08:00`); // start of the anchor day, Beijing
  const endMs = anchorMs + DAY; // exclusive
  const startMs = Date.parse(`${Number(anchorDate.slice(0, 4)) - 2}-${anchorDate.slice(5, 7)}-01T00:00:00+08:00`) + 31 * DAY;
  const firstDay = Date.parse(`${bjDay(startMs).slice(0, 8)}01T00:00:00+08:00`);

  // --- judges: three per tribunal, the court itself more ---
  const judges: Judge[] = [];
  for (const t of people.tribunals) {
    const n = t.name === '浉河区人民法院' ? 6 : 3;
    for (let i = 0; i < n; i++) {
      const num = pad(judges.length + 1, 2);
      judges.push({ id: `jdg-${num}`, name: `${rng.pick(SURNAMES)}某(示例法官${num})`, tribunal_id: t.id, department: i === 0 ? '民一庭' : rng.pick(DEPARTMENTS) });
    }
  }
  const tribunalOf = new Map<string, string>();
  for (const t of people.tribunals) for (const c of t.catchment) tribunalOf.set(c, t.id);
  const judgesOf = new Map<string, Judge[]>();
  for (const j of judges) judgesOf.set(j.tribunal_id, [...(judgesOf.get(j.tribunal_id) ?? []), j]);

  // --- judge guidance of assigned cases (about 3 %) ---
  const MODES: Guidance['mode'][] = ['typical_case', 'legal_guidance', 'remote_online', 'on_site'];
  const OUTCOMES = ['已推送典型案例，调解员据此释法', '法官释明法律关系后双方达成一致', '远程参与调解，促成和解', '现场参与化解，当事人表示接受'];
  const guidance: Guidance[] = [];
  for (const c of cases) {
    if (!c.assigned_at || !rng.chance(0.03)) continue;
    const pool = judgesOf.get(tribunalOf.get(c.township_code) ?? '') ?? judges;
    const assigned = Date.parse(c.assigned_at);
    const until = c.closed_at ? Date.parse(c.closed_at) : endMs - 1;
    if (until - assigned < DAY) continue;
    const requested = assigned + Math.floor(rng() * Math.min(10 * DAY, until - assigned - DAY / 2));
    const held = rng.chance(0.8) ? Math.min(requested + rng.int(1, 7) * DAY, until) : null;
    const mode = rng.pick(MODES);
    guidance.push({
      id: `gdn-${pad(guidance.length + 1, 4)}`, case_id: c.id, judge_id: rng.pick(pool).id, mode,
      requested_at: new Date(requested).toISOString().replace('.000Z', 'Z'),
      held_at: held !== null && held < endMs ? new Date(held).toISOString().replace('.000Z', 'Z') : null,
      outcome: held !== null && held < endMs ? OUTCOMES[MODES.indexOf(mode)]! : null,
      note: '调解员申请法官指导（演示）',
    });
  }

  // --- training: district sessions for mediators every two months; a yearly legal training of the
  // village cadres per township (some townships skip the current year: gaps on purpose) ---
  const mediatorTownship = new Map<string, string | null>();
  for (const m of people.mediators) {
    const sa = m.service_areas.find((a) => a.level !== 'district');
    mediatorTownship.set(m.id, sa ? townshipOf(sa.code) : null);
  }
  const active = people.mediators.filter((m) => m.status === 'active');
  const training: TrainingSession[] = [];
  const villagesOf = new Map<string, Village[]>();
  for (const v of geo.villages) villagesOf.set(v.parent_code, [...(villagesOf.get(v.parent_code) ?? []), v]);
  const addSession = (s: Omit<TrainingSession, 'id'>) => training.push({ id: `trn-${pad(training.length + 1, 4)}`, ...s });
  const TOPICS = ['人民调解工作规范与文书制作', '民法典婚姻家庭编实务', '矛盾纠纷排查与分流', '诉调对接与司法确认程序', '物业与邻里纠纷调解技巧', '劳动争议调解实务'];
  for (let ms = firstDay + 14 * DAY, k = 0; ms < endMs; ms += 61 * DAY, k++) {
    const attendees = active.filter(() => rng.chance(0.4)).map((m) => m.id);
    addSession({
      held_on: bjDay(ms), topic: `${TOPICS[k % TOPICS.length]}（示例培训）`, hours: rng.pick([3, 4, 6]),
      organiser: '浉河区人民法院、区司法局（示例）', place: '区法院诉讼服务中心培训室（示例）', audience: 'mediators', township_code: null,
      mediator_ids: attendees, others: [],
    });
  }
  const years: string[] = [];
  for (let y = Number(bjDay(firstDay).slice(0, 4)); y <= Number(anchorDate.slice(0, 4)); y++) years.push(String(y));
  for (const year of years) {
    for (const t of geo.townships) {
      const current = year === anchorDate.slice(0, 4);
      if (current && rng.chance(0.25)) continue; // not yet trained this year
      const month = current ? rng.int(3, 10) : rng.int(1, 11);
      const dayMs = Date.parse(`${year}-${pad(month, 2)}-${pad(rng.int(3, 26), 2)}T00:00:00+08:00`);
      if (dayMs < firstDay || dayMs >= endMs) continue;
      const cadres = active.filter((m) => m.kind === 'village_cadre' && mediatorTownship.get(m.id) === t.code && rng.chance(0.75)).map((m) => m.id);
      const vs = villagesOf.get(t.code) ?? [];
      const others = Array.from({ length: rng.int(2, 5) }, (_, i) => ({
        name: `${rng.pick(SURNAMES)}某某(示例村委${t.code.slice(6, 9)}${i + 1})`, village_code: rng.pick(vs).code, position: rng.pick(['村委会委员', '居委会委员', '村民小组长']),
      }));
      addSession({
        held_on: bjDay(dayMs), topic: `${year}年度村(社区)干部法律知识培训（示例）`, hours: rng.pick([2, 3, 4]),
        organiser: `${t.name}司法所（示例）`, place: `${t.name}综治中心会议室（示例）`, audience: 'village_cadres', township_code: t.code,
        mediator_ids: cadres, others,
      });
    }
  }
  training.sort((a, b) => a.held_on.localeCompare(b.held_on) || a.id.localeCompare(b.id));
  training.forEach((s, i) => { s.id = `trn-${pad(i + 1, 4)}`; });

  // --- schools and enterprises (demo register, points inside their village) ---
  const placeIn = (t: Township): { v: Village; p: Pt } => {
    const v = rng.pick(villagesOf.get(t.code) ?? []);
    return { v, p: roundPt(nearInside(rng, v.geometry, v.point, 0.002)) };
  };
  const schools: School[] = [];
  for (const t of geo.townships) {
    const n = t.type === 'subdistrict' ? rng.int(3, 5) : rng.int(2, 3);
    for (let i = 0; i < n; i++) {
      const kind: School['kind'] = i === 0 ? 'middle' : i === n - 1 && t.type === 'subdistrict' && rng.chance(0.4) ? 'high' : 'primary';
      const label = { primary: '小学', middle: '中学', high: '高级中学', vocational: '职业学校' }[kind];
      const { v, p } = placeIn(t);
      schools.push({ id: `sch-${pad(schools.length + 1, 3)}`, name: `示例·${t.name}第${i + 1}${label}(演示)`, kind, township_code: t.code, village_code: v.code, location: p });
    }
  }
  const INDUSTRIES = ['茶叶加工', '建材', '物流', '食品', '纺织', '电子', '商贸'];
  const enterprises: Enterprise[] = [];
  for (const t of geo.townships) {
    for (let i = 0, n = rng.int(1, 3); i < n; i++) {
      const industry = t.name.includes('浉河港') || t.name.includes('董家河') ? '茶叶加工' : rng.pick(INDUSTRIES);
      const { p } = placeIn(t);
      enterprises.push({
        id: `ent-${pad(enterprises.length + 1, 3)}`, name: `示例·某${industry}有限公司${t.name.slice(0, 2)}${i + 1}(演示)`, industry,
        above_size: rng.chance(0.6), township_code: t.code, location: p,
      });
    }
  }

  // --- publicity events: most schools once a quarter (the current quarter partly done), above-size
  // enterprises about twice a year, case talks, preventive publicity, cadre trainings and media ---
  const events: Omit<PublicityEvent, 'id'>[] = [];
  const quarterStarts: number[] = [];
  for (let y = Number(bjDay(firstDay).slice(0, 4)); y <= Number(anchorDate.slice(0, 4)); y++) {
    for (const m of [1, 4, 7, 10]) quarterStarts.push(Date.parse(`${y}-${pad(m, 2)}-01T00:00:00+08:00`));
  }
  const randomDay = (lo: number, hi: number) => lo + Math.floor(rng() * Math.max(1, (hi - lo) / DAY)) * DAY;
  for (const qs of quarterStarts) {
    const qe = Date.parse(`${bjDay(qs + 95 * DAY).slice(0, 8)}01T00:00:00+08:00`);
    const lo = Math.max(qs, firstDay), hi = Math.min(qe, endMs);
    if (lo >= hi) continue;
    const partial = qe > endMs;
    for (const s of schools) {
      if (!rng.chance(partial ? 0.6 : 0.88)) continue;
      events.push({
        kind: 'school', held_at: workTime(rng, randomDay(lo, hi)), title: `${rng.pick(['法治进校园', '防范校园欺凌', '未成年人保护法宣讲', '防电信诈骗'])}（示例）`,
        place: s.name, location: s.location, township_code: s.township_code, audience: rng.int(80, 600),
        department: rng.pick(['少年审判庭', '刑一庭', '调解团队']), school_id: s.id, enterprise_id: null,
      });
    }
  }
  for (const e of enterprises.filter((x) => x.above_size)) {
    for (let ms = firstDay; ms < endMs; ms += 182 * DAY) {
      if (!rng.chance(0.75)) continue;
      events.push({
        kind: 'enterprise', held_at: workTime(rng, randomDay(ms, Math.min(ms + 182 * DAY, endMs))), title: `${rng.pick(['劳动用工法律风险', '合同履约与商事纠纷预防', '安全生产法律责任'])}（示例）`,
        place: e.name, location: e.location, township_code: e.township_code, audience: rng.int(30, 200),
        department: rng.pick(['民二庭', '民一庭', '调解团队']), school_id: null, enterprise_id: e.id,
      });
    }
  }
  for (let ms = firstDay; ms < endMs; ms += DAY) {
    const pick = (kind: PublicityEvent['kind'], p: number, title: string, dept: string, aud: [number, number]) => {
      if (!rng.chance(p)) return;
      const t = rng.pick(geo.townships);
      const { v, p: pt } = placeIn(t);
      events.push({ kind, held_at: workTime(rng, ms), title, place: `${v.display_name}（示例）`, location: pt, township_code: t.code, audience: rng.int(aud[0], aud[1]), department: dept, school_id: null, enterprise_id: null });
    };
    pick('case_talk', 0.1, '以案说法：身边的纠纷怎么办（示例）', rng.pick(['民一庭', '调解团队']), [20, 120]);
    pick('preventive', 0.03, '重点项目征迁前预防性法治宣传（示例）', rng.pick(['民一庭', '行政庭', '调解团队']), [30, 300]);
    pick('cadre_training', 0.02, '村居干部法律明白人讲座（示例）', '调解团队', [15, 60]);
    pick('media', 0.05, '法官说法专栏（示例）', rng.pick(['调解团队', '民一庭']), [500, 5000]);
  }
  events.sort((a, b) => a.held_at.localeCompare(b.held_at));
  const publicity = events.map((e, i) => ({ id: `pub-${pad(i + 1, 4)}`, ...e }));
  return { judges, guidance, training, schools, enterprises, publicity };
}
