// What a dispatcher met trying the view (issue 15): the candidates right after the place in the form,
// an address match said as exact or uncertain with its alternatives, a village-level match not claiming
// a grid, the map framing the candidates, the choice sent with an assignment, the chosen mediator's
// phone, and the backlog batch behind a confirmation with its result.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { AddressMatchInfo, BatchReport } from '../../server/src/contract/cases.ts';
import { ApiError } from '../src/api/client.ts';
import { AddressMatchNote } from '../src/views/dispatch/AddressMatchNote.tsx';
import { BatchAssign, leftByReason } from '../src/views/dispatch/BatchAssign.tsx';
import { CandidateList } from '../src/views/dispatch/CandidateList.tsx';
import { CaseForm } from '../src/views/dispatch/CaseForm.tsx';
import { CasePanel } from '../src/views/dispatch/CasePanel.tsx';
import { emptyDraft, precisionOf, rankingFrame } from '../src/views/dispatch/model.ts';
import type { MediatorReader } from '../src/views/dispatch/MediatorPhone.tsx';
import { createCandidate, createDetail, createFakeCases, createRanking } from './dispatch-fixtures.ts';

afterEach(cleanup);

const place = (o: Partial<AddressMatchInfo> = {}): AddressMatchInfo => ({
  outcome: 'exact', level: 'village', code: '411502001018', name: '中山社区', township_name: '老城街道', lng: 114.07, lat: 32.13,
  bbox: [114.06, 32.12, 114.08, 32.14], alternatives: [], ...o,
});

describe('the new-case form', () => {
  it('puts the preview right after the place and the type, before the title and parties', () => {
    render(<CaseForm draft={emptyDraft()} onChange={() => undefined} onSubmit={() => undefined} afterPlace={<section data-testid="slot">候选</section>} />);
    const form = screen.getByRole('form');
    const order = [...form.querySelectorAll('[data-testid="slot"], .field-label')].map((e) => (e.getAttribute('data-testid') === 'slot' ? 'SLOT' : e.textContent!.replace(/\s*\*$/, '')));
    expect(order.indexOf('SLOT')).toBeGreaterThan(order.findIndex((t) => t.startsWith('纠纷发生地')));
    expect(order.indexOf('SLOT')).toBeGreaterThan(order.findIndex((t) => t.startsWith('纠纷类型')));
    expect(order.indexOf('SLOT')).toBeLessThan(order.findIndex((t) => t.startsWith('案件标题')));
    expect(order.indexOf('SLOT')).toBeLessThan(order.findIndex((t) => t.startsWith('当事人')));
  });
});

describe('address matches', () => {
  it('an exact match names the place and its level', () => {
    render(<AddressMatchNote match={place()} onPick={() => undefined} />);
    expect(screen.getByTestId('address-match').textContent).toContain('老城街道 中山社区');
    expect(screen.getByTestId('address-match').textContent).toContain('仅定位到村（社区）');
  });

  it('a partial match is uncertain and offers the place and its alternatives in order', () => {
    const onPick = vi.fn();
    const alt = place({ level: 'township', code: '411502003000', name: '车站街道', township_name: '车站街道' });
    render(<AddressMatchNote match={place({ outcome: 'partial', alternatives: [alt] })} onPick={onPick} />);
    const note = screen.getByTestId('address-match');
    expect(note.getAttribute('data-outcome')).toBe('partial');
    expect(note.textContent).toContain('地址未能确定');
    const items = within(screen.getByTestId('address-alternatives')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['老城街道 中山社区 · 村（社区）', '车站街道 · 乡镇（街道）']);
    fireEvent.click(within(items[1]!).getByRole('button'));
    expect(onPick).toHaveBeenCalledWith(alt);
  });

  it('a 422 address_uncertain or address_ambiguous offers its places', () => {
    const err = new ApiError('address_ambiguous', '地址“黄湾村”对应多个地点', 422, { candidates: [place({ name: '黄湾村', code: '1' }), place({ name: '黄湾村', code: '2', township_name: '柳林乡' })] });
    render(<AddressMatchNote error={err} onPick={() => undefined} />);
    expect(within(screen.getByTestId('address-alternatives')).getAllByRole('button')).toHaveLength(2);
  });

  it('a village-level ranking does not claim a grid or its boundary warning', () => {
    const answer = createRanking({ address_match: place(), boundary_warning: { message: '靠近边界', neighbours: [] } });
    expect(precisionOf(answer)).toBe('village');
    render(<CandidateList answer={answer} selectedId={null} onSelect={() => undefined} precision={precisionOf(answer)} />);
    expect(screen.getByTestId('precision-note').textContent).toContain('仅定位到村（社区）');
    expect(screen.queryByText('胡家湾村第1网格')).toBeNull();
    expect(screen.queryByTestId('boundary-warning')).toBeNull();
    expect(precisionOf(createRanking())).toBe('point');
  });

  it('a ranking by village (no grid located) says so instead of a grid and shows no distances', () => {
    const base = createRanking({ address_match: place() });
    const answer = { ...base, located: { ...base.located, grid: null }, candidates: base.candidates.map((c) => ({ ...c, tier: 2 as const, distance_m: null })) };
    render(<CandidateList answer={answer} selectedId={null} onSelect={() => undefined} precision={precisionOf(answer)} />);
    const note = screen.getByTestId('precision-note');
    expect(note.getAttribute('data-ranked-by')).toBe('village');
    expect(note.textContent).toContain('按村（社区）排序');
    expect(note.textContent).not.toContain('代表点');
    expect(screen.getByTestId('candidate-order').textContent).toContain('按村（社区）排序');
    expect(screen.getByTestId('candidate-order').textContent).not.toContain('距离');
    expect(document.querySelector('.candidate-distance')).toBeNull();
    expect(screen.queryByText('位置未登记')).toBeNull();
  });
});

describe('the map frame of a ranking', () => {
  it('holds the point, the matched unit and the first five candidates, not the rest', () => {
    const far = createCandidate({ mediator_id: 20, location: { type: 'Point', coordinates: [115, 33] } });
    const near = Array.from({ length: 5 }, (_, i) => createCandidate({ mediator_id: 30 + i, location: { type: 'Point', coordinates: [114.05 + i * 0.01, 32.1] } }));
    const [w, s, e, n] = rankingFrame(createRanking({ candidates: [...near, far], address_match: place() }), 5, 0)!;
    expect([w, s, e, n]).toEqual([114.05, 32.1, 114.09, 32.14]);
  });
});

describe('assigning', () => {
  const reader = (phone: string, masked = false): MediatorReader => ({ mediator: vi.fn(async (id: number) => ({ id, phone, phone_masked: masked }) as never) });

  it('confirming the first candidate sends choice top; picking another sends manual; the phone of the chosen is shown', async () => {
    const detail = createDetail({ status: 'pending', mediator_id: null, mediator_name: null, version: 1 });
    const cases = createFakeCases({
      get: vi.fn(async () => detail),
      candidates: vi.fn(async () => ({ ...createRanking(), case_id: 42, version: 1 })),
      assign: vi.fn(async () => ({ outcome: 'assigned', id: 42, version: 2, mediator_id: 11, status: 'assigned', reassigned: false, deadline_at: '2026-12-31T00:00:00Z', tier: 1, distance_m: 350, in_candidates: true }) as const),
    });
    render(<CasePanel caseId={42} client={cases} role="dispatcher" selectedMediator={11} onSelectMediator={() => undefined} registry={reader('13900000011')} />);
    expect((await screen.findByTestId('mediator-phone')).textContent).toBe('联系电话：13900000011');
    fireEvent.click(screen.getByTestId('assign-confirm'));
    await waitFor(() => expect(cases.assign).toHaveBeenCalledWith(42, { version: 1, mediator_id: 11, choice: 'top' }));
    cleanup();
    render(<CasePanel caseId={42} client={cases} role="dispatcher" selectedMediator={12} onSelectMediator={() => undefined} registry={reader('13900000012')} />);
    fireEvent.click(await screen.findByTestId('assign-confirm'));
    await waitFor(() => expect(cases.assign).toHaveBeenLastCalledWith(42, { version: 1, mediator_id: 12, choice: 'manual' }));
  });
});

describe('the backlog batch', () => {
  const report: BatchReport = {
    assigned: [{ case_id: 1, mediator_id: 11, tier: 1 }, { case_id: 2, mediator_id: 12, tier: 2 }],
    left: [
      { case_id: 3, reason: 'no_eligible_mediator', message: '负责的调解员均不可用' },
      { case_id: 4, reason: 'no_eligible_mediator', message: '负责的调解员均不可用' },
      { case_id: 5, reason: 'outside_district', message: '不在浉河区' },
    ],
    counts: { pending: 5, assigned: 2, left: 3 },
  };

  it('groups the cases left pending by reason, largest first', () => {
    expect(leftByReason(report).map((g) => [g.reason, g.ids])).toEqual([['no_eligible_mediator', [3, 4]], ['outside_district', [5]]]);
  });

  it('asks with the number pending, runs only when confirmed, and reports what happened', async () => {
    const cases = createFakeCases({ list: vi.fn(async () => ({ total: 5, items: [] })), batch: vi.fn(async () => report) });
    const onDone = vi.fn();
    render(<BatchAssign client={cases} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('batch-open'));
    expect((await screen.findByTestId('batch-pending')).textContent).toContain('5 件待分流案件');
    expect(cases.list).toHaveBeenCalledWith({ status: ['pending'], page_size: 1 });
    expect(cases.batch).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('batch-confirm'));
    const result = await screen.findByTestId('batch-result');
    expect(result.textContent).toContain('已分派 2 件，保留待分流 3 件');
    expect(result.textContent).toContain('无可分派的调解员（2 件）');
    expect(result.textContent).toContain('不在本区范围内（1 件）');
    expect(onDone).toHaveBeenCalled();
  });
});
