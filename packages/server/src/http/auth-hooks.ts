import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedCaller, AuthService } from '../services/auth.service.js';
import type { TenantContext } from '../services/context.js';
import { resolveTenant } from '../services/tenant-resolver.js';
import type { Database } from '../db/database.js';
import { AppError, unauthenticated } from './app-error.js';

export const SESSION_COOKIE = 'yungang_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SIGN_IN_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/setup']);

declare module 'fastify' {
  interface FastifyRequest {
    caller: AuthenticatedCaller | null;
    /** Why a session cookie that exists was not accepted (expired, account disabled): the 401 says so. */
    authRefusal: string | null;
  }
}

/**
 * Identifies the caller on every API request: `Authorization: Bearer <token>` for scripts, the session
 * cookie for the browser. Cookie-authenticated writes must echo the session's CSRF token in
 * `X-CSRF-Token` (a page on another site can make the browser send the cookie, not read the token).
 */
export function authenticate(auth: AuthService) {
  return async (request: FastifyRequest): Promise<void> => {
    request.caller = null;
    request.authRefusal = null;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
      const caller = await auth.callerFromToken(match[1]!);
      if (!caller) throw unauthenticated('this API token is unknown or was revoked');
      if ('refused' in caller) throw unauthenticated(caller.refused);
      request.caller = caller;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const caller = await auth.callerFromSession(cookie);
    if (!caller) return;
    // Not thrown here: signing in again (or a public route) must still work with the dead cookie.
    if ('refused' in caller) {
      request.authRefusal = caller.refused;
      return;
    }
    // Signing in (or setting up) again while an old session cookie lingers must not need that session's token.
    const signingIn = SIGN_IN_ROUTES.has(request.routeOptions.url ?? '');
    if (!SAFE_METHODS.has(request.method) && !signingIn && request.headers['x-csrf-token'] !== caller.csrfToken) {
      throw new AppError('forbidden', 'missing or wrong X-CSRF-Token header; send the csrfToken from /api/v1/auth/me with every change');
    }
    request.caller = caller;
  };
}

export function requireCaller(request: FastifyRequest): AuthenticatedCaller {
  if (!request.caller) throw request.authRefusal ? unauthenticated(request.authRefusal) : unauthenticated();
  return request.caller;
}

/** The tenant of this request: an organisation named by the route (path or query), else `X-Org-Id`, else the caller's first. */
export async function tenantOf(database: Database, request: FastifyRequest, routeOrgId?: string): Promise<TenantContext> {
  const caller = requireCaller(request);
  const header = request.headers['x-org-id'];
  const requested = routeOrgId ?? (typeof header === 'string' && header !== '' ? header : undefined);
  // The client's address rides on the tenant context into every audit row (docs/security.md).
  // request.ip honours the trustProxy setting (X-Forwarded-For only behind a trusted proxy); the resolver checks the IP allow-list with it.
  return { ...(await resolveTenant(database, caller, requested, request.ip)), address: request.ip };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}
