// The cross-case lists of what waits (issue 14): the dispatcher sees both lists with links to the cases;
// a leader sees the guidance questions only and answers one in place.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PendingRequests } from '../src/views/dispatch/PendingRequests.tsx';
import type { PendingClient } from '../src/api/pending.ts';
import type { CaseWorkClient } from '../src/api/case-work.ts';

afterEach(cleanup);

const at = '2026-12-01T02:00:00.000Z';
const ext = { id: 7, case_id: 12036, case_title: '邻里纠纷', case_status: 'mediating', deadline: at, days: 10, reason: '当事人外出', requested_by: '演示调解员', requested_at: at };
const guid = { id: 9, case_id: 12040, case_title: '土地纠纷', case_status: 'assigned', deadline: null, mode: 'legal_guidance', mode_label: '法律指导', question: '如何认定界址？', requested_by: '演示调解员', requested_at: at };

function fakeClient(): PendingClient & { guidance: ReturnType<typeof vi.fn> } {
  return {
    extensions: vi.fn(async () => ({ total: 1, items: [ext] })),
    guidance: vi.fn(async () => ({ total: 1, items: [guid] })),
  };
}

describe('PendingRequests', () => {
  it('lists extension requests and guidance questions, each linking to its case', async () => {
    render(<PendingRequests extensions client={fakeClient()} />);
    const link = await screen.findByTestId('pending-case-12036');
    expect(link.getAttribute('href')).toBe('/cases/12036');
    expect(screen.getByTestId('pending-extensions').textContent).toContain('申请延长 10 天');
    expect((await screen.findByTestId('pending-case-12040')).getAttribute('href')).toBe('/cases/12040');
    expect(screen.getByText('问题：如何认定界址？')).toBeTruthy();
    expect(screen.queryByLabelText('指导答复')).toBeNull(); // the dispatcher answers in the case file
  });

  it('lets a leader answer in place, then reloads the list', async () => {
    const client = fakeClient();
    const answerGuidance = vi.fn(async () => ({ id: 9, outcome: '按宗地图' }));
    render(<PendingRequests extensions={false} answerHere client={client} work={{ answerGuidance } as unknown as CaseWorkClient} />);
    expect(client.extensions).not.toHaveBeenCalled();
    fireEvent.change(await screen.findByLabelText('指导答复'), { target: { value: ' 按宗地图 ' } });
    fireEvent.click(screen.getByTestId('pending-answer-9'));
    await waitFor(() => expect(answerGuidance).toHaveBeenCalledWith(9, '按宗地图'));
    await waitFor(() => expect(client.guidance).toHaveBeenCalledTimes(2));
  });
});
