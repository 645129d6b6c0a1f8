// Stale boundary commits (issue 13 §4): one counter of committed boundary changes, for all levels.
//   boundary_revision                       a single row: the counter, bumped by every commit that changes a
//                                           boundary (services/boundaries/commit.ts, under its row lock)
//   import_boundary_previews.boundary_revision  the counter when the preview was made; a commit whose
//                                           preview's number is not the current one is refused (409)
//   import_boundary_features.changed        set by the commit: the feature differs from the unit's current
//                                           boundary and is written (null: not looked at, or not written)
// One counter rather than one per level: a preview's checks read its own level and the level above (outside
// the parent, gaps inside it, the spatial parent), so any level's commit can make them stale; imports are
// rare, so a preview refused after another level's commit costs one re-upload.
// The counter starts at 1 and previews made before this migration read 0: they were never checked, so
// their commit is refused as stale.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('boundary_revision', (t) => {
    t.boolean('id').primary().defaultTo(true);
    t.integer('revision').notNullable();
    t.text('import_id').references('import_boundary_previews.id').onDelete('SET NULL');
    t.timestamp('changed_at', { useTz: true });
  });
  await knex.raw('ALTER TABLE boundary_revision ADD CONSTRAINT boundary_revision_one_row CHECK (id)');
  await knex('boundary_revision').insert({ id: true, revision: 1 });
  await knex.schema.alterTable('import_boundary_previews', (t) => {
    t.integer('boundary_revision').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('import_boundary_features', (t) => {
    t.boolean('changed');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_boundary_features', (t) => { t.dropColumn('changed'); });
  await knex.schema.alterTable('import_boundary_previews', (t) => { t.dropColumn('boundary_revision'); });
  await knex.schema.dropTableIfExists('boundary_revision');
}
