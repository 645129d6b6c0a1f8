// The print view's path: /cases/<id>/print/<kind> (router.ts parses it; App.tsx shows it without the shell).
import type { DocumentKind } from '../../../../server/src/contract/documents.ts';

export const printPath = (caseId: number, kind: DocumentKind) => `/cases/${caseId}/print/${kind}`;
