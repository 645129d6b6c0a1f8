// The specialties vocabulary in the registry (issue 17 §4): the 专长 tab lists it and lets only an admin
// add one; the mediator form's picker offers the table's specialties (婚姻家庭 included) and sends codes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { SpecialtyItem } from '../../server/src/contract/specialties.ts';
import type { RegistryClient } from '../src/api/registry.ts';
import { MediatorForm } from '../src/views/registry/MediatorForm.tsx';
import { SpecialtiesTab } from '../src/views/registry/SpecialtiesTab.tsx';

afterEach(cleanup);

const LIST: SpecialtyItem[] = [
  { code: 'medical', label: '医疗纠纷', specialist: true, created_at: '2026-12-01T00:00:00.000Z' },
  { code: 'marriage_family', label: '婚姻家庭', specialist: false, created_at: '2026-12-01T00:00:00.000Z' },
];

describe('专长 tab', () => {
  it('an admin adds a specialty; the leader only reads', async () => {
    const createSpecialty = vi.fn(async () => ({ code: 'family_custom', label: '家风调解', specialist: false, created_at: '2026-12-02T00:00:00.000Z' }));
    const onChanged = vi.fn();
    render(<SpecialtiesTab client={{ createSpecialty }} role="admin" specialties={LIST} onChanged={onChanged} />);
    expect(screen.getByText('婚姻家庭')).toBeTruthy();
    expect(screen.getByText('专业')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '家风调解' } });
    fireEvent.change(screen.getByLabelText('编码'), { target: { value: 'family_custom' } });
    fireEvent.click(screen.getByText('添加专长'));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(createSpecialty).toHaveBeenCalledWith({ code: 'family_custom', label: '家风调解' });
    cleanup();
    render(<SpecialtiesTab client={{ createSpecialty }} role="leader" specialties={LIST} onChanged={onChanged} />);
    expect(screen.queryByText('添加专长')).toBeNull();
  });
});

describe('mediator form', () => {
  it('picks specialties from the list and sends their codes', async () => {
    const createMediator = vi.fn(async () => ({}));
    render(<MediatorForm client={{ createMediator } as unknown as RegistryClient} mediator={null} organisations={[]} tribunals={[]} specialtyList={LIST} onSaved={() => {}} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText('姓名*'), { target: { value: '示例·新人' } });
    fireEvent.change(screen.getByLabelText('联系电话*'), { target: { value: '13700000001' } });
    fireEvent.change(screen.getByLabelText('服务区域编码'), { target: { value: '411502001001001' } });
    fireEvent.click(screen.getByLabelText('婚姻家庭'));
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(createMediator).toHaveBeenCalled());
    expect((createMediator.mock.calls[0] as unknown as [Record<string, unknown>])[0]).toMatchObject({ specialties: ['marriage_family'] });
  });
});
