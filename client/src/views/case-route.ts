// Where a case view is, as its path says: its list (`/dispatch`, `/my-cases`), one case (`/cases/12036`)
// or the new-case form (`/cases/new`). The views take it as a prop and report changes through `onRoute`,
// so tests can render them without a router.
export type CaseRoute = { kind: 'list' } | { kind: 'case'; id: number } | { kind: 'new' };

export type OnCaseRoute = (route: CaseRoute, opts?: { replace?: boolean }) => void;

export const caseRouteKey = (r: CaseRoute) => (r.kind === 'case' ? `case:${r.id}` : r.kind);
