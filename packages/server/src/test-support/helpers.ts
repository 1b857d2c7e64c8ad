import { sql } from 'kysely';
import { textClassificationTemplate, type ImportResultDto, type MeDto, type MemberDto, type ProjectDto, type Role } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { TenantContext } from '../services/context.js';
import { ApiClient } from './api-client.js';
import type { TestServer } from './test-server.js';

export const PASSWORD = 'member-password';

/** Adds a member to the owner's organisation (creating the account) and returns a client signed in as them. */
export async function addMember(t: Pick<TestServer, 'url' | 'owner'>, email: string, role: Role, opts: { by?: ApiClient; orgId?: string } = {}): Promise<ApiClient> {
  const by = opts.by ?? t.owner;
  const orgId = opts.orgId ?? by.orgId!;
  await by.expect<MemberDto>(201, 'POST', `/api/v1/orgs/${orgId}/members`, { email, role, password: PASSWORD, name: email.split('@')[0] });
  const client = new ApiClient(t.url);
  await client.login(email, PASSWORD);
  return client;
}

/**
 * `count` annotators added to the owner's organisation, each with a signed-in client and the tenant context a
 * request of theirs carries (address `${subnet}.${i + 1}`), for tests that call a service's batch directly.
 */
export async function annotatorsWithContexts(t: Pick<TestServer, 'url' | 'owner'>, prefix: string, count: number, subnet: string): Promise<{ client: ApiClient; ctx: TenantContext }[]> {
  const people: { client: ApiClient; ctx: TenantContext }[] = [];
  for (let i = 0; i < count; i++) {
    const client = await addMember(t, `${prefix}-${i}@example.com`, 'annotator');
    const me = await client.expect<MeDto>(200, 'GET', '/api/v1/auth/me');
    people.push({ client, ctx: { caller: { userId: me.user.id, email: me.user.email, name: me.user.name }, orgId: t.owner.orgId!, role: 'annotator', address: `${subnet}.${i + 1}` } });
  }
  return people;
}

/** A project with one single-choice control ("sentiment" on "text"): results stay tiny. */
export async function createChoiceProject(owner: ApiClient, opts: { name?: string; overlap?: number; leaseSeconds?: number } = {}): Promise<ProjectDto> {
  return owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', {
    name: opts.name ?? 'choices',
    labelConfig: textClassificationTemplate,
    overlap: opts.overlap ?? 1,
    ...(opts.leaseSeconds !== undefined ? { leaseSeconds: opts.leaseSeconds } : {}),
  });
}

/** Imports `count` tasks {"text": "<prefix> n"} as JSONL. */
export async function importTexts(owner: ApiClient, projectId: string, count: number, prefix = '文本'): Promise<ImportResultDto> {
  const jsonl = Array.from({ length: count }, (_, i) => JSON.stringify({ text: `${prefix} ${i}` })).join('\n');
  return owner.expect<ImportResultDto>(201, 'POST', `/api/v1/projects/${projectId}/import?format=jsonl`, jsonl, { 'content-type': 'application/x-ndjson' });
}

/** A valid result for `createChoiceProject`'s label config. */
export function choiceResult(choice: 'positive' | 'negative' | 'neutral' = 'positive') {
  return [{ id: 'c1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }];
}

/**
 * Moves a lease's expiry into the past, below the API (the server has no route for it, by design), as if
 * the clock had passed it: the task's claim-search hint, which names a time no later than the old expiry,
 * lapses with it.
 */
export async function expireLease(database: Database, assignmentId: string): Promise<void> {
  const result = await database.system(async (tx) => {
    const moved = await tx.updateTable('assignments').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', assignmentId).returning('task_id').executeTakeFirst();
    if (moved) await tx.updateTable('tasks').set({ full_until: sql<Date>`now() - interval '1 minute'` }).where('id', '=', moved.task_id).where('full_until', 'is not', null).execute();
    return moved;
  });
  if (!result) throw new Error(`assignment ${assignmentId} not found`);
}
