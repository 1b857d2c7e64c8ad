import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
}

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  return tx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash'])
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(tx: Tx, id: string): Promise<UserRow | undefined> {
  return tx.selectFrom('users').select(['id', 'email', 'name', 'password_hash']).where('id', '=', id).executeTakeFirst();
}

export async function insertUser(tx: Tx, user: { id: string; email: string; name: string; passwordHash: string | null }): Promise<void> {
  await tx.insertInto('users').values({ id: user.id, email: user.email.trim(), name: user.name, password_hash: user.passwordHash }).execute();
}

export async function countUsers(tx: Tx): Promise<number> {
  const row = await tx.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** Id only: safe under the request role, which may not read password hashes. */
export async function findUserIdByEmail(tx: Tx, email: string): Promise<string | undefined> {
  const row = await tx.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
  return row?.id;
}
