import type { Tx } from '../db/database.js';

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  expires_at: Date;
}

export async function insertSession(tx: Tx, row: SessionRow): Promise<void> {
  await tx.insertInto('sessions').values(row).execute();
}

export async function findLiveSession(tx: Tx, idHash: string): Promise<SessionRow | undefined> {
  return tx
    .selectFrom('sessions')
    .select(['id', 'user_id', 'csrf_token', 'expires_at'])
    .where('id', '=', idHash)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', idHash).execute();
}
