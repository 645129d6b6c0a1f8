// 批量创建调解员账号 (admin): choose registry mediators, create one mediator account each. The answer's
// initial passwords are shown ONCE, in a list to print or copy; they are not kept (the server stores only
// hashes) and must be changed at the first login.
import { useState } from 'react';
import type { CreatedMediatorAccount, MediatorOption } from '../../../../server/src/contract/auth.ts';
import { BULK_ACCOUNTS_MAX } from '../../../../server/src/contract/auth.ts';
import { MEDIATOR_KINDS } from '../../../../server/src/contract/vocab.ts';
import { ApiError } from '../../api/client.ts';
import { fieldApi, type FieldClient } from '../../api/field.ts';
import { MediatorPicker } from './MediatorPicker.tsx';

export function MediatorAccounts({ client = fieldApi, onCreated }: { client?: FieldClient; onCreated?: () => void }) {
  const [chosen, setChosen] = useState<MediatorOption[]>([]);
  const [created, setCreated] = useState<CreatedMediatorAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pickerKey, setPickerKey] = useState(0);

  const toggle = (m: MediatorOption) =>
    setChosen((c) => (c.some((x) => x.id === m.id) ? c.filter((x) => x.id !== m.id) : c.length >= BULK_ACCOUNTS_MAX ? c : [...c, m]));

  const create = async () => {
    setError(null);
    setBusy(true);
    try {
      setCreated(await client.createMediatorAccounts(chosen.map((m) => m.id)));
      setChosen([]);
      setPickerKey((k) => k + 1);
      onCreated?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '创建失败');
    } finally {
      setBusy(false);
    }
  };

  const print = () => {
    document.body.classList.add('printing-accounts');
    window.print();
    document.body.classList.remove('printing-accounts');
  };

  if (created) {
    return (
      <div className="print-sheet" data-testid="initial-passwords">
        <h3 className="admin-title">调解员账号与初始密码</h3>
        <p className="login-error no-print" role="alert">初始密码只显示这一次：请立即打印或抄录后交给本人。关闭后无法再查看，只能重设密码。</p>
        <p>首次登录须修改密码。登录地址：{typeof location !== 'undefined' ? location.origin : ''}</p>
        <table>
          <thead><tr><th>姓名</th><th>类别</th><th>单位</th><th>用户名</th><th>初始密码</th></tr></thead>
          <tbody>
            {created.map((a) => (
              <tr key={a.user_id}>
                <td>{a.display_name}</td><td>{MEDIATOR_KINDS[a.mediator_kind] ?? a.mediator_kind}</td><td>{a.unit ?? '—'}</td>
                <td>{a.username}</td><td className="password">{a.initial_password}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-actions no-print">
          <button type="button" className="primary-button" onClick={print}>打印</button>
          <button type="button" className="secondary-button" onClick={() => { if (window.confirm('关闭后将无法再查看这些初始密码，确定已打印或抄录？')) setCreated(null); }}>我已打印或抄录，关闭</button>
        </div>
      </div>
    );
  }

  return (
    <div className="mediator-accounts">
      <p className="muted">选择名册中的调解员（已有账号的不显示），为每人创建一个“调解员”账号并生成初始密码；一次最多 {BULK_ACCOUNTS_MAX} 人。</p>
      <MediatorPicker key={pickerKey} client={client} withoutAccount selected={chosen.map((m) => m.id)} onPick={toggle} label="查找要创建账号的调解员" />
      {chosen.length > 0 && <p data-testid="chosen-mediators">已选 {chosen.length} 人：{chosen.map((m) => m.name).join('、')}</p>}
      {error && <p className="login-error" role="alert">{error}</p>}
      <button type="button" className="primary-button" disabled={busy || chosen.length === 0} onClick={() => void create()} data-testid="create-accounts">
        {busy ? '正在创建…' : `为所选 ${chosen.length} 人创建账号`}
      </button>
    </div>
  );
}
