import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody, MeDto, OrgSsoDto } from '@yungang/core';
import { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember } from './test-support/helpers.js';
import { startOidcProvider, type ProviderUser, type Tamper, type TestOidcProvider } from './test-support/oidc-provider.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/** Single sign-on per organisation with OpenID Connect (docs/security.md), against a provider on loopback. */

interface SsoResult {
  status: number;
  location: string | null;
  error: ErrorBody['error'] | null;
  /** A client holding the new session, when the sign-in succeeded. */
  client: ApiClient | null;
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

async function readError(res: Response): Promise<ErrorBody['error'] | null> {
  const text = await res.text();
  return (res.headers.get('content-type') ?? '').includes('application/json') && text ? (JSON.parse(text) as ErrorBody).error : null;
}

/** The browser's walk: start → provider → callback. `editCallback` may change the callback URL or the state cookie (attacks). */
async function ssoSignIn(
  t: TestServer,
  org: string,
  opts: { headers?: Record<string, string>; returnTo?: string; editCallback?: (url: URL, stateCookie: string) => { url: URL; stateCookie: string | null } } = {},
): Promise<SsoResult> {
  const headers = opts.headers ?? {};
  const start = await fetch(`${t.url}/api/v1/auth/oidc/${org}/start${opts.returnTo ? `?returnTo=${encodeURIComponent(opts.returnTo)}` : ''}`, { headers, redirect: 'manual' });
  if (start.status !== 302) return { status: start.status, location: null, error: await readError(start), client: null };
  const stateCookie = cookieOf(start, 'yungang_oidc_state')!;
  expect(stateCookie).toBeDefined();
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  let callback = new URL(atProvider.headers.get('location')!);
  let cookie: string | null = stateCookie;
  if (opts.editCallback) ({ url: callback, stateCookie: cookie } = opts.editCallback(callback, stateCookie));
  const res = await fetch(callback, { headers: { ...headers, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
  const session = cookieOf(res, 'yungang_session');
  if (res.status !== 302 || !session) return { status: res.status, location: res.headers.get('location'), error: await readError(res), client: null };
  const client = new ApiClient(t.url);
  client.cookie = session;
  return { status: res.status, location: res.headers.get('location'), error: null, client };
}

describe.each(BACKENDS)('single sign-on (OIDC) on $name', (backend) => {
  let t: TestServer;
  let orgA: string;
  let provider: TestOidcProvider;
  const person = (email: string, extra: Partial<ProviderUser> = {}): ProviderUser => ({ sub: `sub-${email}`, email, email_verified: true, name: email.split('@')[0]!, ...extra });
  const configure = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.owner.request<OrgSsoDto & ErrorBody>('PUT', `/api/v1/orgs/${orgA}/sso`, { issuer: provider.issuer, clientId: provider.clientId, ...body }, headers);
  const auditRows = (action: string) =>
    t.database.system((tx) => tx.selectFrom('audit_log').select(['user_id', 'details', 'address']).where('org_id', '=', orgA).where('action', '=', action).orderBy('id').execute());

  beforeAll(async () => {
    t = await startTestServer(backend, { config: { trustProxy: true } });
    orgA = t.owner.orgId!;
    provider = await startOidcProvider({ user: person('first@corp.example') });
  });
  afterAll(async () => {
    await provider?.close();
    await t?.close();
  });
  beforeEach(() => {
    provider.tamper = {};
  });

  it('owners set the provider; the secret is required once and never returned', async () => {
    const before = await t.owner.expect<OrgSsoDto>(200, 'GET', `/api/v1/orgs/${orgA}/sso`);
    expect(before).toMatchObject({ configured: false, hasSecret: false });
    const noSecret = await configure({});
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.message).toMatch(/clientSecret is required/);
    const plainHttp = await configure({ issuer: 'http://idp.example.com', clientSecret: 's' });
    expect(plainHttp.status).toBe(400);
    expect(plainHttp.body.error.message).toMatch(/must use https/);

    const saved = await configure({ clientSecret: provider.clientSecret, slug: 'org-a', jitProvisioning: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ configured: true, enabled: true, slug: 'org-a', hasSecret: true, defaultRole: 'annotator', jitProvisioning: true, allowedDomains: [] });
    expect(JSON.stringify(saved.body)).not.toContain(provider.clientSecret);
    expect(saved.body.redirectUri).toBe(`${t.url}/api/v1/auth/oidc/callback`);
    // Saving again without a secret keeps it.
    expect((await configure({ slug: 'org-a', jitProvisioning: true })).body.hasSecret).toBe(true);
    const audit = await auditRows('org.sso.update');
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit)).not.toContain(provider.clientSecret);

    // An annotator may not read or change it.
    const annotator = await addMember(t, 'plain-annotator@corp.example', 'annotator');
    expect((await annotator.get(`/api/v1/orgs/${orgA}/sso`)).status).toBe(403);
  });

  it('a full sign-in creates the account just in time and a normal session that calls /auth/me', async () => {
    provider.user = person('newcomer@corp.example');
    const result = await ssoSignIn(t, 'org-a', { returnTo: '/projects' });
    expect(result.error).toBeNull();
    expect(result.location).toBe('/projects');
    const me = await result.client!.expect<MeDto>(200, 'GET', '/api/v1/auth/me');
    expect(me.user.email).toBe('newcomer@corp.example');
    expect(me.orgs).toEqual([{ id: orgA, name: 'Org A', role: 'annotator' }]);
    expect(me.csrfToken.length).toBeGreaterThan(10);
    // The session is an ordinary one: writes need its CSRF token.
    result.client!.csrf = me.csrfToken;
    await result.client!.expect(201, 'POST', '/api/v1/auth/tokens', { name: 'after sso' });

    // Signing in again (by id this time) finds the same account; both sign-ins are in the audit log.
    const again = await ssoSignIn(t, orgA, { headers: { 'x-forwarded-for': '198.51.100.9' } });
    expect((await again.client!.expect<MeDto>(200, 'GET', '/api/v1/auth/me')).user.id).toBe(me.user.id);
    const logins = await auditRows('auth.sso.login');
    expect(logins.map((r) => (r.details as { created: string | null }).created)).toEqual(['account', null]);
    expect(logins[1]!.address).toBe('198.51.100.9');
    expect(logins.every((r) => r.user_id === me.user.id)).toBe(true);
    // An open redirect is not possible: a returnTo off this site lands on the app's start.
    expect((await ssoSignIn(t, 'org-a', { returnTo: '//evil.example/x' })).location).toBe('/');
  });

  it('an existing password account signs in as itself', async () => {
    const member = await addMember(t, 'existing@corp.example', 'reviewer');
    const own = await member.expect<MeDto>(200, 'GET', '/api/v1/auth/me');
    provider.user = person('Existing@corp.example');
    const result = await ssoSignIn(t, 'org-a');
    const me = await result.client!.expect<MeDto>(200, 'GET', '/api/v1/auth/me');
    expect(me.user.id).toBe(own.user.id);
    expect(me.orgs[0]!.role).toBe('reviewer');
  });

  it('refuses a wrong or replayed state, a callback from another browser and a provider error', async () => {
    provider.user = person('first@corp.example');
    const otherBrowser = await ssoSignIn(t, 'org-a', { editCallback: (url) => ({ url, stateCookie: null }) });
    expect(otherBrowser.status).toBe(400);
    expect(otherBrowser.error!.message).toMatch(/not started in this browser/);
    const wrongState = await ssoSignIn(t, 'org-a', {
      editCallback: (url) => {
        url.searchParams.set('state', 'forged-state');
        return { url, stateCookie: 'yungang_oidc_state=forged-state' };
      },
    });
    expect(wrongState.status).toBe(400);
    expect(wrongState.error!.message).toMatch(/unknown or was already used/);
    let replay: { url: URL; cookie: string } | undefined;
    const first = await ssoSignIn(t, 'org-a', {
      editCallback: (url, stateCookie) => {
        replay = { url: new URL(url), cookie: stateCookie };
        return { url, stateCookie };
      },
    });
    expect(first.status).toBe(302);
    const replayed = await fetch(replay!.url, { headers: { cookie: replay!.cookie }, redirect: 'manual' });
    expect(replayed.status).toBe(400);
    expect((await readError(replayed))!.message).toMatch(/unknown or was already used/);
    const denied = await fetch(`${t.url}/api/v1/auth/oidc/callback?error=access_denied&error_description=User+cancelled&state=x`, { redirect: 'manual' });
    expect(denied.status).toBe(401);
    expect((await readError(denied))!.message).toMatch(/did not sign you in \(access_denied: User cancelled\)/);
    const unknownOrg = await ssoSignIn(t, 'no-such-org');
    expect(unknownOrg.status).toBe(404);
    expect(unknownOrg.error!.message).toMatch(/single sign-on is not set up for organisation "no-such-org"/);
  });

  it('refuses ID tokens with a wrong nonce, an expired one, a forged signature or another audience', async () => {
    provider.user = person('first@corp.example');
    const cases: [Tamper, RegExp][] = [
      [{ nonce: 'not-the-nonce' }, /nonce of this sign-in/],
      [{ expiresIn: -120 }, /has expired/],
      [{ forgeKey: true }, /signature does not verify/],
      [{ audience: 'another-client' }, /claim "aud" failed/],
    ];
    for (const [tamper, message] of cases) {
      provider.tamper = tamper;
      const result = await ssoSignIn(t, 'org-a');
      expect(result.status, JSON.stringify(tamper)).toBe(401);
      expect(result.error!.code).toBe('unauthenticated');
      expect(result.error!.message).toMatch(message);
      expect(result.client).toBeNull();
    }
  });

  it('refuses an unverified e-mail and a domain the organisation does not allow', async () => {
    provider.user = person('unverified@corp.example', { email_verified: false });
    const unverified = await ssoSignIn(t, 'org-a');
    expect(unverified.status).toBe(401);
    expect(unverified.error!.message).toMatch(/has not verified the e-mail address unverified@corp.example/);

    await configure({ slug: 'org-a', jitProvisioning: true, allowedDomains: ['Corp.example'] });
    provider.user = person('outsider@other.example');
    const outsider = await ssoSignIn(t, 'org-a');
    expect(outsider.status).toBe(403);
    expect(outsider.error!.message).toMatch(/only for e-mail addresses at corp\.example, and outsider@other\.example is not one/);
    const refused = await auditRows('auth.sso.refused');
    expect(refused.some((r) => (r.details as { email: string }).email === 'outsider@other.example')).toBe(true);
    provider.user = person('insider@corp.example');
    expect((await ssoSignIn(t, 'org-a')).status).toBe(302);
  });

  it('without just-in-time accounts, only existing members get in', async () => {
    await configure({ slug: 'org-a', jitProvisioning: false, allowedDomains: [] });
    provider.user = person('stranger@corp.example');
    const stranger = await ssoSignIn(t, 'org-a');
    expect(stranger.status).toBe(403);
    expect(stranger.error!.message).toMatch(/stranger@corp.example is not a member of organisation "Org A", and this organisation does not create accounts/);
    const created = await t.database.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'stranger@corp.example').execute());
    expect(created).toEqual([]);
    provider.user = person('existing@corp.example');
    expect((await ssoSignIn(t, 'org-a')).status).toBe(302);
  });

  it("the organisation's IP allow-list still applies", async () => {
    const office = { 'x-forwarded-for': '10.0.0.1' };
    await t.owner.expect(200, 'PUT', `/api/v1/orgs/${orgA}/security`, { ipAllowlist: ['10.0.0.0/8'] }, office);
    try {
      provider.user = person('existing@corp.example');
      const away = await ssoSignIn(t, 'org-a', { headers: { 'x-forwarded-for': '192.0.2.7' } });
      expect(away.status).toBe(403);
      expect(away.error!.message).toMatch(/IP allow-list, and your address 192\.0\.2\.7 is not on it/);
      const inOffice = await ssoSignIn(t, 'org-a', { headers: { 'x-forwarded-for': '10.1.2.3' } });
      expect(inOffice.status).toBe(302);
    } finally {
      await t.owner.expect(200, 'PUT', `/api/v1/orgs/${orgA}/security`, { ipAllowlist: [] }, office);
    }
  });

  it('a disabled provider or member cannot sign in', async () => {
    const me = await new ApiClient(t.url).login('existing@corp.example', 'member-password');
    await t.owner.expect(200, 'POST', `/api/v1/orgs/${orgA}/members/${me.user.id}/disable`, { reason: 'left' });
    provider.user = person('existing@corp.example');
    const disabled = await ssoSignIn(t, 'org-a');
    expect(disabled.status).toBe(401);
    expect(disabled.error!.message).toMatch(/disabled in organisation "Org A"/);
    await t.owner.expect(200, 'POST', `/api/v1/orgs/${orgA}/members/${me.user.id}/enable`);
    await configure({ slug: 'org-a', enabled: false });
    expect((await ssoSignIn(t, 'org-a')).status).toBe(404);
  });
});
