// Issue 17: the audit log reads as Chinese sentences with names and links, never raw JSON, "user #1"
// or "import #<uuid>".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAudit } from '../src/services/audit-sentence.ts';
import type { AuditItem } from '../src/contract/auth.ts';
import { createTestApp, type TestApp } from './helpers.ts';

const row = (over: Partial<AuditItem>): AuditItem => ({
  id: 1, at: '2026-12-06T08:00:00Z', user_id: 7, username: 'dispatcher', role: 'dispatcher', action: 'auth.login',
  target_type: null, target_id: null, ip: null, details: null, outcome: 'success', ...over,
});

describe('describeAudit', () => {
  const names = new Map([['user:7', '演示分流员'], ['case:12', '相邻通行纠纷'], ['mediator:5', '彭某某(示例0005)']]);
  it('names people and things, with a link to the case', () => {
    expect(describeAudit(row({ action: 'case.assign', target_type: 'case', target_id: '12', details: { mediator_id: 5 } }), names))
      .toEqual({ sentence: '演示分流员将案件 12 “相邻通行纠纷”分派给彭某某(示例0005)', link: '/cases/12' });
    expect(describeAudit(row({ action: 'case.status', target_type: 'case', target_id: '12', details: { from: 'mediating', to: 'settled' } }), names).sentence)
      .toBe('演示分流员将案件 12 “相邻通行纠纷”的状态由调解中改为调解成功');
  });
  it('renders imports and exports as sentences, not JSON or ids', () => {
    const imp = describeAudit(row({ action: 'import.registry', target_type: 'import', target_id: '3f2a9c1e-uuid', details: { kind: 'mediators', file_name: '名册.xlsx', inserted: 19 } }), names);
    expect(imp.sentence).toBe('演示分流员从文件 “名册.xlsx”导入调解员 19 条');
    const bad = describeAudit(row({ action: 'import.registry', target_type: 'import', target_id: 'x', outcome: 'failure', details: { problem_count: 4 } }), names);
    expect(bad.sentence).toContain('4 处问题');
    const exp = describeAudit(row({ action: 'assessment.export', target_type: 'dashboard_list', target_id: 'overdue_open', details: { rows: 1234 } }), names);
    expect(exp.sentence).toBe('演示分流员导出“当前超期未结”明细 1,234 条');
    for (const s of [imp.sentence, bad.sentence, exp.sentence]) expect(s).not.toMatch(/[{}#]|uuid/);
  });
  it('a failed login names the typed user', () => {
    expect(describeAudit(row({ user_id: null, username: 'nobody', outcome: 'failure' }), names).sentence).toBe('“nobody”登录失败');
  });
});

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('GET /api/audit', () => {
  it('gives each row a sentence with display names', async () => {
    await t.request('/api/auth/me', { as: 'leader' });
    const res = await t.request('/api/audit?action=auth.login&page_size=20', { as: 'admin' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.length).toBeGreaterThan(0);
    for (const i of body.items) {
      expect(i.sentence).toMatch(/登录/);
      expect(i.sentence).not.toMatch(/[{}#]/);
    }
    expect(body.items.some((i: { sentence: string }) => i.sentence === '演示院领导登录' || i.sentence === '演示管理员登录')).toBe(true);
  });
});
