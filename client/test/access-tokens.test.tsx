// The 访问令牌 dialog: lists the user's tokens, creates one (read-only by default) and shows it once,
// revokes an active one after confirmation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AccessTokenItem, TokensClient } from '../src/api/tokens.ts';
import { AccessTokens } from '../src/components/AccessTokens.tsx';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

const ITEM: AccessTokenItem = {
  id: 3, name: '办公室 QGIS', prefix: 'shp_AbCdEf', read_only: true, created_at: '2026-11-01T02:00:00Z', expires_at: '2027-01-30T02:00:00Z',
  last_used_at: null, revoked_at: null, state: 'active',
};

describe('AccessTokens', () => {
  it('lists tokens, creates a read-only one and shows it once', async () => {
    const create = vi.fn(async (b: { name: string; days: number; read_only: boolean }) => ({ ...ITEM, id: 4, name: b.name, token: 'shp_secret-token-value' }));
    const client: TokensClient = { list: vi.fn(async () => ({ items: [ITEM] })), create, revoke: vi.fn() };
    render(<AccessTokens username="planner" onClose={() => {}} client={client} />);
    await waitFor(() => expect(screen.getByText('办公室 QGIS')).toBeTruthy());
    expect(screen.getByText(/用户名/).textContent).toContain('planner');
    fireEvent.click(screen.getByText('创建令牌'));
    await waitFor(() => expect((screen.getByLabelText('新令牌') as HTMLInputElement).value).toBe('shp_secret-token-value'));
    expect(create).toHaveBeenCalledWith({ name: 'QGIS', days: 90, read_only: true });
  });

  it('revokes an active token after confirmation', async () => {
    const revoke = vi.fn(async () => ({ ...ITEM, state: 'revoked' as const }));
    const client: TokensClient = { list: vi.fn(async () => ({ items: [ITEM] })), create: vi.fn(), revoke };
    vi.stubGlobal('confirm', () => true); // happy-dom has no confirm()
    render(<AccessTokens username="planner" onClose={() => {}} client={client} />);
    await waitFor(() => expect(screen.getByText('撤销')).toBeTruthy());
    fireEvent.click(screen.getByText('撤销'));
    await waitFor(() => expect(revoke).toHaveBeenCalledWith(3));
  });
});
