import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedTokenDto, ErrorBody, LogoutAllDto, MeDto, MemberAccessDto, MemberDto, OrgDto, OrgSecurityDto } from '@yungang/core';
import { hashSecret } from './auth/secrets.js';
import { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, PASSWORD } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/** Sign-in for organisations (docs/security.md): sign-out everywhere, disabling, IP allow-lists, session limits. */

const login = (t: TestServer, email: string, password = PASSWORD) =>
  fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

/** The sessions row of a signed-in client (its id is the SHA-256 of the cookie's secret). */
const sessionId = (client: ApiClient) => hashSecret(client.cookie!.slice(client.cookie!.indexOf('=') + 1));

async function expect401(client: ApiClient, path: string, message: RegExp): Promise<void> {
  const res = await client.get<ErrorBody>(path);
  expect(res.status, JSON.stringify(res.body)).toBe(401);
  expect(res.body.error.code).toBe('unauthenticated');
  expect(res.body.error.message).toMatch(message);
}

async function auditActions(t: TestServer, orgId: string, action: string) {
  return t.database.system((tx) => tx.selectFrom('audit_log').select(['user_id', 'object_id', 'details']).where('org_id', '=', orgId).where('action', '=', action).execute());
}

describe.each(BACKENDS)('sign-in for organisations on $name', (backend) => {
  let t: TestServer;
  let orgA: string;
  /** Client addresses come from X-Forwarded-For: this server trusts its proxy (YUNGANG_TRUST_PROXY=1). */
  const from = (address: string) => ({ 'x-forwarded-for': address });

  beforeAll(async () => {
    t = await startTestServer(backend, { config: { trustProxy: true } });
    orgA = t.owner.orgId!;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('sign-out everywhere', () => {
    it('ends every session of the caller, keeps API tokens unless asked, and can spare the current session', async () => {
      const laptop = await addMember(t, 'everywhere@example.com', 'annotator');
      const phone = new ApiClient(t.url);
      await phone.login('everywhere@example.com', PASSWORD);
      const tablet = new ApiClient(t.url);
      await tablet.login('everywhere@example.com', PASSWORD);
      const token = await laptop.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'script' });
      const script = new ApiClient(t.url);
      script.bearer = token.token;

      // From the laptop, keeping the laptop: the other two end.
      expect(await laptop.expect<LogoutAllDto>(200, 'POST', '/api/v1/auth/logout-all', { keepCurrentSession: true })).toEqual({ sessionsEnded: 2, tokensRevoked: 0 });
      await laptop.expect(200, 'GET', '/api/v1/auth/me');
      await expect401(phone, '/api/v1/auth/me', /sign in/);
      await expect401(tablet, '/api/v1/projects', /sign in/);
      await script.expect(200, 'GET', '/api/v1/auth/me');

      // Now all of them, and the cookie is cleared.
      const all = await laptop.request<LogoutAllDto>('POST', '/api/v1/auth/logout-all', {});
      expect(all.status).toBe(200);
      expect(all.body).toEqual({ sessionsEnded: 1, tokensRevoked: 0 });
      expect(all.headers.get('set-cookie')).toMatch(/yungang_session=;/);
      await expect401(laptop, '/api/v1/auth/me', /sign in/);
      await script.expect(200, 'GET', '/api/v1/auth/me');

      // A script can do it too, revoking the tokens (its own included).
      await phone.login('everywhere@example.com', PASSWORD);
      expect(await script.expect<LogoutAllDto>(200, 'POST', '/api/v1/auth/logout-all', { revokeTokens: true })).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
      await expect401(script, '/api/v1/auth/me', /unknown or was revoked/);
      await expect401(phone, '/api/v1/auth/me', /sign in/);
    });

    it('needs a signed-in caller', async () => {
      const res = await new ApiClient(t.url).post<ErrorBody>('/api/v1/auth/logout-all', {});
      expect(res.status).toBe(401);
    });
  });

  describe('disabling members', () => {
    it('ends a live session and API token of the member at once, refuses sign-in, and is logged with its reason', async () => {
      const admin = await addMember(t, 'admin@example.com', 'admin');
      const member = await addMember(t, 'leaver@example.com', 'annotator');
      const token = await member.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'cli' });
      const script = new ApiClient(t.url);
      script.bearer = token.token;
      await member.expect(200, 'GET', '/api/v1/projects');
      await script.expect(200, 'GET', '/api/v1/projects');
      const userId = member.me!.user.id;

      const reason = '离职 / left the company';
      const access = await admin.expect<MemberAccessDto>(200, 'POST', `/api/v1/orgs/${orgA}/members/${userId}/disable`, { reason });
      expect(access).toMatchObject({ userId, email: 'leaver@example.com', disabled: true, reason, disabledByEmail: 'admin@example.com' });

      // The very next request of the live session and of the token: 401, saying why.
      await expect401(member, '/api/v1/projects', /disabled/);
      await expect401(member, '/api/v1/auth/me', /disabled/);
      await expect401(script, '/api/v1/projects', /disabled/);
      const refused = await login(t, 'leaver@example.com');
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as ErrorBody).error.message).toMatch(/disabled.*ask an owner or admin/);
      // A wrong password still says only that (nothing tells a guesser the account exists).
      expect(((await (await login(t, 'leaver@example.com', 'wrong-password')).json()) as ErrorBody).error.message).toBe('wrong e-mail or password');

      const list = await admin.expect<MemberAccessDto[]>(200, 'GET', `/api/v1/orgs/${orgA}/members/access`);
      expect(list.find((m) => m.userId === userId)).toMatchObject({ disabled: true, reason });
      // Still a member (history keeps their name); only the access is off.
      expect((await admin.expect<MemberDto[]>(200, 'GET', `/api/v1/orgs/${orgA}/members`)).map((m) => m.user.id)).toContain(userId);
      expect(await auditActions(t, orgA, 'member.disable')).toEqual([{ user_id: admin.me!.user.id, object_id: userId, details: { reason } }]);
      const logged = await t.database.system((tx) => tx.selectFrom('log_entries').select(['kind', 'subject_id']).where('kind', '=', 'member.disable').execute());
      expect(logged).toEqual([{ kind: 'member.disable', subject_id: userId }]);

      // Enabled again: the same session and token work again, and signing in too.
      await admin.expect<MemberAccessDto>(200, 'POST', `/api/v1/orgs/${orgA}/members/${userId}/enable`);
      await script.expect(200, 'GET', '/api/v1/projects');
      await member.expect(200, 'GET', '/api/v1/projects');
      expect((await login(t, 'leaver@example.com')).status).toBe(200);
      expect(await auditActions(t, orgA, 'member.enable')).toHaveLength(1);
    });

    it('applies to one organisation only: the member keeps working in another one', async () => {
      const orgB = (await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' })).id;
      const both = await addMember(t, 'both@example.com', 'annotator');
      await t.owner.expect(201, 'POST', `/api/v1/orgs/${orgB}/members`, { email: 'both@example.com', role: 'annotator' });
      await t.owner.expect(200, 'POST', `/api/v1/orgs/${orgA}/members/${both.me!.user.id}/disable`, { reason: 'moved to B' });

      const inA = await both.request<ErrorBody>('GET', '/api/v1/projects', undefined, { 'x-org-id': orgA });
      expect(inA.status).toBe(401);
      expect(inA.body.error.message).toContain('disabled in organisation "Org A"');
      expect(inA.body.error.message).toContain('moved to B');
      await both.expect(200, 'GET', '/api/v1/projects', undefined, { 'x-org-id': orgB });
      // Without X-Org-Id the first organisation where they are active is picked; /auth/me lists only those.
      both.orgId = null;
      await both.expect(200, 'GET', '/api/v1/projects');
      expect((await both.expect<MeDto>(200, 'GET', '/api/v1/auth/me')).orgs.map((o) => o.id)).toEqual([orgB]);
      expect((await login(t, 'both@example.com')).status).toBe(200);
    });

    it('only owners and admins may do it; an admin cannot disable an owner; nobody disables themselves', async () => {
      const admin = new ApiClient(t.url);
      await admin.login('admin@example.com', PASSWORD);
      const manager = await addMember(t, 'manager@example.com', 'manager');
      const ownerId = t.owner.me!.user.id;
      const target = manager.me!.user.id;

      const byManager = await manager.post<ErrorBody>(`/api/v1/orgs/${orgA}/members/${ownerId}/disable`, { reason: 'coup' });
      expect(byManager.status).toBe(403);
      const onOwner = await admin.post<ErrorBody>(`/api/v1/orgs/${orgA}/members/${ownerId}/disable`, { reason: 'coup' });
      expect(onOwner.status).toBe(403);
      expect(onOwner.body.error.message).toMatch(/admin cannot disable or enable an owner/);
      const self = await admin.post<ErrorBody>(`/api/v1/orgs/${orgA}/members/${admin.me!.user.id}/disable`, { reason: 'oops' });
      expect(self.status).toBe(400);
      expect(self.body.error.message).toMatch(/your own account/);
      const stranger = await admin.post<ErrorBody>(`/api/v1/orgs/${orgA}/members/00000000-0000-4000-8000-000000000000/disable`, { reason: 'x' });
      expect(stranger.status).toBe(404);
      const noReason = await admin.post<ErrorBody>(`/api/v1/orgs/${orgA}/members/${target}/disable`, { reason: '' });
      expect(noReason.status).toBe(400);
      await manager.expect(200, 'GET', '/api/v1/projects');
    });
  });

  describe('IP allow-list', () => {
    const security = `/api/v1/orgs/{org}/security`;
    const path = () => security.replace('{org}', orgA);

    it('lets in addresses on the list (IPv4 and IPv6) and answers 403 naming the address to anyone else', async () => {
      const member = await addMember(t, 'office@example.com', 'annotator');
      const before = await t.owner.expect<OrgSecurityDto>(200, 'GET', path(), undefined, from('203.0.113.9'));
      expect(before).toMatchObject({ ipAllowlist: [], sessionIdleMinutes: null, sessionAbsoluteHours: null, yourAddress: '203.0.113.9', updatedAt: null });

      const saved = await t.owner.expect<OrgSecurityDto>(
        200,
        'PUT',
        path(),
        { ipAllowlist: ['203.0.113.0/24', '2001:DB8::/32', '198.51.100.7'] },
        from('203.0.113.9'),
      );
      expect(saved.ipAllowlist).toEqual(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7/32']);

      await member.expect(200, 'GET', '/api/v1/projects', undefined, from('203.0.113.200'));
      await member.expect(200, 'GET', '/api/v1/projects', undefined, from('2001:db8:1::5'));
      await member.expect(200, 'GET', '/api/v1/projects', undefined, from('198.51.100.7'));
      for (const outside of ['198.51.100.8', '2001:db9::1', '127.0.0.1']) {
        const res = await member.request<ErrorBody>('GET', '/api/v1/projects', undefined, from(outside));
        expect(res.status, outside).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
        expect(res.body.error.message).toContain(`your address ${outside} is not on it`);
      }
      // Without a forwarded address the client is the loopback one: outside the list too.
      expect((await member.get('/api/v1/projects')).status).toBe(403);
      // Owners are not exempt; signing in and the account routes are not tenant requests.
      expect((await t.owner.get('/api/v1/projects')).status).toBe(403);
      await member.expect(200, 'GET', '/api/v1/auth/me', undefined, from('198.51.100.8'));
      await t.owner.expect(200, 'PUT', path(), { ipAllowlist: [] }, from('203.0.113.9'));
      await member.expect(200, 'GET', '/api/v1/projects');
      expect(await auditActions(t, orgA, 'org.security.update')).toHaveLength(2);
    });

    it('refuses a list that would lock out the caller, and entries that are not CIDRs, saying which and how to fix', async () => {
      const lockout = await t.owner.request<ErrorBody>('PUT', path(), { ipAllowlist: ['10.0.0.0/8'] }, from('192.0.2.10'));
      expect(lockout.status).toBe(400);
      expect(lockout.body.error.message).toMatch(/lock you out: your address 192\.0\.2\.10 is not in any of its ranges; add 192\.0\.2\.10/);
      const bad = await t.owner.request<ErrorBody>('PUT', path(), { ipAllowlist: ['10.0.0.0/8', '10.0.0.0/33', 'office'] }, from('10.1.1.1'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
      expect(bad.body.error.details).toEqual({
        issues: [
          { path: 'ipAllowlist[1]', message: expect.stringContaining('prefix length outside 0–32') },
          { path: 'ipAllowlist[2]', message: expect.stringContaining('is not an IPv4 or IPv6 address or CIDR range; write for example') },
        ],
      });
      expect((await t.owner.expect<OrgSecurityDto>(200, 'GET', path())).ipAllowlist).toEqual([]);
      const annotator = new ApiClient(t.url);
      await annotator.login('office@example.com', PASSWORD);
      expect((await annotator.get<ErrorBody>(path())).status).toBe(403);
    });
  });

  describe("an organisation's session limits", () => {
    /**
     * Moves a session's clock below the API: the limits are minutes and hours, the test has seconds. A request's
     * "last seen" write lands beside it, so the ones on their way land first and cannot undo the move.
     */
    const age = async (client: ApiClient, column: 'created_at' | 'last_seen_at', minutes: number) => {
      await t.server.services.auth.touchesSettled();
      await t.database.system((tx) =>
        tx
          .updateTable('sessions')
          .set({ [column]: sql<Date>`now() - make_interval(mins => ${minutes})` })
          .where('id', '=', sessionId(client))
          .execute(),
      );
    };

    it('ends sessions idle longer than the organisation allows, and sessions older than its absolute limit', async () => {
      const member = await addMember(t, 'limits@example.com', 'annotator');
      await t.owner.expect(200, 'PUT', `/api/v1/orgs/${orgA}/security`, { ipAllowlist: [], sessionIdleMinutes: 15, sessionAbsoluteHours: 8 });
      await age(member, 'last_seen_at', 10);
      await member.expect(200, 'GET', '/api/v1/projects');
      await age(member, 'last_seen_at', 16);
      await expect401(member, '/api/v1/projects', /session expired after 15 minutes without activity \(idle limit\)/);
      // The expired session is gone; signing in again with the stale cookie still works.
      await expect401(member, '/api/v1/projects', /sign in first/);
      await member.login('limits@example.com', PASSWORD);
      await age(member, 'created_at', 8 * 60 + 1);
      await expect401(member, '/api/v1/auth/me', /sessions end 8 hours after sign-in \(absolute limit\)/);

      // The default (7 days absolute) would have let it live: back to the defaults, a fresh session survives the same age.
      await t.owner.expect(200, 'PUT', `/api/v1/orgs/${orgA}/security`, { ipAllowlist: [] });
      await member.login('limits@example.com', PASSWORD);
      await age(member, 'created_at', 8 * 60 + 1);
      await member.expect(200, 'GET', '/api/v1/projects');
    });

    it('refuses limits out of range', async () => {
      for (const body of [{ sessionIdleMinutes: 0 }, { sessionIdleMinutes: 1.5 }, { sessionAbsoluteHours: 8761 }]) {
        const res = await t.owner.request<ErrorBody>('PUT', `/api/v1/orgs/${orgA}/security`, { ipAllowlist: [], ...body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.message).toContain(`at body.${Object.keys(body)[0]}`);
      }
    });
  });
});

describe.each(BACKENDS)('session limits from the server configuration on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    // Short limits through config, so the test waits seconds, not minutes.
    t = await startTestServer(backend, { config: { sessionIdleSeconds: 2, sessionAbsoluteSeconds: 6 } });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    // The owner's own session is held to the same short limits.
    await t.owner.login('owner@example.com', 'owner-password');
  });

  it('an idle session expires with a message that says so', async () => {
    const member = await addMember(t, 'idle@example.com', 'viewer');
    const setCookie = (await login(t, 'idle@example.com')).headers.get('set-cookie') ?? '';
    expect(setCookie.toLowerCase()).toContain('max-age=6');
    await member.expect(200, 'GET', '/api/v1/auth/me');
    await sleep(2500);
    await expect401(member, '/api/v1/auth/me', /session expired after 2 seconds without activity \(idle limit\); sign in again/);
  });

  it('a busy session still ends at the absolute limit', async () => {
    const member = await addMember(t, 'busy@example.com', 'viewer');
    const started = Date.now();
    // Activity every ~0.8 s keeps it from idling out (last seen is written every half second at this idle limit).
    while (Date.now() - started < 4000) {
      await member.expect(200, 'GET', '/api/v1/projects');
      await sleep(800);
    }
    await sleep(Math.max(0, 6200 - (Date.now() - started)));
    await expect401(member, '/api/v1/projects', /sessions end 6 seconds after sign-in \(absolute limit\)/);
  });
});
