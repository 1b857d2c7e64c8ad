import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { compiledOnce } from '../db/compiled-once.js';
import { membershipAccessJson } from './member-access.repository.js';

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

export async function insertApiToken(tx: Tx, row: { id: string; userId: string; name: string; tokenHash: string }): Promise<ApiTokenRow> {
  return tx
    .insertInto('api_tokens')
    .values({ id: row.id, user_id: row.userId, name: row.name, token_hash: row.tokenHash })
    .returning(['id', 'user_id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
}

/** The token's owner and their memberships in one round trip (every scripted request asks this). */
export async function findTokenCaller(db: Tx, tokenHash: string) {
  return (await db.executeQuery(tokenCaller(db, tokenHash))).rows[0];
}

/**
 * `findTokenCaller` for several tokens in one statement: the owner of each token found, with the token's hash to
 * tell them apart. Unknown tokens have no row. The API's token lookups that arrive together go as one of these
 * (`AuthService`, issue 10).
 */
export async function findTokenCallers(db: Tx, tokenHashes: readonly string[]) {
  return tokenCallers(db).select('t.token_hash').where('t.token_hash', '=', sql<string>`ANY(${[...tokenHashes]}::text[])`).execute();
}

const tokenCallers = (db: Tx) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id as token_id',
      't.last_used_at',
      'u.id',
      'u.email',
      'u.name',
      // The owner's memberships (whether they may still act anywhere, and where): the tenant resolver
      // uses them, so a scripted request reads them here instead of in a statement of its own.
      membershipAccessJson(sql.ref('u.id')).as('access'),
    ]);

// Compiled once: every scripted request runs it (issue 10).
const tokenCaller = compiledOnce((db: Tx, tokenHash: string) => tokenCallers(db).where('t.token_hash', '=', tokenHash).compile());

/** Revokes every token of a user (sign-out everywhere); returns how many. */
export async function deleteApiTokensOfUser(tx: Tx, userId: string): Promise<number> {
  const result = await tx.deleteFrom('api_tokens').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Marks tokens used now, in one statement. The rows are locked in id order first, so two processes touching
 * overlapping sets wait for each other instead of deadlocking.
 */
export async function touchApiTokens(db: Tx, ids: readonly string[]): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date() })
    .where('id', 'in', (q) => q.selectFrom('api_tokens').select('id').where('id', 'in', [...ids]).orderBy('id').forUpdate())
    .execute();
}

export async function listApiTokens(tx: Tx, userId: string): Promise<ApiTokenRow[]> {
  return tx.selectFrom('api_tokens').select(['id', 'user_id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function deleteApiToken(tx: Tx, userId: string, id: string): Promise<boolean> {
  const result = await tx.deleteFrom('api_tokens').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
