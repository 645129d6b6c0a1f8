// Column mapping of an intake file: each field of a case to a column of the file (proposed: the last
// mapping used for these headers, or guessed from the header texts); applying it remembers it.
import { useEffect, useState } from 'react';
import { INTAKE_FIELDS, INTAKE_FIELD_KEYS, type IntakeField, type IntakeMapping, type IntakePreview } from '../../../../server/src/contract/intake.ts';

const SOURCE_LABEL = { remembered: '已沿用上次对这组表头使用的列对应', guessed: '按表头文字自动对应，请核对', set: '已应用并记住此列对应' } as const;

export function MappingPanel({ preview, busy, onApply }: { preview: IntakePreview; busy: boolean; onApply(m: IntakeMapping): void }) {
  const [mapping, setMapping] = useState<IntakeMapping>(preview.mapping);
  useEffect(() => setMapping(preview.mapping), [preview.mapping]);
  const set = (f: IntakeField, v: string) => setMapping((m) => ({ ...m, [f]: v === '' ? null : Number(v) }));
  return (
    <details className="intake-mapping panel" open={preview.mapping_source !== 'remembered' || preview.file_problems.length > 0}>
      <summary>列对应（{SOURCE_LABEL[preview.mapping_source]}）</summary>
      <div className="intake-mapping-grid">
        {INTAKE_FIELD_KEYS.map((f) => (
          <label key={f}>
            {INTAKE_FIELDS[f].label}{INTAKE_FIELDS[f].required ? '*' : ''}
            <select value={mapping[f] ?? ''} onChange={(e) => set(f, e.target.value)} disabled={busy}>
              <option value="">（无）</option>
              {preview.headers.map((h, i) => <option key={i} value={i}>{h || `第 ${i + 1} 列`}</option>)}
            </select>
          </label>
        ))}
      </div>
      <button type="button" className="primary-button small" disabled={busy} onClick={() => onApply(mapping)}>应用列对应并重新检查</button>
    </details>
  );
}
