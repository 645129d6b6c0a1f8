// Planning (issue 6): coverage settings and saved what-if scenarios.
// (Scaffold: filled in by the work.)
import type { Knex } from 'knex';

export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
