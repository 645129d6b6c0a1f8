// 专长 tab (issue 17 §4): the specialties vocabulary mediators' specialties are chosen from. The 7
// specialist industries (marked 专业) decide who a dispute of that type goes to; the general ones are
// recorded and searchable. Every registry reader sees the list; admin adds general ones.
import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../server/src/contract/auth.ts';
import type { SpecialtyItem } from '../../../../server/src/contract/specialties.ts';
import { ApiError } from '../../api/client.ts';
import type { RegistryClient } from '../../api/registry.ts';

export function SpecialtiesTab({ client, role, specialties, onChanged }: {
  client: Pick<RegistryClient, 'createSpecialty'>; role: Role; specialties: readonly SpecialtyItem[] | null; onChanged(): void;
}) {
  const admin = role === 'admin';
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const s = await client.createSpecialty({ code: code.trim(), label: label.trim() });
      setMessage(`已添加专长“${s.label}”`);
      setCode('');
      setLabel('');
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '添加失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="registry-body registry-body-wide">
      <section className="registry-list">
        <div className="registry-toolbar">
          <span className="registry-total">共 <b>{specialties?.length ?? 0}</b> 项专长；标“专业”的为行业性专业领域，分派时优先对口</span>
        </div>
        {admin && (
          <form className="registry-toolbar" onSubmit={add} aria-label="添加专长">
            <label>名称<input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="例：婚姻家庭" maxLength={20} required /></label>
            <label>编码<input value={code} onChange={(e) => setCode(e.target.value)} placeholder="例：marriage_family" maxLength={40} required /></label>
            <button type="submit" className="primary-button small" disabled={busy}>添加专长</button>
          </form>
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
        {message && <p className="admin-ok" role="status">{message}</p>}
        <div className="registry-table-wrap">
          <table className="admin-table registry-table" aria-label="专长">
            <thead><tr><th>名称</th><th>编码</th><th>类别</th></tr></thead>
            <tbody>
              {(specialties ?? []).map((s) => (
                <tr key={s.code}><td>{s.label}</td><td>{s.code}</td><td>{s.specialist ? <span className="tag">专业</span> : '一般'}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
