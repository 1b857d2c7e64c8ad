import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { MeDto, Role } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { AppError, conflict, notFound, unauthenticated } from '../http/app-error.js';
import { burnPasswordCheck, hashPassword, hashSecret, newSecret, verifyPassword } from '../auth/secrets.js';
import { countUsers, findUserByEmail, findUserById, insertUser } from '../repositories/users.repository.js';
import { deleteSession, deleteSessionsOfUser, findSessionCaller, findSessionCallers, findSessionLimits, insertSession, touchSessions } from '../repositories/sessions.repository.js';
import { deleteApiToken, deleteApiTokensOfUser, findTokenCaller, findTokenCallers, insertApiToken, listApiTokens, touchApiTokens } from '../repositories/api-tokens.repository.js';
import { fromAccessJson, listMembershipAccess, type MembershipAccess } from '../repositories/member-access.repository.js';
import { checkSession, touchIntervalMs, type SessionLimits } from '../auth/session-limits.js';
import { clearLoginFailures, getLoginAttempts, recordLoginFailure } from '../repositories/login-attempts.repository.js';
import { insertMembership, insertOrganization, listMembershipsOfUser } from '../repositories/orgs.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { memberEvent } from '../provenance/log-events.js';
import type { Caller } from './context.js';
import { isUuid } from '../db/ids.js';
import { CredentialTouches } from './credential-touches.js';

/** Used where no configuration is given (the CLI's openapi command, unit tests); the server passes its config. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleSeconds: 120 * 60, absoluteSeconds: 7 * 86_400 };
const TOKEN_TOUCH_MS = 60_000;
/** A member disabled in every organisation they belong to may not act at all (docs/security.md). */
export const ACCOUNT_DISABLED_MESSAGE =
  'your account is disabled in every organisation you belong to, so its sessions and API tokens no longer work; ask an owner or admin of your organisation to enable it';
/** Failed logins allowed per window before the account (or address) is throttled. */
export const THROTTLE = { windowMs: 15 * 60_000, perEmail: 10, perAddress: 100 };

export interface NewSession {
  token: string;
  me: MeDto;
  /** The session's absolute limit: the cookie's Max-Age. */
  maxAgeSeconds: number;
}

/** Why credentials that exist were not accepted (expired session, disabled account): said in the 401. */
export interface Refusal {
  refused: string;
}

export interface AuthenticatedCaller extends Caller {
  via: 'session' | 'token';
  csrfToken: string | null;
  sessionId: string | null;
  /** The caller's memberships, read with the credential (API token or session), so the tenant resolver need not read them again. */
  access?: readonly MembershipAccess[];
}


/**
 * Credential lookups asked for in the same turn of the event loop, as one statement: `one` for a lone lookup (a
 * statement prepared once), `many` for several, keyed by the credential's hash. Nothing is cached: each lookup is
 * read after it was asked for, so a revoked token, an ended session or a disabled member is refused from the next
 * request on.
 */
function lookupBatches<Row>(one: (hash: string) => Promise<Row | undefined>, many: (hashes: readonly string[]) => Promise<Map<string, Row>>) {
  return new DataLoader<string, Row | undefined>(
    async (hashes) => {
      if (hashes.length === 1) return [await one(hashes[0] as string)];
      const rows = await many(hashes);
      return hashes.map((h) => rows.get(h));
    },
    { cache: false, maxBatchSize: 100, batchScheduleFn: (run) => setImmediate(run) },
  );
}

export class AuthService {
  /**
   * Every scripted request starts with an API-token lookup and every browser request with a session lookup; under
   * load a statement of its own per request was one in six of a claim-and-submit pair's, and the browser's path
   * also read the memberships again (issue 10). Both carry the memberships and go batched.
   */
  private readonly tokenCallers = lookupBatches(
    (hash) => findTokenCaller(this.database.db, hash),
    async (hashes) => new Map((await findTokenCallers(this.database.db, hashes)).map(({ token_hash, ...row }) => [token_hash, row])),
  );
  private readonly sessionCallers = lookupBatches(
    (hash) => findSessionCaller(this.database.db, hash, this.sessionDefaults),
    async (hashes) => new Map((await findSessionCallers(this.database.db, hashes, this.sessionDefaults)).map((row) => [row.session_id, row])),
  );
  private readonly tokenTouches = new CredentialTouches('last used', (ids) => touchApiTokens(this.database.db, ids));
  private readonly sessionTouches = new CredentialTouches('last seen', (ids) => touchSessions(this.database.db, ids));

  constructor(
    private readonly database: Database,
    /** The server's default session limits (config); organisations may set their own. */
    readonly sessionDefaults: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {}

  /** Resolves when the "last used" and "last seen" writes asked for so far have landed (shutdown, tests). */
  async touchesSettled(): Promise<void> {
    await Promise.all([this.tokenTouches.settled(), this.sessionTouches.settled()]);
  }

  async setupNeeded(): Promise<boolean> {
    return (await countUsers(this.database.db)) === 0;
  }

  /** First run: the first account becomes owner of a new organisation and is signed in. */
  async setup(input: { email: string; password: string; name: string; orgName: string }): Promise<NewSession> {
    const passwordHash = await hashPassword(input.password);
    return this.database.system(async (tx) => {
      if ((await countUsers(tx)) > 0) throw conflict('setup is already done; sign in instead');
      const userId = await createUserWithOrg(tx, { ...input, passwordHash, role: 'owner' });
      return this.openSession(tx, userId);
    });
  }

  async login(email: string, password: string, address: string): Promise<NewSession> {
    const keys = [`email:${email.trim().toLowerCase()}`, `ip:${address}`];
    await this.assertNotThrottled(keys[0]!, THROTTLE.perEmail, keys[1]!, THROTTLE.perAddress);
    const user = await findUserByEmail(this.database.db, email);
    const ok = user?.password_hash ? await verifyPassword(user.password_hash, password) : (await burnPasswordCheck(password), false);
    if (!user || !ok) {
      const windowStart = new Date(Date.now() - THROTTLE.windowMs);
      await this.database.system(async (tx) => {
        for (const key of keys) await recordLoginFailure(tx, key, windowStart);
      });
      throw unauthenticated('wrong e-mail or password');
    }
    return this.database.system(async (tx) => {
      await clearLoginFailures(tx, keys[0]!);
      // Only after the right password: the refusal says the account exists.
      const memberships = await listMembershipAccess(tx, user.id);
      if (memberships.length > 0 && memberships.every((m) => m.disabled_at !== null)) throw unauthenticated(ACCOUNT_DISABLED_MESSAGE);
      return this.openSession(tx, user.id);
    });
  }

  async logout(sessionId: string): Promise<void> {
    await deleteSession(this.database.db, sessionId);
  }

  /** Sign-out everywhere: ends the caller's sessions (optionally sparing this one) and optionally revokes their API tokens. */
  async logoutAll(caller: AuthenticatedCaller, options: { keepCurrentSession?: boolean | undefined; revokeTokens?: boolean | undefined }) {
    return this.database.system(async (tx) => {
      const keep = options.keepCurrentSession && caller.sessionId ? caller.sessionId : undefined;
      const sessionsEnded = await deleteSessionsOfUser(tx, caller.userId, keep);
      const tokensRevoked = options.revokeTokens ? await deleteApiTokensOfUser(tx, caller.userId) : 0;
      return { sessionsEnded, tokensRevoked };
    });
  }

  /**
   * The caller behind a session cookie: undefined for an unknown cookie, a refusal for a session past its
   * idle or absolute limit (the row is deleted) or a disabled account.
   */
  async callerFromSession(cookieValue: string): Promise<AuthenticatedCaller | Refusal | undefined> {
    const row = await this.sessionCallers.load(hashSecret(cookieValue));
    if (!row) return undefined;
    const access = fromAccessJson(row.access);
    if (access.length > 0 && access.every((m) => m.disabled_at !== null)) return { refused: ACCOUNT_DISABLED_MESSAGE };
    const limits = { idleSeconds: row.idle_seconds ?? this.sessionDefaults.idleSeconds, absoluteSeconds: row.absolute_seconds ?? this.sessionDefaults.absoluteSeconds };
    const expiry = checkSession({ createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }, limits);
    if (expiry.expired) {
      await deleteSession(this.database.db, row.session_id);
      return { refused: expiry.message };
    }
    // Writing on every request would turn each read into a write; the idle limit only needs it now and then.
    this.sessionTouches.dueIfOlder(row.session_id, row.last_seen_at, touchIntervalMs(limits));
    return { userId: row.id, email: row.email, name: row.name, via: 'session', csrfToken: row.csrf_token, sessionId: row.session_id, access };
  }

  async callerFromToken(token: string): Promise<AuthenticatedCaller | Refusal | undefined> {
    const row = await this.tokenCallers.load(hashSecret(token));
    if (!row) return undefined;
    const access = fromAccessJson(row.access);
    // A member disabled in every organisation is refused.
    if (access.length > 0 && access.every((m) => m.disabled_at !== null)) return { refused: ACCOUNT_DISABLED_MESSAGE };
    // "Last used" to the minute is enough; writing it on every request would turn each read into a write.
    this.tokenTouches.dueIfOlder(row.token_id, row.last_used_at, TOKEN_TOUCH_MS);
    return { userId: row.id, email: row.email, name: row.name, via: 'token', csrfToken: null, sessionId: null, access };
  }

  /** The CLI's direct mode acts as a named user. */
  async callerByEmail(email: string): Promise<Caller> {
    const user = await findUserByEmail(this.database.db, email);
    if (!user) throw notFound(`user ${email}`);
    return { userId: user.id, email: user.email, name: user.name };
  }

  async me(caller: AuthenticatedCaller): Promise<MeDto> {
    return buildMe(this.database.db, caller.userId, caller.csrfToken ?? '');
  }

  async createToken(userId: string, name: string) {
    const token = newSecret('ygt_');
    const row = await insertApiToken(this.database.db, { id: randomUUID(), userId, name, tokenHash: hashSecret(token) });
    return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), token };
  }

  async listTokens(userId: string) {
    const rows = await listApiTokens(this.database.db, userId);
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null }));
  }

  async deleteToken(userId: string, id: string): Promise<void> {
    const deleted = isUuid(id) && (await deleteApiToken(this.database.db, userId, id));
    if (!deleted) throw notFound('token');
  }

  /** Admin path (CLI): creates the user if needed, the organisation if needed, and the membership. */
  async createUser(input: { email: string; password: string; name?: string | undefined; orgName: string; role: Role }): Promise<{ userId: string; orgId: string }> {
    const passwordHash = await hashPassword(input.password);
    return this.database.system(async (tx) => {
      if (await findUserByEmail(tx, input.email)) throw conflict(`a user with e-mail ${input.email} already exists`);
      const userId = await createUserWithOrg(tx, { email: input.email, name: input.name ?? input.email.split('@')[0] ?? input.email, passwordHash, orgName: input.orgName, role: input.role });
      const orgs = await listMembershipsOfUser(tx, userId);
      return { userId, orgId: orgs[0]!.org_id };
    });
  }

  /**
   * A session for someone another party vouched for (single sign-on, `oidc.service.ts`): the same cookie,
   * CSRF token and session limits as a password sign-in, so nothing downstream tells them apart.
   */
  async openSessionFor(tx: Tx, userId: string): Promise<NewSession> {
    return this.openSession(tx, userId);
  }

  private async openSession(tx: Tx, userId: string): Promise<NewSession> {
    const token = newSecret();
    const csrfToken = newSecret();
    const limits = await findSessionLimits(tx, userId, this.sessionDefaults);
    const maxAgeSeconds = Math.max(1, Math.floor(limits?.absolute_seconds ?? this.sessionDefaults.absoluteSeconds));
    await insertSession(tx, { id: hashSecret(token), user_id: userId, csrf_token: csrfToken, expires_at: new Date(Date.now() + maxAgeSeconds * 1000) });
    return { token, me: await buildMe(tx, userId, csrfToken), maxAgeSeconds };
  }

  private async assertNotThrottled(...limits: [string, number, string, number]): Promise<void> {
    const [k1, max1, k2, max2] = limits;
    const windowStart = Date.now() - THROTTLE.windowMs;
    await this.database.system(async (tx) => {
      for (const [key, max] of [[k1, max1], [k2, max2]] as const) {
        const row = await getLoginAttempts(tx, key);
        if (row && row.window_start.getTime() > windowStart && row.failures >= max) {
          const retryAfter = Math.ceil((row.window_start.getTime() + THROTTLE.windowMs - Date.now()) / 1000);
          throw new AppError('too_many_requests', `too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} minutes`, { retryAfterSeconds: retryAfter }, retryAfter);
        }
      }
    });
  }
}

async function createUserWithOrg(
  tx: Tx,
  input: { email: string; name: string; passwordHash: string; orgName: string; role: Role },
): Promise<string> {
  const userId = randomUUID();
  await insertUser(tx, { id: userId, email: input.email, name: input.name, passwordHash: input.passwordHash });
  const existing = await tx.selectFrom('organizations').select('id').where('name', '=', input.orgName).orderBy('created_at').executeTakeFirst();
  const orgId = existing?.id ?? (await insertOrganization(tx, { id: randomUUID(), name: input.orgName })).id;
  await insertMembership(tx, { orgId, userId, role: input.role });
  await appendLogEvent(tx, memberEvent({ orgId, actorId: userId }, { kind: existing ? 'member.add' : 'org.create', userId, role: input.role }));
  return userId;
}

async function buildMe(tx: Tx, userId: string, csrfToken: string): Promise<MeDto> {
  const user = await findUserById(tx, userId);
  if (!user) throw unauthenticated();
  const orgs = await listMembershipsOfUser(tx, userId);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    orgs: orgs.map((m) => ({ id: m.org_id, name: m.org_name, role: m.role })),
    csrfToken,
  };
}
