// The batch's write statement alone (db/sql/batch-write.sql), PostgreSQL, A/B in one run: per round and per
// variant, in a transaction rolled back: `count` fresh pending cases inserted (as server/bench/dispatch.ts
// does), the variant applied (an index dropped — DDL is transactional —, fillfactor), then
// the write for 789 cases (one per grid) with numbers, timed from the client (PLAN=1: EXPLAIN (ANALYZE, BUFFERS) of the last round instead). Rounds interleave the variants so the
// machine's load falls on all of them alike; medians of the execution time.
//   DATABASE_URL=postgres://… npx tsx server/bench/batch-write.ts [rounds] [variant …]
// Variants: all (no change), -<index name> (that index dropped), ff<N> (fillfactor N before the insert),
// -all2nd (every secondary index dropped: the floor of what indexes cost), nofk (the mediator FK dropped).
import knexFactory from 'knex';
import { bindNamed, loadSql } from '../src/db/sql.ts';
import { numberArrays, formatCaseNumber } from '../src/services/case-numbers.ts';
import { median } from './stats.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL');
const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 1, max: 1 } });
const rounds = Number(process.argv[2] ?? 5);
const variants = process.argv.slice(3).length ? process.argv.slice(3) : ['all'];
const SECONDARY = ['cases_created_at_index', 'cases_grid_code_created_at_index', 'cases_location_gist', 'cases_mediator_id_status_index', 'cases_open_deadline',
  'cases_pending_created', 'cases_source_created_at_index', 'cases_status_index', 'cases_township_code_created_at_index', 'cases_village_code_created_at_index'];
const TYPES = ['neighbour', 'family', 'labour', 'traffic', 'medical', 'property', 'contract', 'other'];
class Rollback extends Error {}

const times = new Map<string, number[]>(variants.map((v) => [v, []]));
let lastPlan = new Map<string, string>();
await knex.raw('VACUUM ANALYZE cases, case_assignments, case_events');
for (let r = 0; r < rounds; r++) {
  for (const v of variants) {
    await knex.raw('VACUUM cases, case_assignments, case_events'); // the rolled-back rounds' dead rows and index entries
    await knex.transaction(async (trx) => {
      if (v.startsWith('ff')) await trx.raw(`ALTER TABLE cases SET (fillfactor = ${Number(v.slice(2))})`);
      await trx.raw(`INSERT INTO cases (title, dispute_type, status, location)
                     SELECT '压测案件', (ARRAY[${TYPES.map((t) => `'${t}'`).join(',')}])[1 + (row_number() OVER () % 8)::int], 'pending', ST_PointOnSurface(geom) FROM grids ORDER BY code LIMIT 845`);
      if (v === '-all2nd') for (const i of SECONDARY) await trx.raw(`DROP INDEX IF EXISTS ${i}`);
      else if (v === 'nofk') await trx.raw('ALTER TABLE cases DROP CONSTRAINT cases_mediator_id_foreign');
      else if (v.startsWith('-')) await trx.raw(`DROP INDEX IF EXISTS ${v.slice(1)}`);
      const cases = (await trx.raw(`SELECT id, version FROM cases WHERE status = 'pending' AND title = '压测案件' ORDER BY id LIMIT 844`)).rows as { id: number; version: number }[];
      const meds = ((await trx.raw(`SELECT id FROM mediators WHERE status = 'active' ORDER BY id`)).rows as { id: number }[]).map((m) => m.id);
      const arr = (xs: (number | null)[]) => `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;
      const { sql, values } = bindNamed(loadSql('batch-write'), {
        case_ids: arr(cases.map((c) => c.id)), versions: arr(cases.map((c) => c.version)), mediator_ids: arr(cases.map((_c, i) => meds[(i * 7) % meds.length]!)),
        previous: arr(cases.map(() => null)), tiers: arr(cases.map((_c, i) => 1 + (i % 5))), distances: arr(cases.map((_c, i) => 100 + i)),
        ...numberArrays(cases.map((_c, i) => ({ case_number: formatCaseNumber(2080, '豫1502', '民诉前调', i + 1), case_number_year: 2080, case_number_seq: i + 1 }))),
        deadline_days: 30, actor_id: 1, actor_name: 'admin',
      });
      if (process.env.PLAN && r === rounds - 1) {
        lastPlan.set(v, ((await trx.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values as never[])).rows as { 'QUERY PLAN': string }[]).map((x) => x['QUERY PLAN']).join('\n'));
      } else {
        const t = performance.now();
        await trx.raw(sql, values as never[]);
        times.get(v)!.push(performance.now() - t);
      }
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  }
}
if (process.env.PLAN) for (const [v, p] of lastPlan) console.log(`--- ${v}\n${p}`);
for (const [v, t] of times) if (t.length) console.log(`${v.padEnd(40)} median ${median(t).toFixed(1)} ms  (${t.map((x) => x.toFixed(0)).join('/')})`);
lastPlan = new Map();
await knex.destroy();
