// Demo accounts, one per role plus a dispatcher scoped to 董家河法庭, created once when the users
// table is empty (first start, right after the district load; and the test database). Their
// passwords are public (README): a production start refuses to run while any of them still works.
import type { Knex } from 'knex';
import type { Role } from '../contract/auth.ts';
import { hashPassword, verifyPassword } from '../services/passwords.ts';

export interface DemoAccount {
  username: string;
  password: string;
  display_name: string;
  role: Role;
  /** Scoped to this tribunal (by name). */
  tribunal?: string;
  /** Linked to the first active mediator of the data set. */
  mediator?: true;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', password: 'Demo-admin-2026', display_name: '演示管理员', role: 'admin' },
  { username: 'leader', password: 'Demo-leader-2026', display_name: '演示院领导', role: 'leader' },
  { username: 'dispatcher', password: 'Demo-dispatcher-2026', display_name: '演示分流员', role: 'dispatcher' },
  { username: 'dispatcher_djh', password: 'Demo-djh-2026', display_name: '演示分流员（董家河法庭）', role: 'dispatcher', tribunal: '董家河法庭' },
  { username: 'planner', password: 'Demo-planner-2026', display_name: '演示规划员', role: 'planner' },
  { username: 'mediator', password: 'Demo-mediator-2026', display_name: '演示调解员', role: 'mediator', mediator: true },
];

export const DEMO_DISPATCHER_PHONE = '0376-0000000';

/** Creates the demo accounts when there is no account yet; returns how many were created. */
export async function seedDemoUsers(knex: Knex): Promise<number> {
  const [{ n }] = (await knex('users').count({ n: '*' })) as [{ n: number }];
  if (Number(n) > 0) return 0;
  // Hashing is slow on purpose: do it before the transaction, which holds the one connection.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  const mediator = await knex('mediators').where({ status: 'active' }).orderBy('id').first('id');
  const tribunals = new Map<string, number>(
    (await knex('tribunals').select('id', 'name')).map((t: { id: number; name: string }) => [t.name, t.id]),
  );
  await knex.transaction(async (trx) => {
    if (Number(((await trx('users').count({ n: '*' })) as [{ n: number }])[0].n) > 0) return; // seeded meanwhile
    await trx('users').insert(
      DEMO_ACCOUNTS.map((a, i) => ({
        username: a.username,
        display_name: a.display_name,
        role: a.role,
        tribunal_id: a.tribunal ? (tribunals.get(a.tribunal) ?? null) : null,
        mediator_id: a.mediator ? (mediator?.id ?? null) : null,
        password_hash: hashes[i],
        // An obviously fake work phone, so the mediator's case file can show the call link to the dispatcher.
        phone: a.role === 'dispatcher' ? DEMO_DISPATCHER_PHONE : null,
        is_demo: true,
      })),
    );
  });
  return DEMO_ACCOUNTS.length;
}

/** Active accounts whose demo password still works (checked by a production start). */
export async function accountsWithDemoPasswords(knex: Knex): Promise<string[]> {
  const rows = (await knex('users')
    .whereIn('username', DEMO_ACCOUNTS.map((a) => a.username))
    .andWhere({ active: true })
    .select('username', 'password_hash')) as { username: string; password_hash: string }[];
  const found: string[] = [];
  for (const r of rows) {
    const demo = DEMO_ACCOUNTS.find((a) => a.username === r.username)!;
    if (await verifyPassword(r.password_hash, demo.password)) found.push(r.username);
  }
  return found;
}
