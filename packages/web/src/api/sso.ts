import type { OrgSsoDto, UpdateOrgSsoBody } from '@yungang/core';
import { ApiError, errorFromBody } from './api-error.ts';

/**
 * Single sign-on (docs/security.md "Single sign-on (OIDC)"): the organisation's provider settings and the
 * URL a browser starts signing in at. Signing in itself is a full-page redirect, not an API call.
 */

/** Where the browser goes to sign in with the organisation's provider; `org` is its SSO name or id. */
export function ssoStartUrl(org: string, returnTo = '/projects'): string {
  return `/api/v1/auth/oidc/${encodeURIComponent(org.trim())}/start?returnTo=${encodeURIComponent(returnTo)}`;
}

async function call<T>(orgId: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/orgs/${encodeURIComponent(orgId)}/sso`, { ...init, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) throw errorFromBody(response.status, await response.json().catch(() => null), response.statusText || `HTTP ${response.status}`);
  return (await response.json()) as T;
}

export function getOrgSso(orgId: string): Promise<OrgSsoDto> {
  return call(orgId, { headers: { Accept: 'application/json', 'X-Org-Id': orgId } });
}

/** `csrfToken`: the session's, from /auth/me (every cookie-authenticated change needs it). */
export function saveOrgSso(orgId: string, body: UpdateOrgSsoBody, csrfToken: string): Promise<OrgSsoDto> {
  return call(orgId, {
    method: 'PUT',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Org-Id': orgId, 'X-CSRF-Token': csrfToken },
    body: JSON.stringify(body),
  });
}
