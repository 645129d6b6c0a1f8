// The query-builder types the rest of the server names (a connection, a transaction, a query), exported
// by the one folder that imports knex: code outside db/ imports them from here, never from 'knex'
// (server/test/architecture.test.ts).
export type { Knex } from 'knex';
