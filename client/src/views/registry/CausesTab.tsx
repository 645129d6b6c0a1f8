// 案由对照 tab (issue 18 item 2): the causes of action a bulk intake maps to the system's dispute types.
// Dispatchers read it (an unmapped cause is flagged on its row); admin adds, changes and deletes.
import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { DISPUTE_TYPES, type DisputeType } from '../../../../server/src/contract/vocab.ts';
import { ApiError } from '../../api/client.ts';
import { intakeApi, type IntakeClient } from '../../api/intake.ts';
import { useFetched } from '../useFetched.ts';

export function CausesTab({ role, client = intakeApi }: { role: Role; client?: IntakeClient }) {
  const admin = role === 'admin';
  const [refresh, setRefresh] = useState(0);
  const causes = useFetched(`causes#${refresh}`, (signal) => client.causes(signal));
  const [cause, setCause] = useState('');
  const [type, setType] = useState<DisputeType>('other');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function act(work: () => Promise<unknown>, ok: string) {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await work();
      setMessage(ok);
      setRefresh((r) => r + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败，请重试');
    } finally {
      setBusy(false);
    }
  }
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(() => client.createCause({ cause: cause.trim(), dispute_type: type }), `已添加案由“${cause.trim()}”`).then(() => setCause(''));
  };
  const types = Object.keys(DISPUTE_TYPES) as DisputeType[];

  return (
    <div className="registry-body registry-body-wide">
      <section className="registry-list">
        <div className="registry-toolbar">
          <span className="registry-total">共 <b>{causes.data?.items.length ?? 0}</b> 个案由；批量导入案件时按此表把案由对应到纠纷类型，表中没有的案由需逐行选择类型</span>
        </div>
        {admin && (
          <form className="registry-toolbar" onSubmit={add} aria-label="添加案由">
            <label>案由<input value={cause} onChange={(e) => setCause(e.target.value)} placeholder="例：民间借贷纠纷" maxLength={60} required /></label>
            <label>纠纷类型<select value={type} onChange={(e) => setType(e.target.value as DisputeType)}>{types.map((k) => <option key={k} value={k}>{DISPUTE_TYPES[k]}</option>)}</select></label>
            <button type="submit" className="primary-button small" disabled={busy}>添加案由</button>
          </form>
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
        {message && <p className="admin-ok" role="status">{message}</p>}
        <div className="registry-table-wrap">
          <table className="admin-table registry-table" aria-label="案由对照">
            <thead><tr><th>案由</th><th>纠纷类型</th>{admin && <th />}</tr></thead>
            <tbody>
              {(causes.data?.items ?? []).map((c) => (
                <tr key={c.id}>
                  <td>{c.cause}</td>
                  <td>
                    {admin
                      ? <select aria-label={`${c.cause}的纠纷类型`} value={c.dispute_type} disabled={busy}
                          onChange={(e) => act(() => client.updateCause(c.id, { dispute_type: e.target.value as DisputeType }), `已修改“${c.cause}”`)}>
                          {types.map((k) => <option key={k} value={k}>{DISPUTE_TYPES[k]}</option>)}
                        </select>
                      : DISPUTE_TYPES[c.dispute_type]}
                  </td>
                  {admin && <td><button type="button" className="secondary-button small" disabled={busy} onClick={() => act(() => client.deleteCause(c.id), `已删除“${c.cause}”`)}>删除</button></td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
