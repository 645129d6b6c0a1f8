// Court documents (文书, issue 18 item 3): the Word templates an admin uploaded in place of the built-in
// defaults (server/templates/documents/*.docx), every version kept (a reset to the default is a version
// without a file), and the documents generated from a case, kept with it (bytes in the database, so a
// backup holds them), each with its version per case and kind, the template version used, who and when.
import type { Knex } from 'knex';

const KINDS = ['delegation_letter', 'pre_litigation_notice', 'session_record', 'mediation_agreement', 'judicial_confirmation_application', 'termination_certificate'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('document_templates', (t) => {
    t.increments('id').primary();
    t.text('kind').notNullable().checkIn(KINDS);
    /** 1, 2, … per kind; the highest is in force. */
    t.integer('version').notNullable();
    /** The .docx; null: back to the built-in default (a reset). */
    t.binary('data');
    t.text('file_name');
    t.text('sha256');
    t.integer('uploaded_by').references('users.id').onDelete('SET NULL');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['kind', 'version']);
  });

  await knex.schema.createTable('case_documents', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(KINDS);
    /** 1, 2, … per case and kind. */
    t.integer('version').notNullable();
    t.text('file_name').notNullable();
    t.integer('size').notNullable();
    t.text('sha256').notNullable();
    t.binary('data').notNullable();
    /** The template version it was made from (0: the built-in default). */
    t.integer('template_version').notNullable();
    t.integer('created_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'kind', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('case_documents');
  await knex.schema.dropTableIfExists('document_templates');
}
