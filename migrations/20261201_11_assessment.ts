// Assessment (issue 7): training, legal publicity, schools and enterprises.
// (Scaffold: filled in by the work.)
import type { Knex } from 'knex';

export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
