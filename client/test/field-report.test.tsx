// The grid report form (网格上报, issue 14): the phone's position with its accuracy, a map tap instead,
// what is missing named, the body sent (on the spot or to the queue), the answer, and an unlinked account.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReportAnswer } from '../../server/src/contract/reports.ts';
import type { FieldClient } from '../src/api/field.ts';
import { ReportView, type Geolocate } from '../src/views/field/ReportView.tsx';
import { validateReport, emptyReport } from '../src/views/field/report-model.ts';

afterEach(cleanup);

const user = { mediator_id: 5, mediator_name: '张某某(示例)', mediator_kind: 'grid_worker' as const, display_name: '张某某(示例)' };
const answer = (over: Partial<ReportAnswer> = {}): ReportAnswer => ({
  id: 12036, status: 'pending', source: 'grid_report', resolved_on_spot: false, lng: 113.9, lat: 32.15, coord_system_in: 'wgs84',
  township_name: '董家河镇', village_name: '高岭村', grid_name: '高岭村第1网格', ...over,
});
const client = (report = vi.fn(async () => answer())): FieldClient => ({ changePassword: vi.fn(), mediatorOptions: vi.fn(), createMediatorAccounts: vi.fn(), report });
const at: Geolocate = (ok) => ok({ lng: 113.912345, lat: 32.154321, accuracy: 17.6 });
const FakeMap = ({ onPick }: { onPick: (p: { lng: number; lat: number }) => void }) => (
  <button type="button" data-testid="fake-map" onClick={() => onPick({ lng: 113.95, lat: 32.1 })}>map</button>
);

function fill() {
  fireEvent.change(screen.getByLabelText('纠纷类型'), { target: { value: 'neighbour' } });
  fireEvent.change(screen.getByLabelText('当事人 1 姓名'), { target: { value: '测试甲' } });
  fireEvent.change(screen.getByLabelText('当事人 1 电话'), { target: { value: '13800001234' } });
  fireEvent.change(screen.getByLabelText('情况描述'), { target: { value: '两户因排水沟堵塞争执' } });
}

describe('grid report form', () => {
  it('takes the phone\'s position, shows its accuracy in metres, and sends a report to the queue', async () => {
    const report = vi.fn(async () => answer());
    render(<ReportView user={user} client={client(report)} geolocate={at} MapPicker={FakeMap} />);
    fireEvent.click(screen.getByTestId('report-locate'));
    expect(screen.getByTestId('report-place').textContent).toContain('113.912345，32.154321');
    expect(screen.getByTestId('report-accuracy').textContent).toBe('（精度约 18 米）');
    fill();
    fireEvent.click(screen.getByLabelText('提交分流（待分流员分派）'));
    await act(async () => { fireEvent.click(screen.getByTestId('report-submit')); });
    expect(report).toHaveBeenCalledWith({
      dispute_type: 'neighbour', description: '两户因排水沟堵塞争执', parties: [{ name: '测试甲', role: 'applicant', phone: '13800001234' }],
      outcome: 'to_queue', lng: 113.912345, lat: 32.154321, located_by: 'position', accuracy_m: 18,
    }, []);
    expect(screen.getByTestId('report-done').textContent).toMatch(/#12036.*高岭村第1网格/);
    expect(screen.getByTestId('report-done').textContent).toContain('待分流队列');
  });

  it('takes a tap on the map instead, and records a dispute resolved on the spot with how', async () => {
    const report = vi.fn(async () => answer({ status: 'settled', resolved_on_spot: true }));
    render(<ReportView user={user} client={client(report)} geolocate={at} MapPicker={FakeMap} />);
    fireEvent.click(screen.getByText('在地图上点选'));
    fireEvent.click(await screen.findByTestId('fake-map'));
    expect(screen.getByTestId('report-place').textContent).toMatch(/^地图点选：113\.950000，32\.100000$/);
    fill();
    fireEvent.click(screen.getByLabelText('已就地化解'));
    fireEvent.change(screen.getByLabelText('化解情况'), { target: { value: '当场疏通，双方和解' } });
    await act(async () => { fireEvent.click(screen.getByTestId('report-submit')); });
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'resolved_on_spot', resolution: '当场疏通，双方和解', located_by: 'map', lng: 113.95, lat: 32.1 }), []);
    expect((report.mock.calls[0] as unknown[])[0]).not.toHaveProperty('accuracy_m');
    expect(screen.getByTestId('report-done').textContent).toContain('就地化解');
  });

  it('names what is missing and sends nothing; says what to do when the position is refused', async () => {
    const report = vi.fn();
    const refused: Geolocate = (_ok, fail) => fail(1);
    render(<ReportView user={user} client={client(report)} geolocate={refused} MapPicker={FakeMap} />);
    fireEvent.click(screen.getByTestId('report-locate'));
    expect(screen.getByRole('alert').textContent).toContain('允许本网站使用位置');
    await act(async () => { fireEvent.click(screen.getByTestId('report-submit')); });
    expect(report).not.toHaveBeenCalled();
    expect(screen.getByTestId('report-error-place').textContent).toContain('手机定位');
    expect(screen.getByTestId('report-error-dispute_type')).toBeTruthy();
    expect(screen.getByTestId('report-error-outcome')).toBeTruthy();
    expect(screen.getByTestId('report-error-parties.0.name')).toBeTruthy();
  });

  it('tells an account without a registry mediator what to do, with no form', () => {
    render(<ReportView user={{ ...user, mediator_id: null }} client={client()} geolocate={at} MapPicker={FakeMap} />);
    expect(screen.getByTestId('unlinked-notice').textContent).toContain('联系系统管理员');
    expect(screen.queryByTestId('report-submit')).toBeNull();
  });

  it('checks with the server\'s schema: a description of spaces is refused', () => {
    const { errors } = validateReport({ ...emptyReport(), dispute_type: 'neighbour', description: '   ', outcome: 'to_queue', place: { lng: 114, lat: 32, by: 'map', accuracy_m: null }, parties: [{ name: '甲', role: 'applicant', phone: '' }] });
    expect(errors.description).toBe('请填写情况描述');
  });
});

describe('the grid worker\'s landing view', () => {
  it('is the report form for a 网格员; other mediators land on 我的案件', async () => {
    const { homeOf, resolveRoute } = await import('../src/App.tsx');
    expect(homeOf('mediator', 'grid_worker')).toBe('report');
    expect(homeOf('mediator', 'village_cadre')).toBe('my-cases');
    expect(resolveRoute({ kind: 'home' }, 'mediator', 'grid_worker')).toEqual({ redirect: '/report' });
    expect(resolveRoute({ kind: 'view', key: 'report' }, 'dispatcher')).toEqual({ refused: true });
  });
});
