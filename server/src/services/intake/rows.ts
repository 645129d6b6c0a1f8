// One row of an intake file → the case it describes and every problem of its own fields (pure: no
// database). The location, the duplicates and the scope are added by preview.ts.
import { partyInput, PARTY_ROLES, type PartyRole } from '../../contract/cases.ts';
import { INTAKE_FIELDS, type IntakeField, type IntakeMapping, type IntakeParty, type IntakeProblem } from '../../contract/intake.ts';
import { isCalendarDay, DAY_MIN, shanghaiToday } from '../../contract/fields.ts';
import { CASE_SOURCES, DISPUTE_TYPES, type CaseSource, type DisputeType } from '../../contract/vocab.ts';
import { formatCaseNumber, parseCaseNumber } from '../case-numbers.ts';

export interface RowFix {
  point?: { lng: number; lat: number } | null;
  place_code?: string | null;
  dispute_type?: DisputeType | null;
  excluded?: boolean;
}

export interface Draft {
  row: number;
  case_number: string | null;
  cause: string | null;
  dispute_type: DisputeType | null;
  type_from: 'cause' | 'fix' | null;
  title: string;
  description: string | null;
  parties: IntakeParty[];
  address: string | null;
  point: { lng: number; lat: number; system: 'wgs84' | 'gcj02' } | null;
  registered_on: string | null;
  source: CaseSource;
  problems: IntakeProblem[];
}

const SPLIT = /[、;；,，/\n]+/;
const ROLE_WORDS: [RegExp, PartyRole][] = [
  [/^(被申请人|被告|被申请方|被上诉人)$/, 'respondent'],
  [/^(申请人|原告|申请方|上诉人)$/, 'applicant'],
  [/^第三人$/, 'third_party'],
];
const roleOf = (s: string): PartyRole | null => {
  const t = s.trim();
  for (const [re, r] of ROLE_WORDS) if (re.test(t)) return r;
  return (Object.entries(PARTY_ROLES).find(([, label]) => label === t)?.[0] as PartyRole | undefined) ?? null;
};

const SOURCE_WORDS: Record<string, CaseSource> = {
  ...Object.fromEntries(Object.entries(CASE_SOURCES).map(([k, v]) => [v, k as CaseSource])),
  ...Object.fromEntries(Object.keys(CASE_SOURCES).map((k) => [k, k as CaseSource])),
  人民法院调解平台: 'court_delegated', 调解平台: 'court_delegated', 立案系统: 'court_delegated', 法院: 'court_delegated', 委派: 'court_delegated',
  群众来访: 'self_reported', 自行受理: 'self_reported', 网格: 'grid_report', 部门: 'department_referral',
};

/** 2026-11-03, 2026/11/3, 2026.11.3, 2026年11月3日 → 2026-11-03; null when it is not a day. */
export function parseDay(s: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s.trim());
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDay(d) ? d : null;
}

const label = (f: IntakeField) => INTAKE_FIELDS[f].label;

export function readRow(r: { row: number; cells: string[] }, mapping: IntakeMapping, causeType: (cause: string) => DisputeType | null, fix: RowFix, today = shanghaiToday()): Draft {
  const cell = (f: IntakeField): string => {
    const i = mapping[f];
    return typeof i === 'number' ? (r.cells[i] ?? '').trim() : '';
  };
  const problems: IntakeProblem[] = [];
  const problem = (field: IntakeField, code: IntakeProblem['code'], message: string) => problems.push({ field, code, message });
  const tooLong = (f: IntakeField, v: string, max: number) => {
    if (v.length > max) problem(f, 'invalid_value', `${label(f)}最多 ${max} 个字符（本行 ${v.length} 个）`);
    return v.slice(0, max);
  };

  // 案号: kept as the court gave it, in the normalised form.
  let caseNumber: string | null = null;
  const rawNumber = cell('case_number');
  if (rawNumber) {
    const p = parseCaseNumber(rawNumber);
    if (p) caseNumber = formatCaseNumber(p.year, p.court, p.type, p.seq);
    else problem('case_number', 'invalid_value', `案号“${rawNumber.slice(0, 40)}”不符合格式，应如（2026）豫1502民诉前调123号`);
  }

  // 案由 → dispute type (the table, or the dispatcher's pick).
  const cause = cell('cause') || null;
  let disputeType: DisputeType | null = null;
  let typeFrom: Draft['type_from'] = null;
  if (fix.dispute_type) {
    disputeType = fix.dispute_type;
    typeFrom = 'fix';
  } else if (cause) {
    disputeType = causeType(cause);
    if (disputeType) typeFrom = 'cause';
    else problem('cause', 'cause_unmapped', `案由“${cause.slice(0, 40)}”不在案由对照表中：请为本行选择纠纷类型，或请管理员在“案由对照”中添加`);
  } else problem('cause', 'missing_value', '缺少案由');

  // 当事人 with their roles, phones and ID numbers in the same order.
  const names = cell('parties').split(SPLIT).map((s) => s.trim()).filter(Boolean);
  const roles = cell('party_roles').split(SPLIT).map((s) => s.trim());
  const phones = cell('phones').split(SPLIT).map((s) => s.trim());
  const ids = cell('id_numbers').split(SPLIT).map((s) => s.trim());
  const parties: IntakeParty[] = [];
  if (!names.length) problem('parties', 'missing_value', '缺少当事人');
  if (names.length > 20) problem('parties', 'invalid_value', `当事人最多 20 名（本行 ${names.length} 名）`);
  if (phones.filter(Boolean).length > names.length && names.length) problem('phones', 'invalid_value', `联系电话有 ${phones.filter(Boolean).length} 个，多于当事人（${names.length} 名）：请按当事人顺序填写`);
  if (ids.filter(Boolean).length > names.length && names.length) problem('id_numbers', 'invalid_value', `身份证号有 ${ids.filter(Boolean).length} 个，多于当事人（${names.length} 名）：请按当事人顺序填写`);
  names.slice(0, 20).forEach((n, i) => {
    const m = /^(.+?)\s*[（(]\s*([^()（）]+?)\s*[)）]$/.exec(n);
    const name = m ? m[1]!.trim() : n;
    const roleText = m ? m[2]! : roles[i] ?? '';
    let role: PartyRole = i === 0 ? 'applicant' : 'respondent';
    if (roleText) {
      const found = roleOf(roleText);
      if (found) role = found;
      else problem(m ? 'parties' : 'party_roles', 'invalid_value', `当事人“${name.slice(0, 20)}”的身份“${roleText.slice(0, 20)}”无法识别，应为申请人、被申请人或第三人`);
    }
    const phone = phones[i] || undefined;
    const idNumber = ids[i] || undefined;
    // The same rule as a typed party (contract/cases.ts partyInput).
    const checked = partyInput.safeParse({ name, role, ...(phone ? { phone } : {}), ...(idNumber ? { id_number: idNumber } : {}) });
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const f: IntakeField = issue.path[0] === 'phone' ? 'phones' : issue.path[0] === 'id_number' ? 'id_numbers' : 'parties';
        problem(f, 'invalid_value', `第 ${i + 1} 名当事人“${name.slice(0, 20)}”：${issue.message}`);
      }
    }
    parties.push({ role, name: name.slice(0, 60), phone: phone?.replace(/\s/g, '') ?? null, id_number: idNumber?.toUpperCase() ?? null });
  });

  // 地址 or 坐标 (+ 坐标系).
  const address = cell('address') ? tooLong('address', cell('address'), 200) : null;
  let point: Draft['point'] = null;
  const lngText = cell('lng');
  const latText = cell('lat');
  if (lngText || latText) {
    const lng = Number(lngText);
    const lat = Number(latText);
    const sys = cell('coord_system').toLowerCase().replace(/[\s-]/g, '');
    const system = /^(gcj02|高德|腾讯|火星)/.test(sys) ? 'gcj02' : /^(|wgs84|cgcs2000|天地图|gps|北斗)$/.test(sys) ? 'wgs84' : null;
    if (!lngText || !latText) problem(lngText ? 'lat' : 'lng', 'missing_value', '经度和纬度须同时填写');
    else if (!Number.isFinite(lng) || lng < -180 || lng > 180) problem('lng', 'invalid_value', `经度“${lngText.slice(0, 20)}”不是 -180…180 的数字`);
    else if (!Number.isFinite(lat) || lat < -90 || lat > 90) problem('lat', 'invalid_value', `纬度“${latText.slice(0, 20)}”不是 -90…90 的数字`);
    else if (!system) problem('coord_system', 'invalid_value', `坐标系“${cell('coord_system').slice(0, 20)}”无法识别，应为 WGS84（天地图、GPS）或 GCJ-02（高德、腾讯）`);
    else point = { lng, lat, system };
  }

  // 登记日期: a real day, not in the future.
  let registeredOn: string | null = null;
  const dayText = cell('registered_on');
  if (dayText) {
    registeredOn = parseDay(dayText);
    if (!registeredOn) problem('registered_on', 'invalid_value', `登记日期“${dayText.slice(0, 20)}”不是有效日期，应如 2026-11-30`);
    else if (registeredOn > today) {
      problem('registered_on', 'invalid_value', `登记日期 ${registeredOn} 晚于今天（${today}）`);
      registeredOn = null;
    } else if (registeredOn < DAY_MIN) {
      problem('registered_on', 'invalid_value', `登记日期 ${registeredOn} 早于 ${DAY_MIN}`);
      registeredOn = null;
    }
  }

  // 来源: a label, a key or a platform's name; default 法院委派.
  let source: CaseSource = 'court_delegated';
  const sourceText = cell('source');
  if (sourceText) {
    const s = SOURCE_WORDS[sourceText] ?? Object.entries(SOURCE_WORDS).find(([k]) => k.length >= 2 && sourceText.includes(k))?.[1];
    if (s) source = s;
    else problem('source', 'invalid_value', `来源“${sourceText.slice(0, 20)}”无法识别，应为：${Object.values(CASE_SOURCES).join('、')}`);
  }

  const titleText = cell('title');
  const title = titleText ? tooLong('title', titleText, 200) : (cause ?? (disputeType ? DISPUTE_TYPES[disputeType] : '导入案件')).slice(0, 200);
  const description = cell('description') ? tooLong('description', cell('description'), 5000) : null;
  return {
    row: r.row, case_number: caseNumber, cause, dispute_type: disputeType, type_from: typeFrom, title, description, parties, address, point,
    registered_on: registeredOn, source, problems,
  };
}
