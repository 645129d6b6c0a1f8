import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { CaseFile, type CaseFileActions } from '../src/views/dispatch/CaseFile.tsx';
import { allowedTransitions, deadlineInfo } from '../src/views/dispatch/model.ts';
import { createDetail, NOW } from './dispatch-fixtures.ts';

afterEach(cleanup);

const DAY = 86_400_000;
const actions = (): CaseFileActions => ({
  onStatus: vi.fn(async () => true), onExtend: vi.fn(async () => true), onNote: vi.fn(async () => true),
  onGuidance: vi.fn(async () => true), onGuidancePatch: vi.fn(async () => true),
});
const actionLabels = () => within(screen.getByTestId('status-actions')).getAllByRole('button').map((b) => b.textContent);

describe('deadline', () => {
  it('counts whole days left, today, and days overdue', () => {
    expect(deadlineInfo(new Date(NOW + 5 * DAY + 3_600_000).toISOString(), NOW)).toEqual({ state: 'ok', days: 5, label: '剩余 5 天' });
    expect(deadlineInfo(new Date(NOW + 2 * DAY).toISOString(), NOW)).toMatchObject({ state: 'near', label: '剩余 2 天' });
    expect(deadlineInfo(new Date(NOW + 3_600_000).toISOString(), NOW)).toMatchObject({ state: 'near', label: '今日到期' });
    expect(deadlineInfo(new Date(NOW - 2 * DAY - 60_000).toISOString(), NOW)).toEqual({ state: 'overdue', days: 3, label: '已超期 3 天' });
  });
});

describe('allowed transitions', () => {
  it('follows the state machine, without 转立案 for mediators and nothing for leaders', () => {
    expect(allowedTransitions('pending', 'dispatcher')).toEqual(['withdrawn']);
    expect(allowedTransitions('mediating', 'mediator')).toEqual(['settled', 'failed', 'withdrawn']);
    expect(allowedTransitions('failed', 'dispatcher')).toEqual(['filed']);
    expect(allowedTransitions('failed', 'mediator')).toEqual([]);
    expect(allowedTransitions('settled', 'admin')).toEqual([]);
    expect(allowedTransitions('assigned', 'leader')).toEqual([]);
  });
});

describe('CaseFile', () => {
  it('shows the case number in the header beside the record id, and nothing for a case without one', () => {
    render(<CaseFile detail={createDetail({ case_number: '（2026）豫1502民诉前调123号' })} role="leader" now={NOW} {...actions()} />);
    expect(screen.getByTestId('case-file-number').textContent).toContain('（2026）豫1502民诉前调123号');
    cleanup();
    render(<CaseFile detail={createDetail()} role="leader" now={NOW} {...actions()} />);
    expect(screen.queryByTestId('case-file-number')).toBeNull();
  });

  it('shows the deadline with days left and only the allowed status changes', () => {
    render(<CaseFile detail={createDetail()} role="dispatcher" now={NOW} {...actions()} />);
    expect(screen.getByTestId('deadline-left').textContent).toBe('剩余 5 天');
    expect(screen.getByTestId('extend-open')).toBeTruthy();
    expect(actionLabels()).toEqual(['开始调解', '撤回']);
  });

  it('marks an overdue case and offers a mediator what the machine allows', () => {
    const detail = createDetail({ status: 'mediating', deadline: new Date(NOW - 4 * DAY).toISOString(), overdue: true });
    render(<CaseFile detail={detail} role="mediator" now={NOW} {...actions()} />);
    const left = screen.getByTestId('deadline-left');
    expect(left.textContent).toBe('已超期 4 天');
    expect(left.className).toContain('deadline-overdue');
    expect(actionLabels()).toEqual(['调解成功', '调解失败', '撤回']);
  });

  it('offers 转立案 after a failed mediation to a dispatcher only, and nothing on a closed case', () => {
    const failed = createDetail({ status: 'failed', deadline: null });
    const { unmount } = render(<CaseFile detail={failed} role="dispatcher" now={NOW} {...actions()} />);
    expect(actionLabels()).toEqual(['转立案']);
    expect(screen.queryByTestId('deadline-left')).toBeNull();
    unmount();
    render(<CaseFile detail={failed} role="mediator" now={NOW} {...actions()} />);
    expect(screen.queryByTestId('status-actions')).toBeNull();
    cleanup();
    render(<CaseFile detail={createDetail({ status: 'settled' })} role="dispatcher" now={NOW} {...actions()} />);
    expect(screen.queryByTestId('status-actions')).toBeNull();
    expect(screen.queryByTestId('extend-open')).toBeNull();
  });

  it('lists the timeline, assignment history, supervision notes and judge guidance', () => {
    const detail = createDetail({
      assignments: [
        { id: 1, mediator_id: 10, mediator_name: '刘某(示例)', assigned_at: new Date(NOW - 9 * DAY).toISOString(), assigned_by: '分流员甲', mode: 'top', reason: null, tier: 1, distance_m: 420, replaced_at: new Date(NOW - 8 * DAY).toISOString() },
        { id: 2, mediator_id: 11, mediator_name: '张某某(示例)', assigned_at: new Date(NOW - 8 * DAY).toISOString(), assigned_by: '分流员甲', mode: 'manual', reason: '原调解员回避', tier: 2, distance_m: 1500, replaced_at: null },
      ],
      notes: [{ id: 5, at: new Date(NOW - DAY).toISOString(), author: 'leader1', note: '请本周内组织调解' }],
      guidance: [{ id: 7, case_id: 42, mode: 'remote_online', requested_at: new Date(NOW - 2 * DAY).toISOString(), requested_by: '张某某', note: '涉及宅基地确权', held_at: new Date(NOW - DAY).toISOString(), outcome: '释明法律规定' }],
      timeline: [
        ...createDetail().timeline,
        { at: new Date(NOW - 3 * DAY).toISOString(), kind: 'extended', label: '延长调解期限', from_status: null, to_status: null, actor: 'dispatcher1', details: { days: 15, reason: '双方同意' } },
        { at: new Date(NOW - 2 * DAY).toISOString(), kind: 'status', label: '状态变更', from_status: 'assigned', to_status: 'mediating', actor: 'med1', details: null },
      ],
    });
    render(<CaseFile detail={detail} role="dispatcher" now={NOW} {...actions()} />);
    const tl = screen.getByTestId('timeline');
    expect(within(tl).getAllByRole('listitem')).toHaveLength(4);
    expect(tl.textContent).toContain('登记');
    expect(tl.textContent).toContain('延长 15 天');
    expect(tl.textContent).toContain('已分派 → 调解中');
    expect(screen.getByText('原调解员回避', { exact: false })).toBeTruthy();
    expect(screen.getByText(/已于 .* 改派/)).toBeTruthy();
    expect(screen.getByText('请本周内组织调解')).toBeTruthy();
    const g = screen.getByTestId('guidance-7');
    expect(g.textContent).toContain('远程在线参与调解');
    expect(g.textContent).toContain('结果：释明法律规定');
  });
});
