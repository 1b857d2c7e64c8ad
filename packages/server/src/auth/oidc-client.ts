import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AppError, badRequest, unauthenticated } from '../http/app-error.js';

/**
 * The small part of OpenID Connect the server needs as a relying party: discovery, the authorization-code
 * exchange with PKCE, and ID-token verification (signature by the provider's JWKS, iss, aud, exp, nonce).
 * Done by hand over `jose` rather than with a full client library: the flow is a few requests, and every
 * check is visible here.
 */

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported?: string[];
}

/** Only asymmetric algorithms: with HS256 the "key" would be the client secret, which the provider is not the only one to hold. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const DISCOVERY_TTL_MS = 10 * 60_000;
const HTTP_TIMEOUT_MS = 10_000;
/** Tolerated clock difference with the provider when checking exp and iat. */
const CLOCK_TOLERANCE_S = 30;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The issuer as saved: https, or plain http on a loopback address only (a provider on the same host, tests). */
export function normaliseIssuer(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer.trim());
  } catch {
    throw badRequest(`issuer "${issuer}" is not a URL; use the provider's issuer, e.g. https://login.example.com/realms/acme`, { path: 'issuer' });
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) throw badRequest(`issuer "${issuer}" must use https (plain http only on localhost)`, { path: 'issuer' });
  if (url.search || url.hash) throw badRequest(`issuer "${issuer}" must not have a query or fragment`, { path: 'issuer' });
  return url.toString().replace(/\/$/, '');
}

const providerError = (issuer: string, what: string) =>
  new AppError('bad_request', `the identity provider ${issuer} could not be used: ${what}; check the issuer URL in the organisation's single sign-on settings and that the provider is reachable`);

async function fetchJson(url: string, issuer: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (err) {
    throw providerError(issuer, `${url} did not answer (${err instanceof Error ? err.message : String(err)})`);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    throw providerError(issuer, `${url} answered ${res.status} with something that is not JSON`);
  }
}

const discoveryCache = new Map<string, { at: number; metadata: ProviderMetadata }>();
const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The provider's `.well-known/openid-configuration`, cached for a few minutes per issuer. */
export async function discover(issuer: string): Promise<ProviderMetadata> {
  const cached = discoveryCache.get(issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.metadata;
  const url = `${issuer}/.well-known/openid-configuration`;
  const { status, body } = await fetchJson(url, issuer);
  if (status !== 200 || !isRecord(body)) throw providerError(issuer, `${url} answered ${status}`);
  for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (typeof body[key] !== 'string') throw providerError(issuer, `its discovery document has no ${key}`);
  }
  // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for (mix-up defence).
  if (String(body.issuer).replace(/\/$/, '') !== issuer) throw providerError(issuer, `its discovery document names another issuer, ${String(body.issuer)}`);
  const methods = Array.isArray(body.token_endpoint_auth_methods_supported) ? body.token_endpoint_auth_methods_supported.filter((m): m is string => typeof m === 'string') : undefined;
  const metadata: ProviderMetadata = {
    issuer: String(body.issuer),
    authorization_endpoint: String(body.authorization_endpoint),
    token_endpoint: String(body.token_endpoint),
    jwks_uri: String(body.jwks_uri),
    ...(methods ? { token_endpoint_auth_methods_supported: methods } : {}),
  };
  discoveryCache.set(issuer, { at: Date.now(), metadata });
  return metadata;
}

export const randomToken = () => randomBytes(32).toString('base64url');
export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export function authorizationUrl(metadata: ProviderMetadata, p: { clientId: string; redirectUri: string; state: string; nonce: string; codeVerifier: string }): string {
  const url = new URL(metadata.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', p.state);
  url.searchParams.set('nonce', p.nonce);
  url.searchParams.set('code_challenge', pkceChallenge(p.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** Exchanges the code for the ID token (client_secret_basic unless the provider supports only client_secret_post). */
export async function exchangeCode(metadata: ProviderMetadata, issuer: string, p: { clientId: string; clientSecret: string; code: string; redirectUri: string; codeVerifier: string }): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: p.code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const methods = metadata.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    form.set('client_id', p.clientId);
    form.set('client_secret', p.clientSecret);
  } else {
    // RFC 6749 §2.3.1: both parts form-encoded before base64.
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(p.clientId)}:${encodeURIComponent(p.clientSecret)}`).toString('base64')}`;
  }
  const { status, body } = await fetchJson(metadata.token_endpoint, issuer, { method: 'POST', headers, body: form.toString() });
  if (status !== 200 || !isRecord(body)) {
    const reason = isRecord(body) && typeof body.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : `status ${status}`;
    throw unauthenticated(`single sign-on failed: the identity provider refused the sign-in code (${reason}); start signing in again, and if it repeats ask an admin to check the client id and secret`);
  }
  if (typeof body.id_token !== 'string') throw providerError(issuer, 'its token response has no id_token (is the "openid" scope allowed for this client?)');
  return body.id_token;
}

export interface VerifiedIdentity {
  sub: string;
  email: string;
  name: string | null;
}

/**
 * Verifies the ID token: signature with a key of the provider's JWKS, issuer, audience (and azp when
 * several audiences), expiry, and the nonce of this sign-in. Each failure says which check failed.
 */
export async function verifyIdToken(metadata: ProviderMetadata, idToken: string, p: { clientId: string; nonce: string }): Promise<VerifiedIdentity> {
  let jwks = jwksCache.get(metadata.jwks_uri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: HTTP_TIMEOUT_MS });
    jwksCache.set(metadata.jwks_uri, jwks);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, jwks, {
      issuer: metadata.issuer,
      audience: p.clientId,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (err) {
    throw unauthenticated(`single sign-on failed: the ID token from the identity provider is not valid (${describeJoseError(err)}); start signing in again, and if it repeats ask an admin to check the provider settings`);
  }
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== p.clientId) {
    throw unauthenticated('single sign-on failed: the ID token was issued to another client (azp); ask an admin to check the client id');
  }
  if (payload.nonce !== p.nonce) throw unauthenticated('single sign-on failed: the ID token does not carry the nonce of this sign-in (a replayed or mixed-up token); start signing in again');
  if (typeof payload.email !== 'string' || payload.email === '') {
    throw unauthenticated('single sign-on failed: the identity provider sent no e-mail address; ask an admin to allow the "email" scope for this client at the provider');
  }
  if (payload.email_verified !== true) {
    throw unauthenticated(`single sign-on failed: the identity provider has not verified the e-mail address ${payload.email}; verify it at the provider and sign in again`);
  }
  return { sub: String(payload.sub), email: payload.email.trim(), name: typeof payload.name === 'string' && payload.name.trim() !== '' ? payload.name.trim() : null };
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'it has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim "${err.claim}" failed: ${err.reason}`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return "no key of the provider's JWKS matches its signature";
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "its signature does not verify with the provider's key";
  if (err instanceof joseErrors.JOSEError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
