// The registry mediator picker (admin): type a name, a unit (organisation or work unit) or a phone; the
// matching registry mediators are listed with their kind, unit, phone and the account they already have.
// `multiple`: several may be chosen (bulk accounts); else a choice is one pick.
import { useEffect, useState } from 'react';
import type { MediatorOption } from '../../../../server/src/contract/auth.ts';
import { MEDIATOR_KINDS, MEDIATOR_STATUSES, type MediatorStatus } from '../../../../server/src/contract/vocab.ts';
import { fieldApi, type FieldClient } from '../../api/field.ts';
import { ApiError } from '../../api/client.ts';
import './field.css';

export interface MediatorPickerProps {
  client?: FieldClient;
  /** Only mediators without an account (bulk creation). */
  withoutAccount?: boolean;
  selected?: readonly number[];
  onPick: (m: MediatorOption) => void;
  /** The account being linked: its own mediator is not "taken". */
  forUserId?: number;
  label?: string;
  /** Pause after typing before the search is sent (ms). */
  debounceMs?: number;
}

export function MediatorPicker({ client = fieldApi, withoutAccount, selected = [], onPick, forUserId, label = '查找名册调解员', debounceMs = 250 }: MediatorPickerProps) {
  const [text, setText] = useState('');
  const [items, setItems] = useState<MediatorOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      client.mediatorOptions({ q: text, without_account: withoutAccount, limit: 50 }, ctrl.signal)
        .then((r) => { setItems(r); setError(null); })
        .catch((e) => { if (!ctrl.signal.aborted) setError(e instanceof ApiError ? e.message : '查询失败'); });
    }, debounceMs);
    return () => { clearTimeout(t); ctrl.abort(); };
  }, [client, text, withoutAccount, debounceMs]);

  return (
    <div className="mediator-picker">
      <input type="search" aria-label={label} placeholder="姓名、单位或电话" value={text} onChange={(e) => setText(e.target.value)} />
      {error && <p className="login-error" role="alert">{error}</p>}
      {items && items.length === 0 && <p className="muted">没有匹配的名册调解员{withoutAccount ? '（已有账号的不显示）' : ''}。</p>}
      {items && items.length > 0 && (
        <ul className="mediator-options" role="listbox" aria-label="名册调解员" aria-multiselectable={selected.length > 0 || undefined}>
          {items.map((m) => {
            const taken = m.account !== null && m.account.user_id !== forUserId;
            const isSelected = selected.includes(m.id);
            return (
              <li key={m.id}>
                <button type="button" role="option" aria-selected={isSelected} className="mediator-option" disabled={taken || m.status === 'withdrawn'}
                  data-testid={`mediator-option-${m.id}`} onClick={() => onPick(m)}>
                  <span>{isSelected ? '☑' : '☐'}</span>
                  <span>
                    <strong>{m.name}</strong> <span className="meta">{MEDIATOR_KINDS[m.kind] ?? m.kind}</span>
                    <br />
                    <span className="meta">
                      {[m.unit, m.phone, m.status !== 'active' ? MEDIATOR_STATUSES[m.status as MediatorStatus] : null].filter(Boolean).join(' · ')}
                      {taken ? ` · 已有账号 ${m.account!.username}` : ''}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
