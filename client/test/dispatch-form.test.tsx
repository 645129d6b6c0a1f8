import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { CreateCaseBody } from '../../server/src/contract/cases.ts';
import { ApiError } from '../src/api/client.ts';
import { CaseForm } from '../src/views/dispatch/CaseForm.tsx';
import { emptyDraft, validateDraft, type CaseDraft } from '../src/views/dispatch/model.ts';

afterEach(cleanup);

function Harness({ initial, onSubmit, serverError = null }: { initial?: Partial<CaseDraft>; onSubmit: (b: CreateCaseBody) => void; serverError?: ApiError | null }) {
  const [draft, setDraft] = useState<CaseDraft>({ ...emptyDraft(), ...initial });
  return <CaseForm draft={draft} onChange={setDraft} onSubmit={onSubmit} serverError={serverError} />;
}

const filled = (o: Partial<CaseDraft> = {}): CaseDraft => ({
  ...emptyDraft(), title: '宅基地边界争议', dispute_type: 'land', parties: [{ name: '赵某', role: 'applicant', phone: '' }], lng: '114.061', lat: '32.12', ...o,
});

describe('new-case form', () => {
  it('names every missing required field and sends nothing', () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    fireEvent.click(screen.getByTestId('case-submit'));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId('error-title').textContent).toBe('请填写案件标题');
    expect(screen.getByTestId('error-dispute_type').textContent).toBe('请选择纠纷类型');
    expect(screen.getByTestId('error-lng').textContent).toBe('请在地图上点选纠纷发生地，或填写经纬度');
    expect(screen.getByTestId('error-parties.0.name').textContent).toBe('请填写当事人姓名');
  });

  it('submits a point with the chosen coordinate system (GCJ-02 for AMap points)', () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} initial={filled()} />);
    fireEvent.change(screen.getByLabelText('坐标系'), { target: { value: 'gcj02' } });
    expect(screen.getByText(/服务器将换算为 WGS84/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('case-submit'));
    expect(onSubmit).toHaveBeenCalledWith({
      title: '宅基地边界争议', dispute_type: 'land', parties: [{ name: '赵某', role: 'applicant' }], lng: 114.061, lat: 32.12, coord_system: 'gcj02',
    });
  });

  it('refuses coordinates that are not plain numbers or out of range', () => {
    expect(validateDraft(filled({ lng: '114,06' })).errors.lng).toBe('经度须为数字，例如 114.0612');
    expect(validateDraft(filled({ lat: 'NaN' })).errors.lat).toBe('纬度须为数字，例如 32.1234');
    expect(validateDraft(filled({ lat: '95' })).errors.lat).toBe('纬度 lat 超出范围 -90…90');
    expect(validateDraft(filled({ lng: '114.06', lat: '' })).errors.lat).toBe('纬度须为数字，例如 32.1234');
    expect(validateDraft(filled()).body).toMatchObject({ lng: 114.061, lat: 32.12, coord_system: 'wgs84' });
  });

  it('sends an address without coordinates, and asks for one when empty', () => {
    expect(validateDraft(filled({ location: 'address', address: '' })).errors.address).toBe('请填写地址（乡镇、村或社区名称）');
    const { body } = validateDraft(filled({ location: 'address', address: '董家河 黄龙寺' }));
    expect(body).toEqual({ title: '宅基地边界争议', dispute_type: 'land', parties: [{ name: '赵某', role: 'applicant' }], address: '董家河 黄龙寺' });
  });

  it('checks the party phone with the server schema', () => {
    expect(validateDraft(filled({ parties: [{ name: '赵某', role: 'applicant', phone: 'abc' }] })).errors['parties.0.phone']).toBe('联系电话格式有误');
  });

  it('shows address_ambiguous with its candidates and resubmits the one picked', () => {
    const onSubmit = vi.fn();
    const err = new ApiError('address_ambiguous', '地址“黄龙”对应多个地点：董家河镇黄龙寺村、浉河港镇黄龙村', 422, {
      address: '黄龙',
      candidates: [
        { level: 'village', code: '411502100201', name: '黄龙寺村', township_name: '董家河镇' },
        { level: 'village', code: '411502101203', name: '黄龙村', township_name: '浉河港镇' },
      ],
    });
    render(<Harness onSubmit={onSubmit} serverError={err} initial={filled({ location: 'address', address: '黄龙' })} />);
    expect(screen.getByTestId('address-error').textContent).toContain('对应多个地点');
    fireEvent.click(screen.getByText('浉河港镇 · 黄龙村'));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ address: '浉河港镇 黄龙村' }));
    expect(onSubmit.mock.calls[0]![0]).not.toHaveProperty('lng');
  });

  it('shows address_not_found as the server words it', () => {
    const err = new ApiError('address_not_found', '地址“火星”与本区的乡镇（街道）和村（社区）名称都对不上', 422, { address: '火星' });
    render(<Harness onSubmit={() => undefined} serverError={err} initial={filled({ location: 'address', address: '火星' })} />);
    expect(screen.getByTestId('address-error').textContent).toContain('都对不上');
  });
});
