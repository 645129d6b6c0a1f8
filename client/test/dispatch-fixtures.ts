// Fresh dispatch fixtures per test: candidates, rankings and case files near the district centre (114.06E 32.12N).
import { vi } from 'vitest';
import type { Candidate, CaseDetail, Excluded, PreviewAnswer } from '../../server/src/contract/cases.ts';
import type { CasesClient } from '../src/api/cases.ts';

export function createCandidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    mediator_id: 11,
    name: '张某某(示例)',
    kind: 'grid_worker',
    organisation: '胡家湾村人民调解委员会',
    tier: 1,
    tier_label: '本网格调解员',
    distance_m: 350,
    open_cases: 2,
    capacity: 8,
    score: 5079.2,
    specialty_match: 0,
    reasons: ['负责本网格（胡家湾村第1网格）', '距离 350 米', '在办 2/8 件'],
    location: { type: 'Point', coordinates: [114.063, 32.121] },
    service_areas: [],
    ...overrides,
  };
}

export function createExcluded(overrides: Partial<Excluded> = {}): Excluded {
  return { mediator_id: 99, name: '李某(示例)', tier: 1, reason: 'on_leave', reason_text: '休假中', ...overrides };
}

type Ranked = Extract<PreviewAnswer, { outcome: 'candidates' | 'no_eligible_mediator' }>;

export function createRanking(overrides: Partial<Ranked> = {}): Ranked {
  return {
    outcome: 'candidates',
    lng: 114.06,
    lat: 32.12,
    dispute_type: 'neighbour',
    located: {
      township: { code: '411502100000', name: '董家河镇' },
      village: { code: '411502100201', name: '胡家湾村' },
      grid: { code: '411502100201001', name: '胡家湾村第1网格' },
      tribunal: { id: 1, name: '董家河法庭' },
    },
    candidates: [
      createCandidate(),
      createCandidate({
        mediator_id: 12, name: '王某(示例)', kind: 'village_cadre', tier: 2, tier_label: '本村（社区）调解员', distance_m: 1234, open_cases: 7, capacity: 8,
        reasons: ['负责本村（社区）（胡家湾村）', '距离 1.2 公里', '在办 7/8 件'],
      }),
    ],
    excluded: [createExcluded()],
    ...overrides,
  };
}

const DAY = 86_400_000;
export const NOW = Date.parse('2026-12-01T02:00:00Z');

export function createDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return {
    id: 42,
    version: 3,
    title: '宅基地边界争议',
    dispute_type: 'land',
    status: 'assigned',
    source: 'court_delegated',
    resolved_on_spot: false,
    township_code: '411502100000',
    township_name: '董家河镇',
    village_code: '411502100201',
    village_name: '胡家湾村',
    grid_code: '411502100201001',
    grid_name: '胡家湾村第1网格',
    tribunal_id: 1,
    location_precision: 'point',
    lng: 114.06,
    lat: 32.12,
    mediator_id: 11,
    mediator_name: '张某某(示例)',
    created_at: new Date(NOW - 10 * DAY).toISOString(),
    assigned_at: new Date(NOW - 9 * DAY).toISOString(),
    deadline: new Date(NOW + 5 * DAY + 3_600_000).toISOString(),
    overdue: false,
    is_demo: true,
    case_number: null,
    description: '双方因宅基地边界发生争执。',
    address: null,
    coord_system_in: 'wgs84',
    party_access: 'full',
    parties: [{ id: 1, role: 'applicant', name: '赵某', phone: '139****0001', id_number: null }],
    deadline_at: new Date(NOW + 5 * DAY + 3_600_000).toISOString(),
    extended_until: null,
    mediating_at: null,
    settled_at: null,
    failed_at: null,
    filed_at: null,
    withdrawn_at: null,
    closed_at: null,
    assignments: [],
    extensions: [],
    notes: [],
    guidance: [],
    timeline: [
      { at: new Date(NOW - 10 * DAY).toISOString(), kind: 'created', label: '登记', from_status: null, to_status: 'pending', actor: 'dispatcher1', details: null },
      { at: new Date(NOW - 9 * DAY).toISOString(), kind: 'assigned', label: '分派', from_status: 'pending', to_status: 'assigned', actor: 'dispatcher1', details: { mediator_name: '张某某(示例)' } },
    ],
    ...overrides,
  };
}

/** A CasesClient whose every method fails unless the test gives it. */
export function createFakeCases(overrides: Partial<CasesClient> = {}): CasesClient {
  const missing = (name: string) => vi.fn(async () => {
    throw new Error(`unexpected call: ${name}`);
  });
  const base: CasesClient = {
    list: missing('list'), mine: missing('mine'), get: missing('get'), create: missing('create'), preview: missing('preview'),
    candidates: missing('candidates'), assign: missing('assign'), setStatus: missing('setStatus'), extend: missing('extend'),
    addNote: missing('addNote'), requestGuidance: missing('requestGuidance'), updateGuidance: missing('updateGuidance'),
    supervision: missing('supervision'), batch: missing('batch'), rule: vi.fn(async () => null),
  };
  return { ...base, ...overrides };
}
