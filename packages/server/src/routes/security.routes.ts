import Type from 'typebox';
import { DisableMemberBody, MemberAccessDto, OrgSecurityDto, OrgSsoDto, SsoCallbackQuery, SsoStartQuery, UpdateOrgSecurityBody, UpdateOrgSsoBody } from '@yungang/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/services.js';
import { setSessionCookie, tenantOf } from '../http/auth-hooks.js';
import { SSO_LOGIN_TTL_MS } from '../services/oidc.service.js';
import { errors, type Api } from './route-types.js';

const OrgParams = Type.Object({ orgId: Type.String() });
const MemberParams = Type.Object({ orgId: Type.String(), userId: Type.String() });
const SsoOrgParams = Type.Object({ org: Type.String({ minLength: 1, maxLength: 100 }) });
const Redirect = { 302: Type.Null({ description: 'Redirect (Location header)' }) };

/** Binds a single sign-on in flight to the browser that started it (docs/security.md). */
const SSO_STATE_COOKIE = 'yungang_oidc_state';
const SSO_COOKIE_PATH = '/api/v1/auth/oidc';

/** This server's own origin as the browser sees it (X-Forwarded-* only behind a trusted proxy): the redirect URI's base. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function setStateCookie(request: FastifyRequest, reply: FastifyReply, state: string | null): void {
  const options = { path: SSO_COOKIE_PATH, httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
  if (state === null) void reply.clearCookie(SSO_STATE_COOKIE, options);
  // Lax, not strict: the provider's redirect back is a top-level navigation from another site.
  else void reply.setCookie(SSO_STATE_COOKIE, state, { ...options, maxAge: SSO_LOGIN_TTL_MS / 1000 });
}

/** An organisation's sign-in rules (docs/security.md). */
export function securityRoutes(app: Api, s: Services): void {
  const oidc = s.oidc;

  app.get(
    '/orgs/:orgId/sso',
    { schema: { tags: ['orgs'], summary: "The organisation's single sign-on (OpenID Connect) settings; the client secret is never returned", params: OrgParams, response: { 200: OrgSsoDto, ...errors } } },
    async (request) => oidc.settings(await tenantOf(s.database, request, request.params.orgId), originOf(request)),
  );

  app.put(
    '/orgs/:orgId/sso',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Set the single sign-on provider (issuer, client id and secret, allowed domains, default role, just-in-time accounts)',
        params: OrgParams,
        body: UpdateOrgSsoBody,
        response: { 200: OrgSsoDto, ...errors },
      },
    },
    async (request) => oidc.update(await tenantOf(s.database, request, request.params.orgId), request.body, originOf(request)),
  );

  app.get(
    '/auth/oidc/:org/start',
    { schema: { tags: ['auth'], summary: "Single sign-on: redirect to the organisation's identity provider (org = its SSO name or id)", params: SsoOrgParams, querystring: SsoStartQuery, response: { ...Redirect, ...errors } } },
    async (request, reply) => {
      const { url, state } = await oidc.start(request.params.org, request.query.returnTo, originOf(request));
      setStateCookie(request, reply, state);
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    { schema: { tags: ['auth'], summary: 'Single sign-on: where the identity provider sends the browser back; signs in and redirects to the app', querystring: SsoCallbackQuery, response: { ...Redirect, ...errors } } },
    async (request, reply) => {
      const browserState = request.cookies[SSO_STATE_COOKIE];
      // Whatever happens next, this state is spent.
      setStateCookie(request, reply, null);
      const { session, returnTo } = await oidc.callback(request.query, browserState, request.ip);
      setSessionCookie(request, reply, session.token, session.maxAgeSeconds);
      return reply.redirect(returnTo, 302);
    },
  );

  app.get(
    '/orgs/:orgId/security',
    { schema: { tags: ['orgs'], summary: "The organisation's IP allow-list and session limits (owners and admins)", params: OrgParams, response: { 200: OrgSecurityDto, ...errors } } },
    async (request) => s.security.settings(await tenantOf(s.database, request, request.params.orgId), request.ip),
  );

  app.put(
    '/orgs/:orgId/security',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Replace the IP allow-list and session limits; a list that leaves out your own address is refused',
        params: OrgParams,
        body: UpdateOrgSecurityBody,
        response: { 200: OrgSecurityDto, ...errors },
      },
    },
    async (request) => s.security.update(await tenantOf(s.database, request, request.params.orgId), request.body, request.ip),
  );

  app.get(
    '/orgs/:orgId/members/access',
    { schema: { tags: ['orgs'], summary: 'Which members are disabled, since when, by whom and why (owners and admins)', params: OrgParams, response: { 200: Type.Array(MemberAccessDto), ...errors } } },
    async (request) => s.security.memberAccess(await tenantOf(s.database, request, request.params.orgId)),
  );

  app.post(
    '/orgs/:orgId/members/:userId/disable',
    {
      schema: {
        tags: ['orgs'],
        summary: "Disable a member here: their sessions and API tokens stop working in this organisation at once",
        params: MemberParams,
        body: DisableMemberBody,
        response: { 200: MemberAccessDto, ...errors },
      },
    },
    async (request) => s.security.disableMember(await tenantOf(s.database, request, request.params.orgId), request.params.userId, request.body.reason),
  );

  app.post(
    '/orgs/:orgId/members/:userId/enable',
    { schema: { tags: ['orgs'], summary: 'Enable a disabled member again', params: MemberParams, response: { 200: MemberAccessDto, ...errors } } },
    async (request) => s.security.enableMember(await tenantOf(s.database, request, request.params.orgId), request.params.userId),
  );
}
