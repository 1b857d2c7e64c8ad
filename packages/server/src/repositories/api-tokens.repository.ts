import type { Tx } from '../db/database.js';

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

/** Finds the token by hash and stamps its last use in the same statement. */
export async function useApiToken(tx: Tx, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return tx
    .updateTable('api_tokens')
    .set({ last_used_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .returning(['id', 'user_id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirst();
}

export async function listApiTokens(tx: Tx, userId: string): Promise<ApiTokenRow[]> {
  return tx.selectFrom('api_tokens').select(['id', 'user_id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function deleteApiToken(tx: Tx, userId: string, id: string): Promise<boolean> {
  const result = await tx.deleteFrom('api_tokens').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
