// The assessment client's writes: the register of schools and enterprises (create, edit, a message for a
// form that cannot be sent), editing a publicity event (PATCH of what the API lets change), naming a
// guidance request's judge, and the briefing's print class (on <body> only while it prints).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { AssessmentClient, Enterprise, GuidanceItem, PublicityEvent, School } from '../src/api/assessment.ts';
import { createAssessmentClient } from '../src/api/assessment.ts';
import type { AreaCollection } from '../src/api/types.ts';
import { RegisterTab, registerBody } from '../src/views/assessment/RegisterTab.tsx';
import { PublicityTab } from '../src/views/assessment/PublicityTab.tsx';
import { GuidanceTab } from '../src/views/assessment/GuidanceTab.tsx';
import { printBriefing } from '../src/views/assessment/LeadershipView.tsx';
import { createArea } from './fixtures.ts';

afterEach(cleanup);

const SCHOOL: School = { id: 5, name: '示例小学', kind: 'primary', township_code: '411502001000', township_name: '老城街道', village_code: null, village_name: null, is_demo: true, lng: 114.06, lat: 32.12 };
const townships: AreaCollection = { type: 'FeatureCollection', features: [createArea({ code: '411502001000', name: '老城街道', level: 'township' })] };
const villages: AreaCollection = { type: 'FeatureCollection', features: [createArea({ code: '411502001001', name: '义阳社区', township_code: '411502001000' })] };

describe('register of schools and enterprises', () => {
  it('creates a school with its point and township; the list reloads', async () => {
    const schools = vi.fn(async () => ({ items: [SCHOOL] }));
    const createSchool = vi.fn(async (b: Record<string, unknown>) => ({ ...SCHOOL, id: 6, ...b, township_name: '老城街道', village_name: '义阳社区', is_demo: false }) as School);
    const client = { schools, createSchool } as unknown as AssessmentClient;
    render(<RegisterTab canWrite townships={townships} villages={villages} client={client} />);
    await waitFor(() => expect(screen.getByTestId('register-table').textContent).toContain('示例小学'));
    expect(screen.getByTestId('register-table').textContent).toContain('演示');
    fireEvent.click(screen.getByText('新增学校'));
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '浉河区测试小学' } });
    fireEvent.change(screen.getByLabelText('类别'), { target: { value: 'middle' } });
    fireEvent.change(screen.getByLabelText('乡镇（街道）'), { target: { value: '411502001000' } });
    fireEvent.change(screen.getByLabelText('村（社区）'), { target: { value: '411502001001' } });
    fireEvent.change(screen.getByLabelText('经度（WGS84）'), { target: { value: '114.064' } });
    fireEvent.change(screen.getByLabelText('纬度'), { target: { value: '32.117' } });
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(createSchool).toHaveBeenCalled());
    expect(createSchool.mock.calls[0]![0]).toEqual({ name: '浉河区测试小学', kind: 'middle', lng: 114.064, lat: 32.117, township_code: '411502001000', village_code: '411502001001' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('已保存：浉河区测试小学'));
    expect(schools).toHaveBeenCalledTimes(2);
  });

  it('edits an enterprise (PATCH with its id); a form without a point sends nothing', async () => {
    const ent: Enterprise = { ...SCHOOL, id: 8, name: '示例企业', industry: '茶叶', above_size: false } as unknown as Enterprise;
    const updateEnterprise = vi.fn(async (_id: number, b: Record<string, unknown>) => ({ ...ent, ...b }) as Enterprise);
    const client = { schools: async () => ({ items: [SCHOOL] }), enterprises: async () => ({ items: [ent] }), updateEnterprise } as unknown as AssessmentClient;
    render(<RegisterTab canWrite townships={townships} villages={villages} client={client} />);
    fireEvent.click(screen.getByText('企业'));
    await waitFor(() => expect(screen.getByTestId('register-table').textContent).toContain('示例企业'));
    fireEvent.click(screen.getByText('编辑'));
    fireEvent.click(screen.getByLabelText('规模以上企业'));
    fireEvent.change(screen.getByLabelText('纬度'), { target: { value: '' } });
    fireEvent.click(screen.getByText('保存'));
    expect(screen.getByRole('alert').textContent).toContain('经度和纬度');
    expect(updateEnterprise).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('纬度'), { target: { value: '32.13' } });
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(updateEnterprise).toHaveBeenCalled());
    expect(updateEnterprise.mock.calls[0]![0]).toBe(8);
    expect(updateEnterprise.mock.calls[0]![1]).toMatchObject({ above_size: true, industry: '茶叶', lat: 32.13 });
  });

  it('readers see no write buttons; registerBody refuses an empty name', () => {
    render(<RegisterTab canWrite={false} townships={null} villages={null} client={{ schools: async () => ({ items: [SCHOOL] }) } as unknown as AssessmentClient} />);
    expect(screen.queryByText('新增学校')).toBeNull();
    expect(registerBody('school', { name: ' ', kind: 'primary', industry: '', above_size: false, township: '', village: '', lng: '1', lat: '2' })).toEqual({ error: '请填写名称' });
  });
});

describe('publicity event edit', () => {
  it('opens an event in the form and PATCHes time, title, place, audience and department', async () => {
    const ev: PublicityEvent = {
      id: 31, kind: 'media', kind_label: '媒体宣传', held_at: '2026-05-01T02:00:00.000Z', title: '普法直播', place: '演播室', township_code: null, township_name: null,
      audience: 100, department: '调解团队', school_id: null, school_name: null, enterprise_id: null, enterprise_name: null, is_demo: false, lng: null, lat: null,
    };
    const updateEvent = vi.fn(async () => ev);
    const events = vi.fn(async () => ({ total: 1, items: [ev] }));
    const client = { events, updateEvent, compliance: async () => null, schools: async () => ({ items: [] }), enterprises: async () => ({ items: [] }) } as unknown as AssessmentClient;
    render(<PublicityTab period={{ from: '2026-01-01', to: '2026-12-31' }} canWrite quarter={{ year: 2026, quarter: 2 }} client={client} />);
    await waitFor(() => expect(screen.getByTestId('publicity-table').textContent).toContain('普法直播'));
    fireEvent.click(screen.getByLabelText('编辑 普法直播'));
    const form = screen.getByRole('form');
    expect(form.getAttribute('aria-label')).toBe('编辑宣传活动：普法直播');
    expect((within(form).getByLabelText('类型') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText('时间（北京时间）') as HTMLInputElement).value).toBe('2026-05-01T10:00');
    fireEvent.change(screen.getByLabelText('受众(人次)'), { target: { value: '250' } });
    fireEvent.change(screen.getByLabelText('活动名称'), { target: { value: '普法直播（二）' } });
    fireEvent.click(screen.getByText('保存修改'));
    await waitFor(() => expect(updateEvent).toHaveBeenCalled());
    expect(updateEvent.mock.calls[0]).toEqual([31, { held_at: '2026-05-01T10:00:00+08:00', title: '普法直播（二）', audience: 250, department: '调解团队', place: '演播室' }]);
    await waitFor(() => expect(events).toHaveBeenCalledTimes(2));
    expect(screen.getByText('新增活动')).toBeTruthy();
  });
});

describe('guidance judge', () => {
  const G: GuidanceItem = { id: 4, case_id: 77, case_title: '邻里纠纷（示例）', mode: 'legal_guidance', mode_label: '法律指导', requested_at: '2026-03-02T01:00:00.000Z', held_at: null, judge_id: null, judge_name: null };
  const judges = async () => ({ items: [{ id: 2, name: '示例法官甲', department: '民一庭', tribunal_id: null, tribunal_name: null, active: true, is_demo: true }] });
  it('a dispatcher names the judge (PUT) and the list reloads', async () => {
    const setJudge = vi.fn(async () => ({ id: 4, case_id: 77, judge_id: 2 }));
    const guidance = vi.fn(async () => ({ total: 1, items: [G] }));
    render(<GuidanceTab period={{ from: '2026-01-01', to: '2026-12-31' }} canWrite client={{ guidance, judges, setJudge } as unknown as AssessmentClient} />);
    const select = await screen.findByLabelText('案件 77 的指导法官');
    await waitFor(() => expect((select as HTMLSelectElement).disabled).toBe(false));
    fireEvent.change(select, { target: { value: '2' } });
    await waitFor(() => expect(setJudge).toHaveBeenCalledWith(4, 2));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('已指定法官：示例法官甲'));
    expect(guidance).toHaveBeenCalledTimes(2);
    fireEvent.click(screen.getByLabelText('只看未指定法官的'));
    await waitFor(() => expect(guidance).toHaveBeenLastCalledWith(expect.objectContaining({ unassigned: true, page: 1 }), expect.anything()));
  });
  it('readers see the judge name, no select', async () => {
    render(<GuidanceTab period={{}} canWrite={false} client={{ guidance: async () => ({ total: 1, items: [{ ...G, judge_id: 2, judge_name: '示例法官甲' }] }), judges } as unknown as AssessmentClient} />);
    await waitFor(() => expect(screen.getByTestId('guidance-table').textContent).toContain('示例法官甲'));
    expect(screen.queryByRole('combobox')).toBeNull();
  });
  it('the client sends PUT /api/guidance/:id/judge with the CSRF token', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fetch = async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify(url.endsWith('/me') ? { csrfToken: 'tok' } : { id: 4, case_id: 77, judge_id: null }), { status: 200 });
    };
    await createAssessmentClient({ fetch }).setJudge(4, null);
    const [url, init] = calls[1]!;
    expect(url).toBe('/api/guidance/4/judge');
    expect(init?.method).toBe('PUT');
    expect((init?.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(init?.body).toBe('{"judge_id":null}');
  });
});

describe('briefing print class', () => {
  it('is on <body> only from just before print() until afterprint', () => {
    const seen: boolean[] = [];
    // happy-dom has no window.print: a window whose print() records whether the class was on.
    const fake = Object.assign(new EventTarget(), { document, print: () => { seen.push(document.body.classList.contains('printing-briefing')); } }) as unknown as Window;
    printBriefing(fake);
    expect(seen).toEqual([true]);
    expect(document.body.classList.contains('printing-briefing')).toBe(true);
    fake.dispatchEvent(new Event('afterprint'));
    expect(document.body.classList.contains('printing-briefing')).toBe(false);
  });
});
