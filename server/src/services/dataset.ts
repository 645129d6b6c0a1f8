// What data set is loaded: its name, whether it is demo data, and the day its cases end.
import type { Knex } from '../db/types.ts';
import { todayInShanghai } from './period.ts';

export interface DatasetInfo {
  name: string;
  demo: boolean;
  /** The last day of the data (demo cases end there); today for real data. */
  anchor_date: string;
  version: string | null;
}

export async function readDatasetInfo(knex: Knex): Promise<DatasetInfo> {
  const row = await knex('dataset_info').where({ key: 'district' }).first();
  const meta = (row?.value ?? {}) as Record<string, unknown>;
  const demo = meta.dataset === 'shihe-demo' || meta.demo === true;
  return {
    name: String(meta.dataset ?? 'empty'),
    demo,
    anchor_date: typeof meta.anchor_date === 'string' ? meta.anchor_date : todayInShanghai(),
    version: typeof meta.version === 'string' ? meta.version : null,
  };
}
