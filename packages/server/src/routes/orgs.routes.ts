import Type from 'typebox';
import { AddMemberBody, CreateOrgBody, MemberDto, OrgDto, OrgSummaryDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { requireCaller, tenantOf } from '../http/auth-hooks.js';
import { errors, type Api } from './route-types.js';

const OrgParams = Type.Object({ orgId: Type.String() });

export function orgRoutes(app: Api, s: Services): void {
  app.get('/orgs', { schema: { tags: ['orgs'], summary: 'Organisations you belong to', response: { 200: Type.Array(OrgSummaryDto), ...errors } } }, async (request) => {
    const me = await s.auth.me(requireCaller(request));
    return me.orgs;
  });

  app.post('/orgs', { schema: { tags: ['orgs'], summary: 'Create an organisation (you become its owner)', body: CreateOrgBody, response: { 201: OrgDto, ...errors } } }, async (request, reply) => {
    const org = await s.orgs.create(requireCaller(request), request.body.name);
    return reply.status(201).send(org);
  });

  app.get('/orgs/:orgId/members', { schema: { tags: ['orgs'], summary: 'Members and their roles', params: OrgParams, response: { 200: Type.Array(MemberDto), ...errors } } }, async (request) =>
    s.orgs.members(await tenantOf(s.database, request, request.params.orgId)),
  );

  app.post(
    '/orgs/:orgId/members',
    { schema: { tags: ['orgs'], summary: 'Add a member by e-mail (with a password, create the account)', params: OrgParams, body: AddMemberBody, response: { 201: MemberDto, ...errors } } },
    async (request, reply) => {
      const member = await s.orgs.addMember(await tenantOf(s.database, request, request.params.orgId), request.body);
      return reply.status(201).send(member);
    },
  );
}
