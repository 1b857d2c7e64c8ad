import type { Tx } from '../db/database.js';

export async function getLoginAttempts(tx: Tx, key: string): Promise<{ failures: number; window_start: Date } | undefined> {
  return tx.selectFrom('login_attempts').select(['failures', 'window_start']).where('key', '=', key).executeTakeFirst();
}

/** Counts one failure, starting a new window when the old one is over. */
export async function recordLoginFailure(tx: Tx, key: string, windowStartedBefore: Date): Promise<void> {
  const now = new Date();
  await tx
    .insertInto('login_attempts')
    .values({ key, failures: 1, window_start: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: eb.case().when('login_attempts.window_start', '<', windowStartedBefore).then(1).else(eb('login_attempts.failures', '+', 1)).end(),
        window_start: eb.case().when('login_attempts.window_start', '<', windowStartedBefore).then(now).else(eb.ref('login_attempts.window_start')).end(),
      })),
    )
    .execute();
}

export async function clearLoginFailures(tx: Tx, key: string): Promise<void> {
  await tx.deleteFrom('login_attempts').where('key', '=', key).execute();
}
