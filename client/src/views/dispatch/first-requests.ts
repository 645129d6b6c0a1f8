// The GETs 案件分流 makes when it opens, as paths: on a fresh page load the app shell starts them as soon as
// the view's code has loaded (App.tsx, api/early.ts), not only once the view has rendered and created its
// map. Kept apart from the view so that the shell can name them without loading the view's code.
import { caseListQuery, type CaseListQuery } from '../../api/cases.ts';
import { filterQuery } from '../../api/client.ts';

/** Cases per page of the queue (CaseQueue). */
export const QUEUE_PAGE_SIZE = 20;

/** The queue's first list: 待分流, first page (CaseQueue's initial filters in dispatch mode). */
export const FIRST_QUEUE_QUERY: CaseListQuery = { status: ['pending'], page: 1, page_size: QUEUE_PAGE_SIZE };

/** In the order the view needs them: the district outline and the queue make it usable. */
export function dispatchFirstRequests(): string[] {
  return [
    `/api/areas${filterQuery(undefined, { level: 'township' })}`,
    `/api/cases${caseListQuery(FIRST_QUEUE_QUERY)}`,
    `/api/areas${filterQuery(undefined, { level: 'village' })}`,
    '/api/config',
    '/api/assign/rule',
  ];
}
