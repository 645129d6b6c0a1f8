// Idempotency-Key (routes/idempotency.ts): a write sent twice with the same key is stored once and the
// retry gets the stored answer; concurrent retries run once; the same key with another body is refused
// (422); keys are per user; refused requests (CSRF) let the key go; keys expire after 7 days.
// The write used is a supervision note (POST /api/cases/:id/notes): without a key every call adds a row.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { IDEMPOTENCY_TTL_MS } from '../src/routes/idempotency.ts';

let t: TestApp;
let knex: Knex;
let caseId: number;
let maxNote: number;

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  caseId = (await knex('cases').min({ m: 'id' }))[0]!.m as number;
  maxNote = ((await knex('supervision_notes').max({ m: 'id' }))[0]!.m as number | null) ?? 0;
});

afterAll(async () => {
  await knex('supervision_notes').where('id', '>', maxNote).delete();
  await knex('case_events').where({ case_id: caseId, kind: 'note' }).andWhereRaw("details->>'note' LIKE '幂等测试%'").delete();
  await knex('idempotency_keys').delete();
  await t.close();
});

const notesLike = async (text: string) => Number((await knex('supervision_notes').where({ case_id: caseId, note: text }).count({ n: '*' }))[0]!.n);
const post = (key: string, note: string, as: 'dispatcher' | 'admin' = 'dispatcher', csrf = true) =>
  t.request(`/api/cases/${caseId}/notes`, { as, method: 'POST', body: { note }, csrf, headers: { 'Idempotency-Key': key } });

describe('Idempotency-Key', () => {
  it('stores a write sent twice with the same key once, and answers the retry with the stored answer', async () => {
    const key = crypto.randomUUID();
    const first = await post(key, '幂等测试 一');
    expect(first.status).toBe(201);
    const a = await first.json();
    const again = await post(key, '幂等测试 一');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual(a);
    expect(await notesLike('幂等测试 一')).toBe(1);
    const row = await knex('idempotency_keys').where({ key }).first();
    expect(row).toMatchObject({ method: 'POST', path: `/api/cases/${caseId}/notes`, response_status: 201 });
  });

  it('runs concurrent requests with the same key once', async () => {
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(key, '幂等测试 并发')));
    const statuses = await Promise.all(answers.map(async (r) => (r.status === 201 ? 'ok' : (await expectError(r, 409, 'idempotency_in_progress')) && 'busy')));
    expect(statuses).toContain('ok');
    expect(await notesLike('幂等测试 并发')).toBe(1);
    // Once the first is done, a retry gets its answer.
    const late = await post(key, '幂等测试 并发');
    expect(late.status).toBe(201);
    expect(await notesLike('幂等测试 并发')).toBe(1);
  });

  it('refuses the same key with a different body (422) and stores nothing', async () => {
    const key = crypto.randomUUID();
    expect((await post(key, '幂等测试 原文')).status).toBe(201);
    await expectError(await post(key, '幂等测试 改过'), 422, 'idempotency_key_reused');
    expect(await notesLike('幂等测试 改过')).toBe(0);
    expect(await notesLike('幂等测试 原文')).toBe(1);
  });

  it("keeps keys per user: another user's same key runs", async () => {
    const key = crypto.randomUUID();
    expect((await post(key, '幂等测试 两人')).status).toBe(201);
    const other = await post(key, '幂等测试 两人', 'admin');
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotency-replayed')).toBeNull();
    expect(await notesLike('幂等测试 两人')).toBe(2);
  });

  it('lets the key go when the request was refused (CSRF), so the retry runs', async () => {
    const key = crypto.randomUUID();
    await expectError(await post(key, '幂等测试 令牌', 'dispatcher', false), 403, 'csrf_failed');
    expect(await knex('idempotency_keys').where({ key }).first()).toBeUndefined();
    expect((await post(key, '幂等测试 令牌')).status).toBe(201);
    expect(await notesLike('幂等测试 令牌')).toBe(1);
  });

  it('keeps a 4xx answer of the write itself, and refuses a malformed key', async () => {
    const key = crypto.randomUUID();
    const bad = () => t.request('/api/cases/999999999/notes', { as: 'dispatcher', method: 'POST', body: { note: '幂等测试 无此案' }, headers: { 'Idempotency-Key': key } });
    await expectError(await bad(), 404, 'case_not_found');
    const again = await bad();
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    await expectError(again, 404, 'case_not_found');
    await expectError(await post('short', '幂等测试 坏键'), 400, 'invalid_idempotency_key');
    expect(await notesLike('幂等测试 坏键')).toBe(0);
  });

  it('forgets keys after 7 days', async () => {
    const key = crypto.randomUUID();
    expect((await post(key, '幂等测试 过期')).status).toBe(201);
    // Age the key instead of moving the clock (that would end the session too).
    await knex('idempotency_keys').where({ key }).update({ created_at: new Date(t.clock.now() - IDEMPOTENCY_TTL_MS - 60_000) });
    expect((await post(key, '幂等测试 过期')).status).toBe(201);
    expect(await notesLike('幂等测试 过期')).toBe(2);
  });
});
