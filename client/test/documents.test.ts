// The client side of the court documents: the print view's path and which kinds the case file offers.
import { describe, expect, it } from 'vitest';
import { parsePath, pathOf } from '../src/router.ts';
import { printPath } from '../src/views/documents/print-path.ts';
import { kindsFor } from '../src/views/documents/CaseDocuments.tsx';

describe('documents in the client', () => {
  it('the print view has its own path, parsed back', () => {
    const p = printPath(12036, 'delegation_letter');
    expect(p).toBe('/cases/12036/print/delegation_letter');
    expect(parsePath(p)).toEqual({ kind: 'print', id: 12036, doc: 'delegation_letter' });
    expect(pathOf(parsePath(p))).toBe(p);
    expect(parsePath('/cases/12036')).toEqual({ kind: 'case', id: 12036 });
  });

  it('offers the kinds that fit the case (the server checks again)', () => {
    expect(kindsFor('pending', false)).toEqual([]);
    expect(kindsFor('mediating', true)).toEqual(['delegation_letter', 'pre_litigation_notice', 'session_record']);
    expect(kindsFor('settled', true)).toContain('judicial_confirmation_application');
    expect(kindsFor('failed', true)).toContain('termination_certificate');
    expect(kindsFor('failed', true)).not.toContain('mediation_agreement');
  });
});
