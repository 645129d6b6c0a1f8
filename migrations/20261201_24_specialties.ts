// Specialties (专长) as a vocabulary admins can extend (issue 17 §4). The 7 specialist industries
// (contract/vocab.ts SPECIALTIES, the ones the assignment rule matches) are marked `specialist`; the
// general ones (婚姻家庭 …) are accepted on mediators but never change who a dispute goes to.
import type { Knex } from 'knex';

const SEED: [string, string, boolean][] = [
  ['medical', '医疗纠纷', true],
  ['traffic', '道路交通事故', true],
  ['labour', '劳动争议', true],
  ['property', '物业管理', true],
  ['logistics', '物流', true],
  ['environment', '环境保护', true],
  ['commercial', '商事(商业区)', true],
  ['marriage_family', '婚姻家庭', false],
  ['neighbour', '邻里纠纷', false],
  ['land', '土地承包', false],
  ['debt', '民间借贷', false],
  ['contract', '合同纠纷', false],
  ['damages', '损害赔偿', false],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('specialties', (t) => {
    t.text('code').primary();
    t.text('label').notNullable().unique();
    t.boolean('specialist').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('specialties').insert(SEED.map(([code, label, specialist]) => ({ code, label, specialist })));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('specialties');
}
