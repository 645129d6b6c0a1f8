// Bulk intake of cases (批量导入案件, issue 18 item 2):
// - intake_causes: the court's causes of action (案由) → the system's dispute type, seeded with the
//   common civil causes and edited by admins (a cause not in the table is flagged on its row);
// - intake_mappings: the last column mapping used for a file's header set, proposed for the next file
//   with the same headers;
// - intake_uploads: an uploaded file's rows as read, the mapping and the dispatcher's per-row fixes,
//   so preview → fixes → commit refer to it by id; it expires, and a commit removes it;
// - cases.registered_on: the day the court registered the case (登记日期), kept as the file says it.
import type { Knex } from 'knex';

/** [cause, dispute type (contract/vocab.ts DISPUTE_TYPES)]. */
const SEED: [string, string][] = [
  ['民间借贷纠纷', 'debt'],
  ['物业服务合同纠纷', 'property'],
  ['机动车交通事故责任纠纷', 'traffic'],
  ['劳动争议', 'labour'],
  ['医疗损害责任纠纷', 'medical'],
  ['离婚纠纷', 'marriage_family'],
  ['相邻关系纠纷', 'neighbour'],
  ['买卖合同纠纷', 'contract'],
  ['房屋租赁合同纠纷', 'contract'],
  ['婚约财产纠纷', 'marriage_family'],
  ['继承纠纷', 'marriage_family'],
  ['法定继承纠纷', 'marriage_family'],
  ['赡养纠纷', 'marriage_family'],
  ['抚养纠纷', 'marriage_family'],
  ['离婚后财产纠纷', 'marriage_family'],
  ['追索劳动报酬纠纷', 'labour'],
  ['劳务合同纠纷', 'labour'],
  ['土地承包经营权纠纷', 'land'],
  ['农村土地承包合同纠纷', 'land'],
  ['提供劳务者受害责任纠纷', 'damages'],
  ['生命权、身体权、健康权纠纷', 'damages'],
  ['财产损害赔偿纠纷', 'damages'],
  ['物权保护纠纷', 'land'],
  ['侵权责任纠纷', 'damages'],
  ['合同纠纷', 'contract'],
  ['金融借款合同纠纷', 'debt'],
  ['信用卡纠纷', 'debt'],
  ['建设工程施工合同纠纷', 'contract'],
  ['服务合同纠纷', 'contract'],
  ['运输合同纠纷', 'logistics'],
  ['环境污染责任纠纷', 'environment'],
  ['排除妨害纠纷', 'neighbour'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('intake_causes', (t) => {
    t.increments('id').primary();
    t.text('cause').notNullable().unique();
    t.text('dispute_type').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('intake_causes').insert(SEED.map(([cause, dispute_type]) => ({ cause, dispute_type })));
  await knex.schema.createTable('intake_mappings', (t) => {
    t.text('header_key').primary(); // sha256 of the sorted, cleaned header texts
    t.jsonb('mapping').notNullable();
    t.integer('updated_by').references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('intake_uploads', (t) => {
    t.uuid('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('file_name').notNullable();
    t.jsonb('headers').notNullable();
    t.jsonb('rows').notNullable(); // [{ row, cells: string[] }] as read
    t.jsonb('mapping').notNullable();
    t.jsonb('fixes').notNullable(); // { [row]: { lng, lat, place_code, dispute_type, excluded } }
    t.integer('row_count').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
  });
  await knex.schema.alterTable('cases', (t) => {
    t.date('registered_on');
    t.uuid('intake_id'); // the upload a case came in with (no reference: the upload is removed at commit)
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('registered_on');
    t.dropColumn('intake_id');
  });
  await knex.schema.dropTableIfExists('intake_uploads');
  await knex.schema.dropTableIfExists('intake_mappings');
  await knex.schema.dropTableIfExists('intake_causes');
}
