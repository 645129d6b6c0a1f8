// The registry mediator picker and bulk accounts (admin, issue 14): search by name / unit / phone, taken
// mediators disabled, several chosen, the created accounts' initial passwords shown once in a printable list.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { CreatedMediatorAccount, MediatorOption } from '../../server/src/contract/auth.ts';
import type { FieldClient } from '../src/api/field.ts';
import { ApiError } from '../src/api/client.ts';
import { MediatorPicker } from '../src/views/field/MediatorPicker.tsx';
import { MediatorAccounts } from '../src/views/field/MediatorAccounts.tsx';

afterEach(cleanup);

const OPTIONS: MediatorOption[] = [
  { id: 1, name: '张某某(示例)', kind: 'grid_worker', status: 'active', unit: '胡家湾村委会', phone: '13900000001', account: null },
  { id: 2, name: '李某(示例)', kind: 'full_time', status: 'active', unit: '董家河镇调委会', phone: '13900000002', account: { user_id: 9, username: 'm2' } },
  { id: 3, name: '王某(示例)', kind: 'village_cadre', status: 'withdrawn', unit: null, phone: null, account: null },
];

function fakeClient(over: Partial<FieldClient> = {}): FieldClient & { queries: unknown[] } {
  const queries: unknown[] = [];
  return {
    queries,
    changePassword: vi.fn(),
    mediatorOptions: vi.fn(async (q) => {
      queries.push(q);
      const text = q.q ?? '';
      return OPTIONS.filter((o) => (!q.without_account || !o.account) && (!text || o.name.includes(text) || (o.unit ?? '').includes(text) || (o.phone ?? '').includes(text)));
    }),
    createMediatorAccounts: vi.fn(),
    report: vi.fn(),
    ...over,
  };
}

describe('registry mediator picker', () => {
  it('searches by what is typed and shows kind, unit, phone and an existing account (taken: not pickable)', async () => {
    const client = fakeClient();
    const onPick = vi.fn();
    render(<MediatorPicker client={client} onPick={onPick} debounceMs={0} />);
    await screen.findByTestId('mediator-option-1');
    expect(screen.getByTestId('mediator-option-1').textContent).toMatch(/网格员.*胡家湾村委会 · 13900000001/);
    expect(screen.getByTestId('mediator-option-2').textContent).toContain('已有账号 m2');
    expect((screen.getByTestId('mediator-option-2') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('mediator-option-3') as HTMLButtonElement).disabled).toBe(true); // withdrawn
    fireEvent.change(screen.getByLabelText('查找名册调解员'), { target: { value: '董家河' } });
    await waitFor(() => expect(screen.queryByTestId('mediator-option-1')).toBeNull());
    expect(client.queries.at(-1)).toMatchObject({ q: '董家河' });
    fireEvent.change(screen.getByLabelText('查找名册调解员'), { target: { value: '0001' } });
    fireEvent.click(await screen.findByTestId('mediator-option-1'));
    expect(onPick).toHaveBeenCalledWith(OPTIONS[0]);
  });

  it('lets the account being linked keep its own mediator', async () => {
    render(<MediatorPicker client={fakeClient()} onPick={vi.fn()} forUserId={9} debounceMs={0} />);
    expect((await screen.findByTestId('mediator-option-2') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('bulk mediator accounts', () => {
  it('creates accounts for the chosen mediators and shows the initial passwords once, to print', async () => {
    const created: CreatedMediatorAccount[] = [
      { user_id: 21, username: 'm1', display_name: '张某某(示例)', mediator_id: 1, mediator_kind: 'grid_worker', unit: '胡家湾村委会', initial_password: 'Ab3dEf6hJk7m' },
    ];
    const client = fakeClient({ createMediatorAccounts: vi.fn(async () => created) });
    const onCreated = vi.fn();
    render(<MediatorAccounts client={client} onCreated={onCreated} />);
    const button = screen.getByTestId('create-accounts') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await waitFor(() => expect(client.queries.at(-1)).toMatchObject({ without_account: true }), { timeout: 2000 });
    fireEvent.click(await screen.findByTestId('mediator-option-1', {}, { timeout: 2000 }));
    expect(screen.getByTestId('chosen-mediators').textContent).toContain('张某某(示例)');
    expect(screen.queryByTestId('mediator-option-2')).toBeNull(); // has an account: not offered
    await act(async () => { fireEvent.click(screen.getByTestId('create-accounts')); });
    expect(client.createMediatorAccounts).toHaveBeenCalledWith([1]);
    expect(onCreated).toHaveBeenCalled();
    const sheet = screen.getByTestId('initial-passwords');
    expect(sheet.textContent).toContain('Ab3dEf6hJk7m');
    expect(sheet.textContent).toContain('只显示这一次');
    expect(sheet.textContent).toContain('首次登录须修改密码');
    const print = vi.fn();
    Object.defineProperty(window, 'print', { value: print, configurable: true, writable: true });
    fireEvent.click(screen.getByText('打印'));
    expect(print).toHaveBeenCalled();
    Object.defineProperty(window, 'confirm', { value: vi.fn(() => true), configurable: true, writable: true });
    fireEvent.click(screen.getByText(/我已打印或抄录/));
    expect(screen.queryByText('Ab3dEf6hJk7m')).toBeNull(); // gone for good
  });

  it('shows the server\'s Chinese message when a mediator has an account meanwhile', async () => {
    const client = fakeClient({ createMediatorAccounts: vi.fn(async () => { throw new ApiError('mediator_has_account', '张某某(示例)（账号 m1）已有账号：一名调解员只能有一个账号，请取消选择后再创建', 409); }) });
    render(<MediatorAccounts client={client} />);
    fireEvent.click(await screen.findByTestId('mediator-option-1', {}, { timeout: 2000 }));
    await act(async () => { fireEvent.click(screen.getByTestId('create-accounts')); });
    expect(screen.getByRole('alert').textContent).toContain('一名调解员只能有一个账号');
    expect(screen.queryByTestId('initial-passwords')).toBeNull();
  });
});
