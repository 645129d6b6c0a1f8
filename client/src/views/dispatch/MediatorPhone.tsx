// The phone of a mediator, read from the registry (GET /api/mediators/:id), which decides by role how
// much of it shows (services/registry/common.ts: dispatcher and admin in full, others masked).
import { useEffect, useState } from 'react';
import type { RegistryClient } from '../../api/registry.ts';

export type MediatorReader = Pick<RegistryClient, 'mediator'>;

export function MediatorPhone({ id, registry, label = '联系电话' }: { id: number; registry: MediatorReader; label?: string }) {
  const [got, setGot] = useState<{ id: number; phone: string | null; masked: boolean } | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    registry.mediator(id, ctrl.signal).then(
      (m) => { if (!ctrl.signal.aborted) setGot({ id, phone: m.phone, masked: m.phone_masked }); },
      () => { if (!ctrl.signal.aborted) setGot({ id, phone: null, masked: false }); },
    );
    return () => ctrl.abort();
  }, [id, registry]);
  if (!got || got.id !== id || !got.phone) return null;
  return (
    <span className="mediator-phone" data-testid="mediator-phone">
      {label}：{got.masked ? got.phone : <a href={`tel:${got.phone.replace(/[^\d+]/g, '')}`}>{got.phone}</a>}
    </span>
  );
}
