import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { CandidateList } from '../src/views/dispatch/CandidateList.tsx';
import { allServiceAreas, draftPlace, emptyDraft, serviceAreasOf } from '../src/views/dispatch/model.ts';
import { RulePanel } from '../src/views/dispatch/RulePanel.tsx';
import type { AssignmentRuleAnswer } from '../../server/src/contract/cases.ts';
import { createCandidate, createExcluded, createRanking } from './dispatch-fixtures.ts';


afterEach(cleanup);

describe('CandidateList', () => {
  it('lists the ranked candidates with tier, kind, organisation, distance, load and reasons', () => {
    render(<CandidateList answer={createRanking()} selectedId={null} onSelect={() => undefined} />);
    const first = screen.getByTestId('candidate-1');
    expect(within(first).getByText('张某某(示例)')).toBeTruthy();
    expect(within(first).getByText('本网格调解员')).toBeTruthy();
    expect(within(first).getByText('网格员')).toBeTruthy();
    expect(within(first).getByText('胡家湾村人民调解委员会')).toBeTruthy();
    expect(within(first).getByText('350 米')).toBeTruthy();
    expect(within(first).getByText('在办 2/8')).toBeTruthy();
    expect(within(first).getByText('负责本网格（胡家湾村第1网格）')).toBeTruthy();
    const second = screen.getByTestId('candidate-2');
    expect(within(second).getByText('本村（社区）调解员')).toBeTruthy();
    expect(within(second).getByText('1.2 公里')).toBeTruthy();
    expect(first.getAttribute('aria-selected')).toBe('true'); // the top one by default
    expect(screen.getByText('董家河法庭')).toBeTruthy();
  });

  it('a preview that lists the first candidates says how many there are and shows the rest on request', () => {
    const answer = createRanking({ more: 7 });
    const onShowAll = vi.fn();
    const { rerender } = render(<CandidateList answer={answer} selectedId={null} onSelect={() => undefined} onShowAll={onShowAll} />);
    expect(screen.getByTestId('candidate-order').textContent).toContain(`前 ${answer.candidates.length} 名（共 ${answer.candidates.length + 7} 名）`);
    fireEvent.click(screen.getByTestId('candidates-show-all'));
    expect(onShowAll).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('candidates-show-all').textContent).toBe('显示全部候选人（另 7 名）');
    // all listed (no `more`): no button, the plain count
    rerender(<CandidateList answer={createRanking()} selectedId={null} onSelect={() => undefined} onShowAll={onShowAll} />);
    expect(screen.queryByTestId('candidates-show-all')).toBeNull();
    expect(screen.getByTestId('candidate-order').textContent).toContain(`共 ${createRanking().candidates.length} 名`);
  });

  it('shows the excluded mediators with their reason', () => {
    const answer = createRanking({ excluded: [createExcluded(), createExcluded({ mediator_id: 98, name: '周某(示例)', reason: 'at_capacity', reason_text: '在办案件已满（在办 8/8 件）' })] });
    render(<CandidateList answer={answer} selectedId={null} onSelect={() => undefined} />);
    expect(screen.getByText('未列入的调解员（2 名）')).toBeTruthy();
    expect(within(screen.getByTestId('excluded-99')).getByText('休假中')).toBeTruthy();
    expect(within(screen.getByTestId('excluded-98')).getByText('在办案件已满（在办 8/8 件）')).toBeTruthy();
  });

  it('shows the boundary warning prominently', () => {
    const answer = createRanking({ boundary_warning: { message: '该位置靠近边界，距相邻的李家寨村（约 120 米）不足 200 米', neighbours: [] } });
    render(<CandidateList answer={answer} selectedId={null} onSelect={() => undefined} />);
    const w = screen.getByTestId('boundary-warning');
    expect(w.getAttribute('role')).toBe('alert');
    expect(w.textContent).toContain('李家寨村（约 120 米）');
  });

  it('shows no_eligible_mediator as an outcome with its advice, not an empty list', () => {
    const answer = createRanking({ outcome: 'no_eligible_mediator', candidates: [], advice: '该位置 5.0 公里 内没有可分派的调解员；可以：联系所属乡镇（街道）调委会增派人员。' });
    render(<CandidateList answer={answer} selectedId={null} onSelect={() => undefined} onConfirm={() => undefined} />);
    const o = screen.getByTestId('outcome-no_eligible_mediator');
    expect(o.textContent).toContain('没有可分派的调解员');
    expect(o.textContent).toContain('联系所属乡镇（街道）调委会增派人员');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.queryByTestId('assign-confirm')).toBeNull();
    expect((screen.getByText('未列入的调解员（1 名）').closest('details') as HTMLDetailsElement).open).toBe(true);
  });

  it('shows outside_district with its advice', () => {
    render(<CandidateList answer={{ outcome: 'outside_district', lng: 120, lat: 30, candidates: [], excluded: [], advice: '该位置不在浉河区范围内' }} selectedId={null} onSelect={() => undefined} />);
    expect(screen.getByTestId('outcome-outside_district').textContent).toContain('不在浉河区范围内');
  });

  it('confirms the top candidate, or the one picked instead', () => {
    const onConfirm = vi.fn();
    const onSelect = vi.fn();
    const { rerender } = render(<CandidateList answer={createRanking()} selectedId={null} onSelect={onSelect} onConfirm={onConfirm} />);
    const button = screen.getByTestId('assign-confirm');
    expect(button.textContent).toBe('确认分派给首选：张某某(示例)');
    fireEvent.click(button);
    expect(onConfirm).toHaveBeenLastCalledWith({ mediatorId: 11, isTop: true, reason: null });
    fireEvent.click(screen.getByTestId('candidate-2'));
    expect(onSelect).toHaveBeenCalledWith(12);
    rerender(<CandidateList answer={createRanking()} selectedId={12} onSelect={onSelect} onConfirm={onConfirm} />);
    expect(screen.getByTestId('assign-confirm').textContent).toBe('改选分派给 王某(示例)');
    fireEvent.click(screen.getByTestId('assign-confirm'));
    expect(onConfirm).toHaveBeenLastCalledWith({ mediatorId: 12, isTop: false, reason: null });
  });

  it('asks for a reason before a reassignment', () => {
    const onConfirm = vi.fn();
    render(<CandidateList answer={createRanking()} selectedId={12} onSelect={() => undefined} onConfirm={onConfirm} currentMediatorId={11} />);
    expect(within(screen.getByTestId('candidate-1')).getByText('当前承办')).toBeTruthy();
    fireEvent.click(screen.getByTestId('assign-confirm'));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByText('改派须说明理由')).toBeTruthy();
    fireEvent.change(screen.getByPlaceholderText(/原调解员回避/), { target: { value: '当事人申请更换' } });
    fireEvent.click(screen.getByTestId('assign-confirm'));
    expect(onConfirm).toHaveBeenCalledWith({ mediatorId: 12, isTop: false, reason: '当事人申请更换' });
  });

  it('highlights the service areas the candidate names, else the unit of its tier', () => {
    const r = createRanking();
    expect(serviceAreasOf(r.candidates[0]!, r)).toEqual({ township: [], village: [], grid: ['411502100201001'] });
    expect(serviceAreasOf(r.candidates[1]!, r)).toEqual({ township: [], village: ['411502100201'], grid: [] });
    expect(serviceAreasOf(createCandidate({ tier: 4 }), r)).toEqual({ township: [], village: [], grid: [] });
    const named = { ...createCandidate(), service_areas: [{ level: 'township' as const, code: '411502100000' }, { level: 'grid' as const, code: '411502100202003' }, { level: 'district' as const, code: '411502000000' }] };
    expect(serviceAreasOf(named, r)).toEqual({ township: ['411502100000'], village: [], grid: ['411502100202003'] });
  });

  it('draws the service areas of every ranked candidate together (a district-wide area is not drawn)', () => {
    const r = createRanking({
      candidates: [
        createCandidate({ service_areas: [{ level: 'grid', code: '411502100201001' }] }),
        createCandidate({ mediator_id: 12, tier: 2, service_areas: [{ level: 'village', code: '411502100201' }, { level: 'grid', code: '411502100201001' }] }),
        createCandidate({ mediator_id: 13, tier: 4, service_areas: [{ level: 'district', code: '411502000000' }] }),
      ],
    });
    expect(allServiceAreas(r)).toEqual({ township: [], village: ['411502100201'], grid: ['411502100201001'] });
    expect(allServiceAreas(null)).toEqual({ township: [], village: [], grid: [] });
  });

  it('previews an address draft by its address, a point draft by its point', () => {
    expect(draftPlace({ ...emptyDraft(), location: 'address', address: ' 董家河镇高岭村 ' })).toEqual({ address: '董家河镇高岭村' });
    expect(draftPlace({ ...emptyDraft(), location: 'address', address: '董' })).toBeNull();
    expect(draftPlace({ ...emptyDraft(), location: 'point', lng: '114.06', lat: '32.12', coord_system: 'gcj02' })).toEqual({ lng: 114.06, lat: 32.12, coord_system: 'gcj02' });
  });
});

describe('RulePanel', () => {
  const rule: AssignmentRuleAnswer = {
    radius_m: 5000, boundary_warning_m: 200, nearby_limit: 30, max_candidates: 20, distance_scale_m: 10000,
    weights: { tier: 1000, specialty: 100, distance: 80, load: 10 },
    tiers: [1, 2, 3, 4, 5].map((t) => ({ tier: t as 1, label: `层级${t}`, description: `说明${t}` })),
    specialist_types: [{ type: 'medical', label: '医疗纠纷' }, { type: 'traffic', label: '交通事故纠纷' }],
    exclusions: [{ reason: 'on_leave', label: '休假中' }],
    pre_litigation_days: 30,
    description: ['规则第一条'],
  };

  it('shows the rule the server answers: tiers, specialist types, weights, radius', () => {
    render(<RulePanel rule={rule} />);
    const panel = screen.getByTestId('rule-panel');
    expect(within(screen.getByTestId('rule-tiers')).getAllByRole('listitem')).toHaveLength(5);
    expect(panel.textContent).toContain('医疗纠纷、交通事故纠纷');
    expect(panel.textContent).toContain('层级 1000');
    expect(panel.textContent).toContain('5.0 公里');
    expect(panel.textContent).toContain('规则第一条');
  });

  it('without an answer, a summary from the vocabularies', () => {
    render(<RulePanel rule={null} />);
    expect(screen.getByTestId('rule-panel').textContent).toContain('本网格调解员');
  });
});
