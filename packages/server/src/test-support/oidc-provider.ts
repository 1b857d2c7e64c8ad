import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A minimal OpenID Connect provider for tests, on 127.0.0.1: discovery, JWKS, an authorize endpoint that
 * signs in `user` at once (no page) and a token endpoint that checks the client, the code and PKCE, then
 * returns a signed ID token. `tamper` makes it misbehave the ways a real attacker or a broken provider would.
 */
export interface ProviderUser {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface Tamper {
  /** Sign the ID token with a key that is not in the JWKS (same kid: a forgery). */
  forgeKey?: boolean;
  /** Put this nonce in the ID token instead of the one the client sent. */
  nonce?: string;
  /** Seconds from now of the ID token's exp (negative = already expired). */
  expiresIn?: number;
  /** Issue the ID token to another audience. */
  audience?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  user: ProviderUser;
  tamper: Tamper;
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  nonce: string;
  challenge: string;
  user: ProviderUser;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOidcProvider(options: { clientId?: string; clientSecret?: string; user: ProviderUser }): Promise<TestOidcProvider> {
  const kid = 'test-key-1';
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const forged = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  let issuer = '';

  const provider: TestOidcProvider = {
    issuer: '',
    clientId: options.clientId ?? 'yungang-test',
    clientSecret: options.clientSecret ?? 'test-secret-ä/:',
    user: options.user,
    tamper: {},
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };

  const sign = async (pending: PendingCode) => {
    const t = provider.tamper;
    const now = Math.floor(Date.now() / 1000);
    const key: CryptoKey = t.forgeKey ? forged.privateKey : privateKey;
    return new SignJWT({ nonce: t.nonce ?? pending.nonce, email: pending.user.email, email_verified: pending.user.email_verified, ...(pending.user.name ? { name: pending.user.name } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setSubject(pending.user.sub)
      .setAudience(t.audience ?? pending.clientId)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + (t.expiresIn ?? 300))
      .sign(key);
  };

  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', issuer);
    void (async () => {
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
        });
      }
      if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
      if (url.pathname === '/authorize') {
        const q = url.searchParams;
        if (q.get('response_type') !== 'code' || q.get('client_id') !== provider.clientId || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('nonce') || !q.get('scope')?.split(' ').includes('openid')) {
          return json(400, { error: 'invalid_request' });
        }
        const code = randomBytes(16).toString('hex');
        codes.set(code, { clientId: q.get('client_id')!, redirectUri: q.get('redirect_uri')!, nonce: q.get('nonce')!, challenge: q.get('code_challenge')!, user: { ...provider.user } });
        const back = new URL(q.get('redirect_uri')!);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
        if (id !== provider.clientId || secret !== provider.clientSecret) return json(401, { error: 'invalid_client' });
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!pending || form.get('grant_type') !== 'authorization_code' || form.get('redirect_uri') !== pending.redirectUri) return json(400, { error: 'invalid_grant' });
        const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
        if (challenge !== pending.challenge) return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        return json(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: await sign(pending) });
      }
      return json(404, { error: 'not_found' });
    })().catch((err: unknown) => json(500, { error: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.issuer = issuer;
  return provider;
}
