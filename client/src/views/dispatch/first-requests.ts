// The GETs 案件分流 makes when it opens, as paths: the app shell starts them as soon as the session is known
// (App.tsx, api/early.ts), so that a fresh page load does not ask only once the view's code (the map
// library) has loaded and its map been created. Kept apart from the view so that the shell can name them
// without loading the view's code.
import { caseListQuery, type CaseListQuery } from '../../api/cases.ts';
import { filterQuery } from '../../api/client.ts';

/** Cases per page of the queue (CaseQueue). */
export const QUEUE_PAGE_SIZE = 20;

/** The queue's first list: 待分流, first page (CaseQueue's initial filters in dispatch mode). */
export const FIRST_QUEUE_QUERY: CaseListQuery = { status: ['pending'], page: 1, page_size: QUEUE_PAGE_SIZE };

/**
 * `usable`: what the view needs to be usable (the district outline, the queue), two small answers asked for
 * with the session, beside the view's code; `rest`: asked for once the code has loaded. The browser opens
 * six connections to the server: more answers waiting beside the 30 files of the view's code held those
 * back (measured: the map library's chunk took 2.2 s instead of 0.6 s at load 15).
 */
export function dispatchFirstRequests(): { usable: string[]; rest: string[] } {
  return {
    usable: [`/api/areas${filterQuery(undefined, { level: 'township' })}`, `/api/cases${caseListQuery(FIRST_QUEUE_QUERY)}`],
    rest: [`/api/areas${filterQuery(undefined, { level: 'village' })}`, '/api/config', '/api/assign/rule'],
  };
}
