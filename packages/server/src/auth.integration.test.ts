import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTokenDto, ErrorBody, MeDto, TokenDto } from '@yungang/core';
import { sql } from 'kysely';
import { hashSecret } from './auth/secrets.js';
import { AuthService, THROTTLE, type AuthenticatedCaller } from './services/auth.service.js';
import { ApiClient } from './test-support/api-client.js';
import { BACKENDS, POSTGRES } from './test-support/backends.js';
import { addMember, PASSWORD } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

const login = (t: TestServer, email: string, password: string) =>
  fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

function expectErrorShape(body: unknown, code: ErrorBody['error']['code']): void {
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect((body as ErrorBody).error.message.length).toBeGreaterThan(0);
}

describe.each(BACKENDS)('authentication on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('setup happens once: afterwards it is not needed and a second setup is 409', async () => {
    const anonymous = new ApiClient(t.url);
    expect(await anonymous.expect<{ needed: boolean }>(200, 'GET', '/api/v1/setup')).toEqual({ needed: false });
    const res = await anonymous.post<ErrorBody>('/api/v1/setup', { email: 'second@example.com', password: 'another-password', name: 'Second', orgName: 'Second org' });
    expect(res.status).toBe(409);
    expectErrorShape(res.body, 'conflict');
    expect((await login(t, 'second@example.com', 'another-password')).status).toBe(401);
    // The setup owner is signed in by setup itself.
    const me = await t.owner.expect<MeDto>(200, 'GET', '/api/v1/auth/me');
    expect(me.user.email).toBe('owner@example.com');
    expect(me.orgs).toEqual([expect.objectContaining({ name: 'Org A', role: 'owner' })]);
  });

  it('a wrong password or an unknown e-mail is 401 with the same error shape and message', async () => {
    const wrong = await login(t, 'owner@example.com', 'not-the-password');
    expect(wrong.status).toBe(401);
    const wrongBody = (await wrong.json()) as ErrorBody;
    expectErrorShape(wrongBody, 'unauthenticated');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const unknown = await login(t, 'nobody@example.com', 'whatever-password');
    expect(unknown.status).toBe(401);
    const unknownBody = (await unknown.json()) as ErrorBody;
    expect(unknownBody.error.message).toBe(wrongBody.error.message);
    // Malformed bodies are validation errors, with the same envelope.
    const malformed = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@example.com' }) });
    expect(malformed.status).toBe(400);
    expectErrorShape(await malformed.json(), 'validation_failed');
  });

  it(`throttles an account after ${THROTTLE.perEmail} failures: 429 with Retry-After, even with the right password`, async () => {
    await addMember(t, 'throttled@example.com', 'annotator');
    await addMember(t, 'bystander@example.com', 'annotator');
    for (let i = 0; i < THROTTLE.perEmail; i++) expect((await login(t, 'throttled@example.com', `wrong-${i}`)).status).toBe(401);
    for (const password of ['wrong-again', PASSWORD]) {
      const res = await login(t, 'Throttled@Example.com', password);
      expect(res.status).toBe(429);
      expectErrorShape(await res.json(), 'too_many_requests');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(THROTTLE.windowMs / 1000);
    }
    // Only that account: another one signs in from the same address.
    expect((await login(t, 'bystander@example.com', PASSWORD)).status).toBe(200);
  });

  it('the session cookie is HttpOnly and SameSite=Lax; logout ends the session', async () => {
    await addMember(t, 'cookie@example.com', 'viewer');
    const res = await login(t, 'cookie@example.com', PASSWORD);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const attributes = setCookie.split(';').map((s) => s.trim().toLowerCase());
    expect(attributes[0]).toMatch(/^yungang_session=.{20,}/);
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    // Plain http here: a Secure cookie would never come back.
    expect(attributes).not.toContain('secure');
    const me = (await res.json()) as MeDto;
    expect(me.csrfToken.length).toBeGreaterThan(20);
    expect(JSON.stringify(me)).not.toMatch(/argon2|password/i);

    const client = new ApiClient(t.url);
    client.cookie = setCookie.split(';')[0]!;
    client.csrf = me.csrfToken;
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    const out = await client.request('POST', '/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/yungang_session=;/);
    const after = await client.get<ErrorBody>('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expectErrorShape(after.body, 'unauthenticated');
  });

  it('API tokens: shown once, work as Bearer without a CSRF token, listed without the secret, revoked → 401', async () => {
    const created = await t.owner.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'ci script' });
    expect(created.token).toMatch(/^ygt_[A-Za-z0-9_-]{40,}$/);
    const script = new ApiClient(t.url);
    script.bearer = created.token;
    const me = await script.expect<MeDto>(200, 'GET', '/api/v1/auth/me');
    expect(me.user.email).toBe('owner@example.com');
    await script.expect(201, 'POST', '/api/v1/orgs', { name: 'Made by a script' });
    // "Last used" is written beside the request, not before its answer.
    await t.server.services.auth.touchesSettled();

    const list = await t.owner.expect<TokenDto[]>(200, 'GET', '/api/v1/auth/tokens');
    const listed = list.find((x) => x.id === created.id);
    expect(listed).toEqual({ id: created.id, name: 'ci script', createdAt: created.createdAt, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list)).not.toContain(created.token);
    // Only its hash is stored.
    const stored = await t.database.system((tx) => tx.selectFrom('api_tokens').select('token_hash').where('id', '=', created.id).executeTakeFirstOrThrow());
    expect(stored.token_hash).not.toContain(created.token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    // Somebody else cannot revoke it, and does not learn that it exists.
    const other = await addMember(t, 'token-thief@example.com', 'admin');
    expect((await other.request('DELETE', `/api/v1/auth/tokens/${created.id}`)).status).toBe(404);
    expect((await script.get('/api/v1/auth/me')).status).toBe(200);

    expect((await t.owner.request('DELETE', `/api/v1/auth/tokens/${created.id}`)).status).toBe(204);
    const revoked = await script.get<ErrorBody>('/api/v1/auth/me');
    expect(revoked.status).toBe(401);
    expectErrorShape(revoked.body, 'unauthenticated');
    expect((await t.owner.request('DELETE', `/api/v1/auth/tokens/${created.id}`)).status).toBe(404);
    expect((await t.owner.expect<TokenDto[]>(200, 'GET', '/api/v1/auth/tokens')).map((x) => x.id)).not.toContain(created.id);

    const malformed = new ApiClient(t.url);
    const res = await malformed.request<ErrorBody>('GET', '/api/v1/auth/me', undefined, { authorization: 'Basic b3duZXI6cHc=' });
    expect(res.status).toBe(401);
    expectErrorShape(res.body, 'unauthenticated');
  });

  it('passwords are stored as argon2id hashes, never in clear', async () => {
    await addMember(t, 'hashed@example.com', 'annotator');
    const rows = await t.database.system((tx) => tx.selectFrom('users').select(['email', 'password_hash']).where('email', 'in', ['owner@example.com', 'hashed@example.com']).execute());
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      expect(row.password_hash).not.toContain(PASSWORD);
      expect(row.password_hash).not.toContain('owner-password');
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });

  it('API tokens looked up together (one statement for all) are told apart, and a revoked one among them is refused', async () => {
    const people = ['batch-a@example.com', 'batch-b@example.com', 'batch-c@example.com'];
    const tokens = new Map<string, string>();
    for (const email of people) {
      const member = await addMember(t, email, 'annotator');
      tokens.set(email, (await member.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'batch' })).token);
    }
    const revoked = await t.owner.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'to revoke' });
    await t.owner.expect(204, 'DELETE', `/api/v1/auth/tokens/${revoked.id}`);
    // The service itself, asked in one turn of the event loop: these go as one lookup of several tokens.
    const auth = new AuthService(t.database);
    const asked = [...people, ...people].map((email) => ({ email, token: tokens.get(email) as string }));
    const unknown = ['ygt_not-a-token-at-all', revoked.token];
    const answers = await Promise.all([...asked.map((a) => auth.callerFromToken(a.token)), ...unknown.map((u) => auth.callerFromToken(u))]);
    expect(answers.slice(0, asked.length).map((a) => (a && 'email' in a ? a.email : a))).toEqual(asked.map((a) => a.email));
    expect(answers.slice(asked.length)).toEqual([undefined, undefined]);
    // And over HTTP, many at once: each request acts as its own token's owner.
    const requests = Array.from({ length: 30 }, (_, i) => (i % 7 === 6 ? { email: null, token: revoked.token } : asked[i % asked.length]!));
    const seen = await Promise.all(
      requests.map(async (r) => {
        const client = new ApiClient(t.url);
        client.bearer = r.token;
        const res = await client.get<MeDto>('/api/v1/auth/me');
        return res.status === 200 ? (res.body as MeDto).user.email : res.status;
      }),
    );
    expect(seen).toEqual(requests.map((r) => r.email ?? 401));
  });

  it('browser sessions looked up together (one statement for all) are told apart; an ended one among them is refused, an unknown one is not found', async () => {
    const people = ['sbatch-a@example.com', 'sbatch-b@example.com', 'sbatch-c@example.com'];
    const members = await Promise.all(people.map((email) => addMember(t, email, 'annotator')));
    const cookieOf = (c: ApiClient) => c.cookie!.slice(c.cookie!.indexOf('=') + 1);
    const ending = await addMember(t, 'sbatch-ending@example.com', 'annotator');
    await t.database.system((tx) => tx.updateTable('sessions').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('id', '=', hashSecret(cookieOf(ending))).execute());
    // The service itself, asked in one turn of the event loop: these go as one lookup of several sessions.
    const auth = new AuthService(t.database);
    const asked = [...members, ...members].map((m, i) => ({ email: people[i % people.length]!, cookie: cookieOf(m) }));
    const answers = await Promise.all([...asked.map((a) => auth.callerFromSession(a.cookie)), auth.callerFromSession('not-a-session'), auth.callerFromSession(cookieOf(ending))]);
    expect(answers.slice(0, asked.length).map((a) => (a && 'email' in a ? a.email : a))).toEqual(asked.map((a) => a.email));
    // Each with its own CSRF token and memberships (the tenant resolver uses these instead of reading them again).
    for (const [i, a] of answers.slice(0, asked.length).entries()) {
      const caller = a as AuthenticatedCaller;
      expect(caller.csrfToken).toBe(members[i % members.length]!.csrf);
      expect(caller.access?.map((m) => m.role)).toEqual(['annotator']);
    }
    expect(answers[asked.length]).toBeUndefined();
    expect(answers[asked.length + 1]).toEqual({ refused: expect.stringContaining('expired') });
    // And over HTTP, many at once: each request acts as its own session's owner; the ended one is 401.
    const requests = Array.from({ length: 30 }, (_, i) => (i % 7 === 6 ? { email: null, client: ending } : { email: people[i % people.length]!, client: members[i % members.length]! }));
    const seen = await Promise.all(
      requests.map(async (r) => {
        const res = await fetch(`${t.url}/api/v1/auth/me`, { headers: { cookie: r.client.cookie! } });
        return res.status === 200 ? ((await res.json()) as MeDto).user.email : res.status;
      }),
    );
    expect(seen).toEqual(requests.map((r) => r.email ?? 401));
  });

  it('"last used" and "last seen" writes that come due together are one statement, and ones not due are not written', async () => {
    const people = ['touch-a@example.com', 'touch-b@example.com', 'touch-c@example.com'];
    const members = await Promise.all(people.map((email) => addMember(t, email, 'annotator')));
    const tokens = await Promise.all(members.map((m) => m.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'touch' })));
    const cookies = members.map((m) => m.cookie!.slice(m.cookie!.indexOf('=') + 1));
    const sessionIds = cookies.map((c) => hashSecret(c));
    // Two of each are past the minute between writes; the third was just written.
    await t.database.system(async (tx) => {
      await tx.updateTable('api_tokens').set({ last_used_at: sql<Date>`now() - interval '2 minutes'` }).where('id', 'in', [tokens[0]!.id, tokens[1]!.id]).execute();
      await tx.updateTable('api_tokens').set({ last_used_at: sql<Date>`now()` }).where('id', '=', tokens[2]!.id).execute();
      await tx.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '2 minutes'` }).where('id', 'in', [sessionIds[0]!, sessionIds[1]!]).execute();
      await tx.updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', sessionIds[2]!).execute();
    });
    // xmin: the transaction that wrote the row's current version.
    const versions = () =>
      t.database.system(async (tx) => ({
        tokens: (await sql<{ id: string; x: string; at: Date }>`SELECT id, xmin::text AS x, last_used_at AS at FROM api_tokens WHERE id = ANY(${tokens.map((k) => k.id)}::uuid[])`.execute(tx)).rows,
        sessions: (await sql<{ id: string; x: string; at: Date }>`SELECT id, xmin::text AS x, last_seen_at AS at FROM sessions WHERE id = ANY(${sessionIds}::text[])`.execute(tx)).rows,
      }));
    const before = await versions();
    const auth = new AuthService(t.database);
    const callers = await Promise.all([...tokens.map((k) => auth.callerFromToken(k.token)), ...cookies.map((c) => auth.callerFromSession(c))]);
    expect(callers.map((c) => (c && 'email' in c ? c.email : c))).toEqual([...people, ...people]);
    await auth.touchesSettled();
    const after = await versions();
    for (const [rows, ids, was] of [
      [after.tokens, tokens.map((k) => k.id), before.tokens],
      [after.sessions, sessionIds, before.sessions],
    ] as const) {
      const row = (id: string, from: typeof rows) => from.find((r) => r.id === id)!;
      const [due1, due2, fresh] = ids;
      for (const due of [due1!, due2!]) {
        expect(row(due, rows).x).not.toBe(row(due, was).x);
        expect(row(due, rows).at.getTime()).toBeGreaterThan(row(due, was).at.getTime() + 60_000);
      }
      expect(row(fresh!, rows).x).toBe(row(fresh!, was).x);
    }
    // The tokens were looked up in one statement, so their writes came due in the same turn: one statement, one
    // transaction. (A session is looked up on its own; its write joins others that come due in the same turn.)
    const [a, b] = tokens.map((k) => after.tokens.find((r) => r.id === k.id)!.x);
    expect(a).toBe(b);
  });

  it('signing in again while an old session cookie is still valid needs no CSRF token', async () => {
    const client = await addMember(t, 'relogin@example.com', 'annotator');
    const res = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: client.cookie ?? '' },
      body: JSON.stringify({ email: 'relogin@example.com', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    // Other writes with that cookie still need the token.
    const write = await fetch(`${t.url}/api/v1/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: client.cookie ?? '' }, body: JSON.stringify({ name: 'x' }) });
    expect(write.status).toBe(403);
  });
});

// Only PostgreSQL lets another transaction hold the rows while the lookups run (PGlite has one connection).
describe.skipIf(!POSTGRES)('credential bookkeeping on postgres', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(POSTGRES!);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a request does not wait for its credential\'s "last used" or "last seen" write', async () => {
    const member = await addMember(t, 'touch-wait@example.com', 'annotator');
    const token = await member.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'touch-wait' });
    const cookie = member.cookie!.slice(member.cookie!.indexOf('=') + 1);
    const auth = new AuthService(t.database);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    // Both rows due (committed), then locked by another transaction until the lookups have answered.
    await t.database.db.updateTable('api_tokens').set({ last_used_at: sql<Date>`now() - interval '2 minutes'` }).where('id', '=', token.id).execute();
    await t.database.db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '2 minutes'` }).where('id', '=', hashSecret(cookie)).execute();
    const holder = t.database.system(async (tx) => {
      await sql`SELECT 1 FROM api_tokens WHERE id = ${token.id} FOR UPDATE`.execute(tx);
      await sql`SELECT 1 FROM sessions WHERE id = ${hashSecret(cookie)} FOR UPDATE`.execute(tx);
      locked();
      await released;
    });
    await lockHeld;
    const answered = await Promise.race([
      Promise.all([auth.callerFromToken(token.token), auth.callerFromSession(cookie)]),
      new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5_000)),
    ]);
    release();
    await holder;
    expect(answered).not.toBe('waited');
    expect((answered as (AuthenticatedCaller | undefined)[]).map((c) => c?.email)).toEqual(['touch-wait@example.com', 'touch-wait@example.com']);
    // Once the locks are gone the writes land.
    await auth.touchesSettled();
    const tokenRow = await t.database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', token.id).executeTakeFirstOrThrow();
    const sessionRow = await t.database.db.selectFrom('sessions').select('last_seen_at').where('id', '=', hashSecret(cookie)).executeTakeFirstOrThrow();
    expect(Date.now() - tokenRow.last_used_at!.getTime()).toBeLessThan(60_000);
    expect(Date.now() - sessionRow.last_seen_at.getTime()).toBeLessThan(60_000);
  });
});
