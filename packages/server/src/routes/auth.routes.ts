import Type from 'typebox';
import { CreatedTokenDto, CreateTokenBody, LoginBody, LogoutAllBody, LogoutAllDto, MeDto, SetupBody, SetupStatusDto, TokenDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { requireCaller, setSessionCookie, SESSION_COOKIE } from '../http/auth-hooks.js';
import { errors, IdParams, NoContent, TooMany, type Api } from './route-types.js';

export function authRoutes(app: Api, s: Services): void {
  app.get('/setup', { schema: { tags: ['auth'], summary: 'Whether first-run setup is still needed', response: { 200: SetupStatusDto } } }, async () => ({
    needed: await s.auth.setupNeeded(),
  }));

  app.post('/setup', { schema: { tags: ['auth'], summary: 'First run: create the owner account and organisation', body: SetupBody, response: { 200: MeDto, ...errors } } }, async (request, reply) => {
    const { token, me, maxAgeSeconds } = await s.auth.setup(request.body);
    setSessionCookie(request, reply, token, maxAgeSeconds);
    return me;
  });

  app.post('/auth/login', { schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: MeDto, ...errors, ...TooMany } } }, async (request, reply) => {
    const { token, me, maxAgeSeconds } = await s.auth.login(request.body.email, request.body.password, request.ip);
    setSessionCookie(request, reply, token, maxAgeSeconds);
    return me;
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: NoContent } } }, async (request, reply) => {
    if (request.caller?.sessionId) await s.auth.logout(request.caller.sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post(
    '/auth/logout-all',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere: end all your sessions (optionally keeping this one) and optionally revoke your API tokens',
        body: Type.Optional(LogoutAllBody),
        response: { 200: LogoutAllDto, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const options = request.body ?? {};
      const ended = await s.auth.logoutAll(caller, options);
      if (caller.via === 'session' && !options.keepCurrentSession) void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return ended;
    },
  );

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user, their organisations and the CSRF token', response: { 200: MeDto, ...errors } } }, async (request) =>
    s.auth.me(requireCaller(request)),
  );

  app.post('/auth/tokens', { schema: { tags: ['auth'], summary: 'Create a personal API token (shown once)', body: CreateTokenBody, response: { 201: CreatedTokenDto, ...errors } } }, async (request, reply) => {
    const created = await s.auth.createToken(requireCaller(request).userId, request.body.name);
    return reply.status(201).send(created);
  });

  app.get('/auth/tokens', { schema: { tags: ['auth'], summary: 'List your API tokens', response: { 200: Type.Array(TokenDto), ...errors } } }, async (request) =>
    s.auth.listTokens(requireCaller(request).userId),
  );

  app.delete('/auth/tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke an API token', params: IdParams, response: { 204: NoContent, ...errors } } }, async (request, reply) => {
    await s.auth.deleteToken(requireCaller(request).userId, request.params.id);
    return reply.status(204).send(null);
  });
}
