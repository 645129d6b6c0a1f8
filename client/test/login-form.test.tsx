import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LoginView } from '../src/views/LoginView.tsx';
import { ApiError } from '../src/api/client.ts';
import type { LoginAnswer } from '../../server/src/contract/auth.ts';

afterEach(cleanup);

const answer: LoginAnswer = {
  user: { id: 2, username: 'leader', display_name: '演示院领导', role: 'leader', tribunal_id: null, mediator_id: null, active: true, must_change_password: false },
  csrfToken: 'token',
};

function fill(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('the login form', () => {
  it('sends username and password and hands over the answer', async () => {
    const login = vi.fn(async () => answer);
    const onLoggedIn = vi.fn();
    render(<LoginView client={{ login }} onLoggedIn={onLoggedIn} />);
    fill(' leader ', 'Demo-leader-2026');
    await waitFor(() => expect(onLoggedIn).toHaveBeenCalledWith(answer));
    expect(login).toHaveBeenCalledWith('leader', 'Demo-leader-2026');
  });

  it('asks for both fields before sending anything', () => {
    const login = vi.fn(async () => answer);
    render(<LoginView client={{ login }} onLoggedIn={() => undefined} />);
    fill('leader', '');
    expect(screen.getByRole('alert').textContent).toBe('请输入用户名和密码');
    expect(login).not.toHaveBeenCalled();
  });

  it('shows the server\'s message on failure and clears the password', async () => {
    const login = vi.fn(async () => { throw new ApiError('invalid_credentials', '用户名或密码错误', 401); });
    render(<LoginView client={{ login }} onLoggedIn={() => undefined} />);
    fill('leader', 'wrong-password');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('用户名或密码错误'));
    expect((screen.getByLabelText('密码') as HTMLInputElement).value).toBe('');
  });

  it('shows the notice of an ended session', () => {
    render(<LoginView client={{ login: vi.fn() }} onLoggedIn={() => undefined} notice="登录已过期，请重新登录" />);
    expect(screen.getByRole('status').textContent).toBe('登录已过期，请重新登录');
  });
});
