import { randomUUID } from 'node:crypto';
import type { OrgSsoDto, Role, SsoCallbackQuery, UpdateOrgSsoBody } from '@yungang/core';
import type { Database } from '../db/database.js';
import { AppError, badRequest, conflict, forbidden, unauthenticated } from '../http/app-error.js';
import { hashSecret } from '../auth/secrets.js';
import { isAllowed } from '../auth/ip-allowlist.js';
import { authorizationUrl, discover, exchangeCode, normaliseIssuer, randomToken, verifyIdToken } from '../auth/oidc-client.js';
import { findOrgOidc, findOrgOidcBySlug, insertOidcLogin, setClientAddress, slugTaken, takeOidcLogin, upsertOrgOidc, type OrgOidcRow } from '../repositories/oidc.repository.js';
import { findOrgSecurity } from '../repositories/org-security.repository.js';
import { listMembershipAccess } from '../repositories/member-access.repository.js';
import { findUserByEmail, insertUser } from '../repositories/users.repository.js';
import { insertMembership } from '../repositories/orgs.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { memberEvent } from '../provenance/log-events.js';
import { isUuid } from '../db/ids.js';
import type { AuthService, NewSession } from './auth.service.js';
import { requirePermission, type TenantContext } from './context.js';

/** How long a browser has between `/start` and `/callback`: signing in at the provider, perhaps with a second factor. */
export const SSO_LOGIN_TTL_MS = 10 * 60_000;
export const SSO_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/**
 * Single sign-on per organisation with OpenID Connect (docs/security.md): owners and admins set the
 * provider; people sign in at it and come back with a normal session, under the organisation's IP
 * allow-list and session limits. The protocol checks live in `auth/oidc-client.ts`.
 */
export class OidcService {
  constructor(
    private readonly database: Database,
    private readonly auth: AuthService,
  ) {}

  async settings(ctx: TenantContext, origin: string): Promise<OrgSsoDto> {
    requirePermission(ctx, 'org.manage_members');
    const row = await this.database.tenant(ctx, (tx) => findOrgOidc(tx, ctx.orgId));
    return toDto(row, ctx.orgId, origin);
  }

  async update(ctx: TenantContext, body: UpdateOrgSsoBody, origin: string): Promise<OrgSsoDto> {
    requirePermission(ctx, 'org.manage_members');
    const issuer = normaliseIssuer(body.issuer);
    const slug = body.slug === undefined ? undefined : body.slug;
    // Slugs are unique across organisations, which a tenant transaction cannot see (the unique index backs this up).
    if (slug && (await this.database.system((tx) => slugTaken(tx, slug, ctx.orgId)))) {
      throw conflict(`the name "${slug}" is already used by another organisation for single sign-on; choose another`, { path: 'slug' });
    }
    const row = await this.database.tenant(ctx, async (tx) => {
      const old = await findOrgOidc(tx, ctx.orgId);
      const clientSecret = body.clientSecret ?? old?.client_secret;
      if (!clientSecret) throw badRequest('clientSecret is required the first time single sign-on is set up; copy it from the client registered at the provider', { path: 'clientSecret' });
      const newSlug = slug === undefined ? (old?.slug ?? null) : slug;
      await upsertOrgOidc(tx, {
        orgId: ctx.orgId,
        slug: newSlug,
        enabled: body.enabled ?? old?.enabled ?? true,
        issuer,
        clientId: body.clientId.trim(),
        clientSecret,
        allowedDomains: (body.allowedDomains ?? old?.allowed_domains ?? []).map((d) => d.toLowerCase()),
        defaultRole: body.defaultRole ?? old?.default_role ?? 'annotator',
        jitProvisioning: body.jitProvisioning ?? old?.jit_provisioning ?? false,
        updatedBy: ctx.caller.userId,
      });
      const saved = (await findOrgOidc(tx, ctx.orgId))!;
      // The secret is never written to the audit log, only whether it changed.
      await appendAudit(tx, {
        orgId: ctx.orgId,
        userId: ctx.caller.userId,
        action: 'org.sso.update',
        objectType: 'organization',
        objectId: ctx.orgId,
        details: { enabled: saved.enabled, slug: saved.slug, issuer, clientId: saved.client_id, secretChanged: body.clientSecret !== undefined, allowedDomains: saved.allowed_domains, defaultRole: saved.default_role, jitProvisioning: saved.jit_provisioning },
      });
      return saved;
    });
    return toDto(row, ctx.orgId, origin);
  }

  /** Begins a sign-in: remembers state, nonce and PKCE verifier for a few minutes and returns the provider's URL. */
  async start(orgRef: string, returnTo: string | undefined, origin: string): Promise<{ url: string; state: string }> {
    const ref = orgRef.trim().toLowerCase();
    const config = await this.database.system((tx) => (isUuid(ref) ? findOrgOidc(tx, ref) : findOrgOidcBySlug(tx, ref)));
    if (!config || !config.enabled) {
      throw new AppError(
        'not_found',
        `single sign-on is not set up for organisation "${orgRef}"; check the name or id you typed (an admin finds it under the organisation's security settings), or sign in with your e-mail and password`,
      );
    }
    const metadata = await discover(config.issuer);
    const state = randomToken();
    const nonce = randomToken();
    const codeVerifier = randomToken();
    const redirectUri = origin + SSO_CALLBACK_PATH;
    await this.database.system((tx) =>
      insertOidcLogin(tx, { stateHash: hashSecret(state), orgId: config.org_id, nonce, codeVerifier, redirectUri, returnTo: safeReturnTo(returnTo), expiresAt: new Date(Date.now() + SSO_LOGIN_TTL_MS) }),
    );
    return { url: authorizationUrl(metadata, { clientId: config.client_id, redirectUri, state, nonce, codeVerifier }), state };
  }

  /**
   * Finishes a sign-in. `browserState` is the state the start put in this browser's cookie: a callback
   * carrying another browser's state (login CSRF: signing a victim into the attacker's account) is refused.
   */
  async callback(query: SsoCallbackQuery, browserState: string | undefined, address: string): Promise<{ session: NewSession; returnTo: string }> {
    if (query.error) {
      throw unauthenticated(`the identity provider did not sign you in (${query.error}${query.error_description ? `: ${query.error_description}` : ''}); start again from the sign-in page`);
    }
    if (!query.state || !query.code) throw badRequest('this sign-in link is incomplete (no code or state); start signing in again from the sign-in page');
    if (!browserState || browserState !== query.state) {
      throw badRequest('this sign-in was not started in this browser (its state does not match the sign-in cookie); start signing in again from the sign-in page');
    }
    const login = await this.database.system((tx) => takeOidcLogin(tx, hashSecret(query.state!)));
    if (!login) throw badRequest('this sign-in is unknown or was already used; start signing in again from the sign-in page');
    if (login.expires_at.getTime() < Date.now()) throw badRequest(`this sign-in took longer than ${SSO_LOGIN_TTL_MS / 60_000} minutes; start signing in again from the sign-in page`);
    const config = await this.database.system((tx) => findOrgOidc(tx, login.org_id));
    if (!config || !config.enabled) throw forbidden('single sign-on was turned off for this organisation while you were signing in; sign in with your e-mail and password');

    const metadata = await discover(config.issuer);
    const idToken = await exchangeCode(metadata, config.issuer, { clientId: config.client_id, clientSecret: config.client_secret, code: query.code, redirectUri: login.redirect_uri, codeVerifier: login.code_verifier });
    const identity = await verifyIdToken(metadata, idToken, { clientId: config.client_id, nonce: login.nonce });

    try {
      return await this.database.system(async (tx) => {
        await setClientAddress(tx, address);
        const domain = identity.email.slice(identity.email.lastIndexOf('@') + 1).toLowerCase();
        if (config.allowed_domains.length > 0 && !config.allowed_domains.includes(domain)) {
          throw forbidden(
            `organisation "${config.org_name}" accepts single sign-on only for e-mail addresses at ${config.allowed_domains.join(', ')}, and ${identity.email} is not one; sign in with an allowed account, or ask an admin to add ${domain}`,
          );
        }
        const allowlist = (await findOrgSecurity(tx, config.org_id))?.ip_allowlist ?? [];
        if (!isAllowed(allowlist, address)) {
          throw forbidden(
            `organisation "${config.org_name}" accepts requests only from the addresses on its IP allow-list, and your address ${address} is not on it; connect from an allowed network, or ask an owner or admin to add ${address}`,
          );
        }
        let user = await findUserByEmail(tx, identity.email);
        const membership = user ? (await listMembershipAccess(tx, user.id)).find((m) => m.org_id === config.org_id) : undefined;
        let created: 'account' | 'membership' | null = null;
        if (membership?.disabled_at) {
          throw unauthenticated(`your account is disabled in organisation "${config.org_name}"; ask an owner or admin of that organisation to enable it`);
        }
        if (!membership) {
          if (!config.jit_provisioning) {
            throw forbidden(
              `${identity.email} is not a member of organisation "${config.org_name}", and this organisation does not create accounts on first sign-in; ask an owner or admin to add ${identity.email}`,
            );
          }
          if (!user) {
            // No password: this account signs in through the provider (an admin may set one later).
            user = { id: randomUUID(), email: identity.email, name: identity.name ?? identity.email.split('@')[0] ?? identity.email, password_hash: null };
            await insertUser(tx, { id: user.id, email: user.email, name: user.name, passwordHash: null });
            created = 'account';
          } else created = 'membership';
          await insertMembership(tx, { orgId: config.org_id, userId: user.id, role: config.default_role as Role });
          await appendAudit(tx, { orgId: config.org_id, userId: user.id, action: 'member.add', objectType: 'user', objectId: user.id, details: { role: config.default_role, via: 'sso' } });
          await appendLogEvent(tx, memberEvent({ orgId: config.org_id, actorId: user.id }, { kind: 'member.add', userId: user.id, role: config.default_role }));
        }
        const userId = user!.id;
        await appendAudit(tx, { orgId: config.org_id, userId, action: 'auth.sso.login', objectType: 'user', objectId: userId, details: { issuer: config.issuer, sub: identity.sub, email: identity.email, created } });
        return { session: await this.auth.openSessionFor(tx, userId), returnTo: login.return_to };
      });
    } catch (err) {
      // A refusal after the provider vouched for someone is worth an audit row: the transaction above rolled back.
      if (err instanceof AppError) {
        await this.database.system(async (tx) => {
          await setClientAddress(tx, address);
          await appendAudit(tx, { orgId: config.org_id, userId: null, action: 'auth.sso.refused', objectType: 'organization', objectId: config.org_id, details: { email: identity.email, sub: identity.sub, reason: err.message } });
        });
      }
      throw err;
    }
  }
}

/** Only a path of this site: an open redirect would hand the fresh session's first page to anyone's link. */
export function safeReturnTo(returnTo: string | undefined): string {
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.startsWith('/\\')) return '/';
  return returnTo;
}

function toDto(row: OrgOidcRow | undefined, orgId: string, origin: string): OrgSsoDto {
  return {
    configured: row !== undefined,
    enabled: row?.enabled ?? false,
    slug: row?.slug ?? null,
    issuer: row?.issuer ?? '',
    clientId: row?.client_id ?? '',
    hasSecret: (row?.client_secret ?? '') !== '',
    allowedDomains: row?.allowed_domains ?? [],
    defaultRole: (row?.default_role ?? 'annotator') as OrgSsoDto['defaultRole'],
    jitProvisioning: row?.jit_provisioning ?? false,
    redirectUri: origin + SSO_CALLBACK_PATH,
    startUrl: `${origin}/api/v1/auth/oidc/${row?.slug ?? orgId}/start`,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}
