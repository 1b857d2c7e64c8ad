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

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', idHash).execute();
}

/** The live session and its user in one round trip (every browser request asks this). */
export async function findSessionCaller(db: Tx, idHash: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 's.csrf_token', 'u.id', 'u.email', 'u.name'])
    .where('s.id', '=', idHash)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
}
