import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../src/api/client.ts';
import { CasePanel } from '../src/views/dispatch/CasePanel.tsx';
import { CONFLICT_MESSAGE } from '../src/views/dispatch/model.ts';
import { createDetail, createFakeCases, createRanking, NOW } from './dispatch-fixtures.ts';

afterEach(cleanup);

describe('CasePanel conflicts', () => {
  it('says another dispatcher handled the case and reloads it on 409 version_conflict', async () => {
    let version = 1;
    const get = vi.fn(async () => createDetail({ version, status: version === 1 ? 'pending' : 'assigned', mediator_id: version === 1 ? null : 12, mediator_name: version === 1 ? null : '王某(示例)', deadline: null }));
    const cases = createFakeCases({
      get,
      candidates: vi.fn(async () => ({ ...createRanking(), case_id: 42, version })),
      assign: vi.fn(async () => {
        version = 2; // the other dispatcher won
        throw new ApiError('version_conflict', '案件 42 已被他人修改（版本已变化），请刷新后重试', 409, { case_id: 42 });
      }),
    });
    const onChanged = vi.fn();
    render(<CasePanel caseId={42} client={cases} role="dispatcher" selectedMediator={11} onSelectMediator={() => undefined} onChanged={onChanged} now={NOW} />);
    fireEvent.click(await screen.findByTestId('assign-confirm'));
    expect((await screen.findByTestId('case-notice')).textContent).toBe(CONFLICT_MESSAGE);
    expect(cases.assign).toHaveBeenCalledWith(42, { version: 1, mediator_id: 11, choice: 'top' });
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
    expect(onChanged).toHaveBeenCalled();
    await waitFor(() => expect(screen.getByText(/当前承办：王某/)).toBeTruthy());
  });

  it('shows other errors as they come and keeps the case', async () => {
    const cases = createFakeCases({
      get: vi.fn(async () => createDetail({ status: 'pending', mediator_id: null, mediator_name: null, deadline: null })),
      candidates: vi.fn(async () => ({ ...createRanking(), case_id: 42, version: 3 })),
      assign: vi.fn(async () => {
        throw new ApiError('mediator_at_capacity', '调解员 张某某(示例) 在办案件已满（8/8 件），请选择其他调解员', 409);
      }),
    });
    render(<CasePanel caseId={42} client={cases} role="dispatcher" selectedMediator={11} onSelectMediator={() => undefined} now={NOW} />);
    fireEvent.click(await screen.findByTestId('assign-confirm'));
    expect((await screen.findByTestId('case-error')).textContent).toContain('在办案件已满');
  });

  it('a status change sends the version seen', async () => {
    const cases = createFakeCases({
      get: vi.fn(async () => createDetail()),
      candidates: vi.fn(async () => ({ ...createRanking(), case_id: 42, version: 3 })),
      setStatus: vi.fn(async () => ({ id: 42, version: 4, status: 'mediating' as const })),
    });
    render(<CasePanel caseId={42} client={cases} role="dispatcher" selectedMediator={null} onSelectMediator={() => undefined} now={NOW} />);
    fireEvent.click(await screen.findByTestId('status-mediating'));
    fireEvent.click(screen.getByTestId('status-submit'));
    await waitFor(() => expect(cases.setStatus).toHaveBeenCalledWith(42, { version: 3, status: 'mediating' }));
    expect((await screen.findByTestId('case-notice')).textContent).toBe('案件状态已更新');
  });
});
