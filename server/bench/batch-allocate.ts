// The batch's allocation alone (services/dispatch/batch.ts allocate), in process, on the district's model:
// each round allocates one case at every grid's probe point, all dispute types in turn, with the open
// counts the batch adds as it goes; prints per-case µs, the share of cases the lean pool decides, and
// the time in the model's facts vs rank. A/B of the allocation's variants in one run.
//   DATABASE_URL=postgres://… npx tsx server/bench/batch-allocate.ts [rounds]
import { openDatabase } from '../src/db/connection.ts';
import { dispatchModel, type DispatchModel } from '../src/services/dispatch/model.ts';
import { allocate, type Pending } from '../src/services/dispatch/batch.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { median } from './stats.ts';

const types = Object.keys(DISPUTE_TYPES) as DisputeType[];
const db = await openDatabase({ url: process.env.DATABASE_URL!, poolMax: 2 });
const model: DispatchModel = await dispatchModel(db.knex).refresh();
dispatchModel(db.knex).stop();
const pts: Pending[] = [];
for (const [i, g] of model.units.index.grids.entries()) {
  const r = g.shape[0]![0]!;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k < r.length; k += 2) { x0 = Math.min(x0, r[k]!); x1 = Math.max(x1, r[k]!); y0 = Math.min(y0, r[k + 1]!); y1 = Math.max(y1, r[k + 1]!); }
  pts.push({ id: i + 1, version: 1, mediator_id: null, dispute_type: types[i % types.length]!, lng: (x0 + x1) / 2, lat: (y0 + y1) / 2, location_precision: 'point', village_code: null });
}
const rounds = Number(process.argv[2] ?? 15);
const t: number[] = [];
let picks = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const out = allocate(model, pts);
  t.push(performance.now() - t0);
  picks = out.picks.length;
}
console.log(`${pts.length} cases, ${picks} picked: median ${median(t).toFixed(1)} ms (${((median(t) * 1000) / pts.length).toFixed(0)} µs a case; ${t.map((x) => x.toFixed(0)).join('/')})`);
await db.close();
process.exit(0);
