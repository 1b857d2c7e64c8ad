import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  can,
  ROLES,
  textClassificationTemplate,
  transcriptionTemplate,
  type MediaIntakeResultDto,
  type AnnotationDto,
  type CreatedTokenDto,
  type ErrorBody,
  type MemberDto,
  type NextTaskDto,
  type OrgDto,
  type Permission,
  type ProjectDto,
  type Role,
  type TaskDto,
  type TaskPageDto,
} from '@yungang/core';
import type { Tx } from './db/database.js';
import { TENANT_TABLES } from './db/migrations/0001-initial.js';
import { ApiClient, type ApiResponse } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, choiceResult, importTexts, PASSWORD } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { sineWav } from './test-support/wav.js';
import { writePdf } from './test-support/pdf-writer.js';
import { ffmpegAvailable, testVideo } from './test-support/test-video.js';

/**
 * The tenant wall, route by route. ROUTES below lists every route of the API with how to call it; the
 * first test fails when the OpenAPI document shows a route that is not in the table, so a new route
 * cannot skip these checks.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type ObjectKind = 'org' | 'project' | 'task' | 'assignment' | 'annotation' | 'token' | 'dataset' | 'review' | 'inspection' | 'inspectionItem' | 'course' | 'exam' | 'attempt' | 'certification' | 'user' | 'media' | 'catalogCard' | 'catalogRequest' | 'catalogChange' | 'entitlement' | 'heldEntitlement' | 'downloadToken' | 'catalogTier' | 'catalogOrder' | 'job' | 'modelBackend' | 'workPackage' | 'upload';

/** The ids (and credentials) a call is made with. */
interface Ids {
  org: string;
  project: string;
  task: string;
  /** A task of A that no role's walk ever leases: reading it needs task.read. */
  untouchedTask: string;
  assignment: string;
  annotation: string;
  annotationVersion: number;
  token: string;
  dataset: string;
  /** A review of A's annotator's work, and a task of A waiting for adjudication. */
  review: string;
  adjudicationTask: string;
  /** A final inspection of A's dataset version, and the item a role holds in it. */
  inspection: string;
  inspectionItem: string;
  /** A member of A for the disable/enable routes (roles that may manage members add a fresh one first). */
  member: string;
  email: string;
  password: string;
  /** Training (docs/training.md): a course, an exam granting a certification, the role's own practice attempt and one of its items. */
  course: string;
  exam: string;
  attempt: string;
  examItem: string;
  certification: string;
  certificationName: string;
  /** A holder of that certification (A's owner passed the exam), and whose skill record is read. */
  holder: string;
  user: string;
  /** Media (docs/media.md): an image project of A and the name of its one image, wide enough for a tile pyramid. */
  imageProject: string;
  media: string;
  /** A background job of A (docs/jobs.md), of a kind no worker runs, so it stays queued. */
  job: string;
  /** Audio (docs/media.md, Audio): the served name of a recording in an audio project of A. */
  audio: string;
  /** Video (docs/media.md, Video): the served name of a clip in a video project of A. */
  video: string;
  /** A PDF (docs/documents.md) in a document project of A. */
  document: string;
  /** A rules model backend of A, the default backend of A's project (docs/models.md). */
  modelBackend: string;
  /**
   * The catalog (docs/catalog.md): a private card of A; a request of B to A, a pending change of A and an
   * entitlement A granted B; an entitlement A holds of B's open card and a download token for it; and the
   * dataset version the card-making row describes (a fresh one for each role allowed to make cards).
   */
  catalogCard: string;
  catalogRequest: string;
  catalogChange: string;
  entitlement: string;
  heldEntitlement: string;
  downloadToken: string;
  cardDataset: string;
  /** Licence tiers and orders (docs/catalog.md): a tier of A's private card; a fulfilled order of a third organisation C for A's open card. */
  catalogTier: string;
  catalogOrder: string;
  /** Vendor work packages (docs/work-packages.md): a draft package of A cut from A's project, and one of A's tasks in it. */
  workPackage: string;
  workPackageTask: string;
  /** A resumable upload session of A's owner in A's image project (docs/media.md, "Resumable uploads"). */
  upload: string;
}

interface Request {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the role-matrix run knows about one role while it walks the table. */
interface RoleRun {
  role: Role;
  client: ApiClient;
  ids: Ids;
}

interface RouteSpec {
  method: Method;
  /** Path template as the OpenAPI document writes it. */
  path: string;
  /** public: anyone; optional: works signed in or not; user: any signed-in user; tenant: a member with `permission`. */
  access: 'public' | 'optional' | 'user' | 'tenant';
  permission?: Permission;
  /** The object the path names, when it names one: a caller from another organisation must get 404. */
  object?: ObjectKind;
  /** Status of a successful call. */
  ok: number;
  /** Needs media made with ffmpeg (audio peaks, video frames): left out, with a warning, where ffmpeg is missing outside CI. */
  needs?: 'ffmpeg';
  request(ids: Ids): Request;
  /** Runs before the call in the role matrix; may set ids (e.g. lease a task first) or swap the client. */
  prepare?(run: RoleRun): Promise<{ client?: ApiClient } | void>;
}

let emailCounter = 0;
const uniqueEmail = (what: string) => `${what}-${++emailCounter}-${randomUUID().slice(0, 8)}@example.com`;
/** A's matrix image: 8,001 px wide, so it has a (tiny) tile pyramid; set in beforeAll, since sharp is asynchronous. */
let matrixImage = Buffer.alloc(0);
/** Who the catalog rows need besides the role walking the table: B as consumer, A's owner and manager, A's card open to everyone. */
const catalogParties = { consumer: null as ApiClient | null, owner: null as ApiClient | null, manager: null as ApiClient | null, openCard: '' };
async function catalogRequestOfB(): Promise<string> {
  return (await catalogParties.consumer!.expect<{ id: string }>(201, 'POST', `/api/v1/catalog/cards/${catalogParties.openCard}/requests`, { purpose: 'matrix' })).id;
}
async function catalogGrantToB(): Promise<string> {
  const approved = await catalogParties.owner!.expect<{ request: { entitlementId: string | null } }>(200, 'POST', `/api/v1/catalog/requests/${await catalogRequestOfB()}/approve`, {});
  return approved.request.entitlementId!;
}
/** Orders need a buyer that is neither A nor B (B must not see them): C, with a tier of A's open card. */
const orderParties = { buyer: null as ApiClient | null, admin: null as ApiClient | null, tier: '' };
/** A fresh resumable upload session of `client` in A's image project (a session is seen only by whoever started it). */
async function uploadSessionOf(client: ApiClient, imageProject: string): Promise<string> {
  return (await client.expect<{ id: string }>(201, 'POST', `/api/v1/projects/${imageProject}/uploads`, { filename: 'matrix.png', size: 100 })).id;
}
/** Who the work-package rows need: A's project and task, and the vendor organisation (C) packages are offered to. */
const packageParties = { project: '', task: '', vendorOrg: '' };
const packageBody = () => ({ title: 'matrix', unitPriceMinor: 100, deadline: new Date(Date.now() + 86_400_000).toISOString(), qualityFloor: 0.9, vendorOrgIds: [packageParties.vendorOrg], taskIds: [packageParties.task] });
/** A fresh draft of A (made by A's owner), or one awaiting approval (offered by A's manager). */
async function packageOfA(state: 'draft' | 'awaiting_approval'): Promise<string> {
  const made = await catalogParties.owner!.expect<{ id: string }>(201, 'POST', `/api/v1/projects/${packageParties.project}/work-packages`, packageBody());
  if (state === 'awaiting_approval') await catalogParties.manager!.expect(200, 'POST', `/api/v1/work-packages/${made.id}/offer`);
  return made.id;
}
async function catalogOrderOfC(state: 'requested' | 'confirmed' | 'paid'): Promise<string> {
  const order = await orderParties.buyer!.expect<{ id: string }>(201, 'POST', `/api/v1/catalog/cards/${catalogParties.openCard}/orders`, { tierId: orderParties.tier, purpose: 'matrix' });
  if (state === 'requested') return order.id;
  await catalogParties.owner!.expect(200, 'POST', `/api/v1/catalog/orders/${order.id}/confirm`);
  if (state === 'confirmed') return order.id;
  // Paid with its grant rejected (under the two-person rule for a moment): waiting for someone to propose the grant again.
  await catalogParties.owner!.expect(200, 'PUT', '/api/v1/catalog/settings', { twoPersonRule: true });
  const paid = await catalogParties.owner!.expect<{ change: { id: string } }>(200, 'POST', `/api/v1/catalog/orders/${order.id}/pay`, {});
  await orderParties.admin!.expect(200, 'POST', `/api/v1/catalog/changes/${paid.change.id}/reject`, { reason: 'matrix' });
  await catalogParties.owner!.expect(200, 'PUT', '/api/v1/catalog/settings', { twoPersonRule: false });
  return order.id;
}
async function catalogPendingChange(): Promise<string> {
  const approved = await catalogParties.manager!.expect<{ change: { id: string } }>(200, 'POST', `/api/v1/catalog/requests/${await catalogRequestOfB()}/approve`, {});
  return approved.change.id;
}
/** The image as a multipart/form-data body (ApiClient sends bytes as they are). */
function mediaUpload(file: Uint8Array = matrixImage, name = 'matrix.png'): { body: Uint8Array; headers: Record<string, string> } {
  const boundary = 'matrix-boundary';
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`);
  return { body: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const jsonl = (n: number) => ({ body: Array.from({ length: n }, (_, i) => JSON.stringify({ text: `导入 ${i}` })).join('\n'), headers: { 'content-type': 'application/x-ndjson' } });

/** Leases a task for the role when it may annotate (else the ids keep another user's assignment: 403 comes first). */
async function leaseFor(run: RoleRun): Promise<void> {
  if (!can(run.role, 'task.annotate')) return;
  const next = await run.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${run.ids.project}/next`);
  if (!next.assignment) throw new Error(`no task left for ${run.role}`);
  run.ids.assignment = next.assignment.id;
}

const FFMPEG = ffmpegAvailable();

const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/api/v1/health', access: 'public', ok: 200, request: () => ({ path: '/api/v1/health' }) },
  { method: 'GET', path: '/api/v1/setup', access: 'public', ok: 200, request: () => ({ path: '/api/v1/setup' }) },
  // Setup is done once per installation: afterwards it is a conflict for everyone.
  {
    method: 'POST',
    path: '/api/v1/setup',
    access: 'public',
    ok: 409,
    request: () => ({ path: '/api/v1/setup', body: { email: uniqueEmail('setup'), password: 'a-long-password', name: 'X', orgName: 'Hijack' } }),
  },
  { method: 'POST', path: '/api/v1/auth/login', access: 'public', ok: 200, request: (ids) => ({ path: '/api/v1/auth/login', body: { email: ids.email, password: ids.password } }) },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    access: 'optional',
    ok: 204,
    request: () => ({ path: '/api/v1/auth/logout' }),
    // Logging out ends the session: do it with a second session so the role keeps its own.
    async prepare(run) {
      const other = new ApiClient(run.client.baseUrl);
      await other.login(run.ids.email, run.ids.password);
      return { client: other };
    },
  },
  { method: 'GET', path: '/api/v1/auth/me', access: 'user', ok: 200, request: () => ({ path: '/api/v1/auth/me' }) },
  // Signing out everywhere else: the role keeps the session it walks the table with.
  { method: 'POST', path: '/api/v1/auth/logout-all', access: 'user', ok: 200, request: () => ({ path: '/api/v1/auth/logout-all', body: { keepCurrentSession: true } }) },
  { method: 'POST', path: '/api/v1/auth/tokens', access: 'user', ok: 201, request: () => ({ path: '/api/v1/auth/tokens', body: { name: 'matrix' } }) },
  { method: 'GET', path: '/api/v1/auth/tokens', access: 'user', ok: 200, request: () => ({ path: '/api/v1/auth/tokens' }) },
  {
    method: 'DELETE',
    path: '/api/v1/auth/tokens/{id}',
    access: 'user',
    object: 'token',
    ok: 204,
    request: (ids) => ({ path: `/api/v1/auth/tokens/${ids.token}` }),
    async prepare(run) {
      run.ids.token = (await run.client.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'to-revoke' })).id;
    },
  },
  { method: 'GET', path: '/api/v1/orgs', access: 'user', ok: 200, request: () => ({ path: '/api/v1/orgs' }) },
  { method: 'POST', path: '/api/v1/orgs', access: 'user', ok: 201, request: () => ({ path: '/api/v1/orgs', body: { name: `org-${++emailCounter}` } }) },
  { method: 'GET', path: '/api/v1/orgs/{orgId}/members', access: 'tenant', permission: 'org.read', object: 'org', ok: 200, request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/members` }) },
  // Sign-in rules (docs/security.md). An empty allow-list keeps every later call of the walk allowed.
  { method: 'GET', path: '/api/v1/orgs/{orgId}/security', access: 'tenant', permission: 'org.manage_members', object: 'org', ok: 200, request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/security` }) },
  { method: 'PUT', path: '/api/v1/orgs/{orgId}/security', access: 'tenant', permission: 'org.manage_members', object: 'org', ok: 200, request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/security`, body: { ipAllowlist: [] } }) },
  { method: 'GET', path: '/api/v1/orgs/{orgId}/sso', access: 'tenant', permission: 'org.manage_members', object: 'org', ok: 200, request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/sso` }) },
  {
    method: 'PUT',
    path: '/api/v1/orgs/{orgId}/sso',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'org',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/sso`, body: { issuer: 'https://idp.example.com', clientId: 'matrix', clientSecret: 'matrix-secret', enabled: false } }),
  },
  // Single sign-on is public by nature (it is how one signs in). Org A has none enabled (the matrix saves it disabled), so starting answers 404;
  // a callback without code and state is refused before anything else (oidc.integration.test.ts walks the real flow).
  { method: 'GET', path: '/api/v1/auth/oidc/{org}/start', access: 'public', ok: 404, request: (ids) => ({ path: `/api/v1/auth/oidc/${ids.org}/start` }) },
  { method: 'GET', path: '/api/v1/auth/oidc/callback', access: 'public', ok: 400, request: () => ({ path: '/api/v1/auth/oidc/callback' }) },
  { method: 'GET', path: '/api/v1/orgs/{orgId}/members/access', access: 'tenant', permission: 'org.manage_members', object: 'org', ok: 200, request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/members/access` }) },
  {
    method: 'POST',
    path: '/api/v1/orgs/{orgId}/members/{userId}/disable',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'org',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/members/${ids.member}/disable`, body: { reason: 'matrix' } }),
    async prepare(run) {
      if (!can(run.role, 'org.manage_members')) return;
      run.ids.member = (await run.client.expect<MemberDto>(201, 'POST', `/api/v1/orgs/${run.ids.org}/members`, { email: uniqueEmail('disabled'), role: 'viewer', password: PASSWORD })).user.id;
    },
  },
  // Enables the member the row above disabled.
  { method: 'POST', path: '/api/v1/orgs/{orgId}/members/{userId}/enable', access: 'tenant', permission: 'org.manage_members', object: 'org', ok: 200, request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/members/${ids.member}/enable` }) },
  {
    method: 'POST',
    path: '/api/v1/orgs/{orgId}/members',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'org',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/orgs/${ids.org}/members`, body: { email: uniqueEmail('added'), role: 'annotator', password: PASSWORD } }),
  },
  { method: 'GET', path: '/api/v1/audit', access: 'tenant', permission: 'audit.read', ok: 200, request: () => ({ path: '/api/v1/audit' }) },
  { method: 'GET', path: '/api/v1/audit/export', access: 'tenant', permission: 'audit.read', ok: 200, request: () => ({ path: '/api/v1/audit/export?action=task.*' }) },
  { method: 'GET', path: '/api/v1/audit/alerts', access: 'tenant', permission: 'audit.read', ok: 200, request: () => ({ path: '/api/v1/audit/alerts?hours=1' }) },
  { method: 'GET', path: '/api/v1/projects', access: 'tenant', permission: 'project.read', ok: 200, request: () => ({ path: '/api/v1/projects' }) },
  {
    method: 'POST',
    path: '/api/v1/projects',
    access: 'tenant',
    permission: 'project.write',
    ok: 201,
    request: () => ({ path: '/api/v1/projects', body: { name: 'matrix', labelConfig: textClassificationTemplate } }),
  },
  { method: 'GET', path: '/api/v1/projects/{id}', access: 'tenant', permission: 'project.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}` }) },
  {
    method: 'PATCH',
    path: '/api/v1/projects/{id}',
    access: 'tenant',
    permission: 'project.write',
    object: 'project',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/projects/${ids.project}`, body: { description: 'changed' } }),
  },
  { method: 'GET', path: '/api/v1/projects/{id}/tasks', access: 'tenant', permission: 'task.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/tasks` }) },
  {
    method: 'POST',
    path: '/api/v1/projects/{id}/import',
    access: 'tenant',
    permission: 'task.import',
    object: 'project',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/projects/${ids.project}/import?format=jsonl`, ...jsonl(2) }),
  },
  { method: 'GET', path: '/api/v1/projects/{id}/export', access: 'tenant', permission: 'project.export', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/export?format=jsonl` }) },
  // An annotator may read a task they worked on (see the own-work test below); the matrix uses one nobody touched.
  { method: 'GET', path: '/api/v1/tasks/{id}', access: 'tenant', permission: 'task.read', object: 'task', ok: 200, request: (ids) => ({ path: `/api/v1/tasks/${ids.untouchedTask}` }) },
  { method: 'POST', path: '/api/v1/projects/{id}/next', access: 'tenant', permission: 'task.annotate', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/next` }) },
  {
    method: 'POST',
    path: '/api/v1/assignments/{id}/release',
    access: 'tenant',
    permission: 'task.annotate',
    object: 'assignment',
    ok: 204,
    request: (ids) => ({ path: `/api/v1/assignments/${ids.assignment}/release` }),
    prepare: leaseFor,
  },
  {
    method: 'POST',
    path: '/api/v1/assignments/{id}/skip',
    access: 'tenant',
    permission: 'task.annotate',
    object: 'assignment',
    ok: 204,
    request: (ids) => ({ path: `/api/v1/assignments/${ids.assignment}/skip` }),
    prepare: leaseFor,
  },
  {
    method: 'POST',
    path: '/api/v1/assignments/{id}/annotations',
    access: 'tenant',
    permission: 'task.annotate',
    object: 'assignment',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/assignments/${ids.assignment}/annotations`, body: { result: choiceResult('negative'), leadTimeMs: 10 } }),
    prepare: leaseFor,
  },
  {
    method: 'PUT',
    path: '/api/v1/annotations/{id}',
    access: 'tenant',
    permission: 'task.annotate',
    object: 'annotation',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/annotations/${ids.annotation}`, body: { result: choiceResult('neutral'), baseVersion: ids.annotationVersion } }),
  },
  {
    method: 'GET',
    path: '/api/v1/annotations/{id}/versions',
    access: 'tenant',
    permission: 'task.annotate',
    object: 'annotation',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/annotations/${ids.annotation}/versions` }),
  },
  // The transparency log: checkpoint, keys and proofs hold only hashes and are public, as in Certificate Transparency.
  { method: 'GET', path: '/api/v1/log/checkpoint', access: 'public', ok: 200, request: () => ({ path: '/api/v1/log/checkpoint' }) },
  { method: 'GET', path: '/api/v1/log/keys', access: 'public', ok: 200, request: () => ({ path: '/api/v1/log/keys' }) },
  { method: 'GET', path: '/api/v1/log/proof/inclusion', access: 'public', ok: 200, request: () => ({ path: '/api/v1/log/proof/inclusion?index=0' }) },
  { method: 'GET', path: '/api/v1/log/proof/consistency', access: 'public', ok: 200, request: () => ({ path: '/api/v1/log/proof/consistency?from=1&to=2' }) },
  { method: 'GET', path: '/api/v1/history/{subject}/{id}', access: 'tenant', permission: 'task.read', object: 'task', ok: 200, request: (ids) => ({ path: `/api/v1/history/task/${ids.task}` }) },
  {
    method: 'POST',
    path: '/api/v1/projects/{id}/dataset-versions',
    access: 'tenant',
    permission: 'project.export',
    object: 'project',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/projects/${ids.project}/dataset-versions`, body: { name: 'matrix version' } }),
  },
  { method: 'GET', path: '/api/v1/projects/{id}/dataset-versions', access: 'tenant', permission: 'project.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/dataset-versions` }) },
  { method: 'GET', path: '/api/v1/dataset-versions/{id}', access: 'tenant', permission: 'project.read', object: 'dataset', ok: 200, request: (ids) => ({ path: `/api/v1/dataset-versions/${ids.dataset}` }) },
  // The quality workflow. A's project reviews everything and has an AQL, so every role finds work to review and lots to form.
  { method: 'PUT', path: '/api/v1/tasks/{id}/gold', access: 'tenant', permission: 'project.write', object: 'task', ok: 200, request: (ids) => ({ path: `/api/v1/tasks/${ids.untouchedTask}/gold`, body: { result: choiceResult('neutral') } }) },
  { method: 'DELETE', path: '/api/v1/tasks/{id}/gold', access: 'tenant', permission: 'project.write', object: 'task', ok: 204, request: (ids) => ({ path: `/api/v1/tasks/${ids.untouchedTask}/gold` }) },
  { method: 'POST', path: '/api/v1/projects/{id}/review/next', access: 'tenant', permission: 'task.review', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/review/next` }) },
  {
    method: 'POST',
    path: '/api/v1/reviews/{id}',
    access: 'tenant',
    permission: 'task.review',
    object: 'review',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/reviews/${ids.review}`, body: { decision: 'accept' } }),
    async prepare(run) {
      if (!can(run.role, 'task.review')) return;
      const next = await run.client.expect<{ item: { id: string } | null }>(200, 'POST', `/api/v1/projects/${run.ids.project}/review/next`);
      if (!next.item) throw new Error(`nothing to review for ${run.role}`);
      run.ids.review = next.item.id;
    },
  },
  { method: 'GET', path: '/api/v1/projects/{id}/returned', access: 'tenant', permission: 'task.annotate', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/returned` }) },
  { method: 'POST', path: '/api/v1/projects/{id}/lots', access: 'tenant', permission: 'project.write', object: 'project', ok: 201, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/lots`, body: {} }) },
  { method: 'GET', path: '/api/v1/projects/{id}/lots', access: 'tenant', permission: 'task.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/lots` }) },
  { method: 'POST', path: '/api/v1/projects/{id}/adjudication/next', access: 'tenant', permission: 'task.review', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/adjudication/next` }) },
  {
    method: 'PUT',
    path: '/api/v1/tasks/{id}/adjudication',
    access: 'tenant',
    permission: 'task.review',
    object: 'task',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/tasks/${ids.adjudicationTask}/adjudication`, body: { result: choiceResult('positive') } }),
    async prepare(run) {
      if (!can(run.role, 'task.review')) return;
      const next = await run.client.expect<{ item: { task: { id: string } } | null }>(200, 'POST', `/api/v1/projects/${run.ids.project}/adjudication/next`);
      if (!next.item) throw new Error(`nothing to adjudicate for ${run.role}`);
      run.ids.adjudicationTask = next.item.task.id;
    },
  },
  {
    method: 'POST',
    path: '/api/v1/dataset-versions/{id}/inspections',
    access: 'tenant',
    permission: 'project.write',
    object: 'dataset',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/dataset-versions/${ids.dataset}/inspections`, body: { sampleSize: 2 } }),
  },
  { method: 'GET', path: '/api/v1/dataset-versions/{id}/inspections', access: 'tenant', permission: 'project.read', object: 'dataset', ok: 200, request: (ids) => ({ path: `/api/v1/dataset-versions/${ids.dataset}/inspections` }) },
  { method: 'POST', path: '/api/v1/inspections/{id}/next', access: 'tenant', permission: 'task.review', object: 'inspection', ok: 200, request: (ids) => ({ path: `/api/v1/inspections/${ids.inspection}/next` }) },
  {
    method: 'POST',
    path: '/api/v1/inspection-items/{id}',
    access: 'tenant',
    permission: 'task.review',
    object: 'inspectionItem',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/inspection-items/${ids.inspectionItem}`, body: { correct: true } }),
    async prepare(run) {
      if (!can(run.role, 'task.review')) return;
      const next = await run.client.expect<{ item: { id: string } | null }>(200, 'POST', `/api/v1/inspections/${run.ids.inspection}/next`);
      if (!next.item) throw new Error(`nothing to inspect for ${run.role}`);
      run.ids.inspectionItem = next.item.id;
    },
  },
  { method: 'GET', path: '/api/v1/projects/{id}/quality/report', access: 'tenant', permission: 'task.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/quality/report` }) },
  { method: 'GET', path: '/api/v1/projects/{id}/quality', access: 'tenant', permission: 'task.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/quality` }) },
  // Training and certification. A's project keeps requiring nothing (an empty list), so /next stays open for the walk.
  { method: 'GET', path: '/api/v1/courses', access: 'tenant', permission: 'project.read', ok: 200, request: () => ({ path: '/api/v1/courses' }) },
  { method: 'POST', path: '/api/v1/courses', access: 'tenant', permission: 'training.manage', ok: 201, request: () => ({ path: '/api/v1/courses', body: { title: 'matrix', body: '# matrix' } }) },
  { method: 'GET', path: '/api/v1/courses/{id}', access: 'tenant', permission: 'project.read', object: 'course', ok: 200, request: (ids) => ({ path: `/api/v1/courses/${ids.course}` }) },
  { method: 'PUT', path: '/api/v1/courses/{id}', access: 'tenant', permission: 'training.manage', object: 'course', ok: 200, request: (ids) => ({ path: `/api/v1/courses/${ids.course}`, body: { title: 'A 课程', body: 'changed' } }) },
  { method: 'GET', path: '/api/v1/exams', access: 'tenant', permission: 'project.read', ok: 200, request: () => ({ path: '/api/v1/exams' }) },
  { method: 'POST', path: '/api/v1/exams', access: 'tenant', permission: 'training.manage', ok: 201, request: () => ({ path: '/api/v1/exams', body: matrixExam() }) },
  { method: 'GET', path: '/api/v1/exams/{id}', access: 'tenant', permission: 'project.read', object: 'exam', ok: 200, request: (ids) => ({ path: `/api/v1/exams/${ids.exam}` }) },
  // The same items as created: an attempted exam keeps its items, only its settings change.
  { method: 'PUT', path: '/api/v1/exams/{id}', access: 'tenant', permission: 'training.manage', object: 'exam', ok: 200, request: (ids) => ({ path: `/api/v1/exams/${ids.exam}`, body: matrixExam(ids.certification) }) },
  { method: 'POST', path: '/api/v1/exams/{id}/attempts', access: 'tenant', permission: 'project.read', object: 'exam', ok: 201, request: (ids) => ({ path: `/api/v1/exams/${ids.exam}/attempts`, body: { mode: 'practice' } }) },
  {
    method: 'GET',
    path: '/api/v1/exam-attempts/{id}',
    access: 'tenant',
    permission: 'project.read',
    object: 'attempt',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/exam-attempts/${ids.attempt}` }),
    // The role's own practice run, answered and finished by the next two rows.
    async prepare(run) {
      const attempt = await run.client.expect<{ id: string; items: { id: string }[] }>(201, 'POST', `/api/v1/exams/${run.ids.exam}/attempts`, { mode: 'practice' });
      run.ids.attempt = attempt.id;
      run.ids.examItem = attempt.items[0]!.id;
    },
  },
  {
    method: 'PUT',
    path: '/api/v1/exam-attempts/{id}/answers/{itemId}',
    access: 'tenant',
    permission: 'project.read',
    object: 'attempt',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/exam-attempts/${ids.attempt}/answers/${ids.examItem}`, body: { result: choiceResult('positive') } }),
  },
  { method: 'POST', path: '/api/v1/exam-attempts/{id}/finish', access: 'tenant', permission: 'project.read', object: 'attempt', ok: 200, request: (ids) => ({ path: `/api/v1/exam-attempts/${ids.attempt}/finish` }) },
  { method: 'GET', path: '/api/v1/certifications', access: 'tenant', permission: 'project.read', ok: 200, request: () => ({ path: '/api/v1/certifications' }) },
  { method: 'POST', path: '/api/v1/certifications', access: 'tenant', permission: 'training.manage', ok: 201, request: () => ({ path: '/api/v1/certifications', body: { name: `matrix-${++emailCounter}` } }) },
  {
    method: 'PUT',
    path: '/api/v1/certifications/{id}',
    access: 'tenant',
    permission: 'training.manage',
    object: 'certification',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/certifications/${ids.certification}`, body: { name: ids.certificationName, validityDays: 365 } }),
  },
  { method: 'GET', path: '/api/v1/certifications/{id}/holders', access: 'tenant', permission: 'training.manage', object: 'certification', ok: 200, request: (ids) => ({ path: `/api/v1/certifications/${ids.certification}/holders` }) },
  {
    method: 'POST',
    path: '/api/v1/certifications/{id}/holders/{userId}/status',
    access: 'tenant',
    permission: 'training.manage',
    object: 'certification',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/certifications/${ids.certification}/holders/${ids.holder}/status`, body: { status: 'active', reason: 'matrix reinstates' } }),
    // Suspends the owner's holding first, so that every role that may reinstate it finds it suspended.
    async prepare(run) {
      if (!can(run.role, 'training.manage')) return;
      await run.client.expect(200, 'POST', `/api/v1/certifications/${run.ids.certification}/holders/${run.ids.holder}/status`, { status: 'suspended', reason: 'matrix suspends' });
    },
  },
  { method: 'GET', path: '/api/v1/projects/{id}/certifications', access: 'tenant', permission: 'project.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/certifications` }) },
  { method: 'PUT', path: '/api/v1/projects/{id}/certifications', access: 'tenant', permission: 'training.manage', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/certifications`, body: { certificationIds: [] } }) },
  {
    method: 'GET',
    path: '/api/v1/users/{id}/skills',
    access: 'tenant',
    permission: 'project.read',
    object: 'user',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/users/${ids.user}/skills` }),
    // Everyone reads their own record (others' need training.manage: training.integration.test.ts).
    async prepare(run) {
      run.ids.user = run.client.me!.user.id;
    },
  },
  { method: 'GET', path: '/api/v1/dataset-versions/{id}/bundle', access: 'tenant', permission: 'project.export', object: 'dataset', ok: 200, request: (ids) => ({ path: `/api/v1/dataset-versions/${ids.dataset}/bundle` }) },
  // Media (docs/media.md). Re-uploading the matrix image reports a duplicate: still a 200 report.
  { method: 'POST', path: '/api/v1/projects/{id}/media', access: 'tenant', permission: 'task.import', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.imageProject}/media`, ...mediaUpload() }) },
  // This suite configures no YUNGANG_IMPORT_ROOT: whoever passes the permission and project checks learns that folder import is off (media.integration.test.ts imports for real).
  { method: 'POST', path: '/api/v1/projects/{id}/media/folder', access: 'tenant', permission: 'org.manage_members', object: 'project', ok: 400, request: (ids) => ({ path: `/api/v1/projects/${ids.imageProject}/media/folder`, body: { path: 'anything' } }) },
  { method: 'POST', path: '/api/v1/projects/{id}/pipeline/dry-run', access: 'tenant', permission: 'task.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/pipeline/dry-run`, body: { spec: { operators: [{ op: 'normalize' }] }, sample: 2 } }) },
  // A run makes a new project: only roles that may import and write projects.
  {
    method: 'POST',
    path: '/api/v1/projects/{id}/pipeline/runs',
    access: 'tenant',
    permission: 'project.write',
    object: 'project',
    ok: 202,
    request: (ids) => ({ path: `/api/v1/projects/${ids.project}/pipeline/runs`, body: { spec: { operators: [{ op: 'normalize' }] } } }),
  },
  // Synthetic data (docs/augmentation.md): each makes a job and writes a project, so project.write like a pipeline run.
  { method: 'POST', path: '/api/v1/projects/{id}/augment', access: 'tenant', permission: 'project.write', object: 'project', ok: 202, request: (ids) => ({ path: `/api/v1/projects/${ids.imageProject}/augment`, body: { variants: [[{ kind: 'flip', axis: 'horizontal' }]] } }) },
  // A's backend is a rules one: whoever passes the permission and project checks learns it is not a chat model (synthesis.integration.test.ts runs one for real).
  { method: 'POST', path: '/api/v1/projects/{id}/synthesize', access: 'tenant', permission: 'project.write', object: 'project', ok: 400, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/synthesize`, body: { backendId: ids.modelBackend, prompt: 'write {{count}}', count: 1 } }) },
  // A's text project has no audio field: a 400 that says so, past the permission and project checks.
  { method: 'POST', path: '/api/v1/projects/{id}/synthesize-speech', access: 'tenant', permission: 'project.write', object: 'project', ok: 400, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/synthesize-speech`, body: { engine: 'espeak-ng', texts: ['hello'] } }) },
  { method: 'GET', path: '/api/v1/jobs', access: 'tenant', permission: 'project.read', ok: 200, request: () => ({ path: '/api/v1/jobs' }) },
  { method: 'GET', path: '/api/v1/jobs/{id}', access: 'tenant', permission: 'project.read', object: 'job', ok: 200, request: (ids) => ({ path: `/api/v1/jobs/${ids.job}` }) },
  { method: 'POST', path: '/api/v1/jobs/{id}/cancel', access: 'tenant', permission: 'task.import', object: 'job', ok: 200, request: (ids) => ({ path: `/api/v1/jobs/${ids.job}/cancel` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.media}` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/thumb', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.media}/thumb` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/peaks', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, needs: 'ffmpeg', request: (ids) => ({ path: `/api/v1/media/${ids.audio}/peaks` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/spectrogram', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, needs: 'ffmpeg', request: (ids) => ({ path: `/api/v1/media/${ids.audio}/spectrogram?start=0&end=1&width=64&height=32` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/frames', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, needs: 'ffmpeg', request: (ids) => ({ path: `/api/v1/media/${ids.video}/frames` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/layout', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.document}/layout` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/pages/{page}', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.document}/pages/1` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/pages/{page}/thumb', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.document}/pages/1/thumb` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/pages/{page}/text', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.document}/pages/1/text` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/original', access: 'tenant', permission: 'project.export', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.media}/original` }) },
  { method: 'GET', path: '/api/v1/media/{sha256}/tiles/image.dzi', access: 'tenant', permission: 'project.read', object: 'media', ok: 200, request: (ids) => ({ path: `/api/v1/media/${ids.media}/tiles/image.dzi` }) },
  {
    method: 'GET',
    path: '/api/v1/media/{sha256}/tiles/image_files/{level}/{tile}',
    access: 'tenant',
    permission: 'project.read',
    object: 'media',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/media/${ids.media}/tiles/image_files/13/0_0.jpeg` }),
  },
  // AI-assisted annotation (docs/models.md). A's project uses a rules backend, so suggestions need no network.
  { method: 'GET', path: '/api/v1/model-backends', access: 'tenant', permission: 'project.read', ok: 200, request: () => ({ path: '/api/v1/model-backends' }) },
  { method: 'POST', path: '/api/v1/model-backends', access: 'tenant', permission: 'model.manage', ok: 201, request: () => ({ path: '/api/v1/model-backends', body: { name: `matrix ${++emailCounter}`, kind: 'rules', rules: { keywords: [] } } }) },
  { method: 'PATCH', path: '/api/v1/model-backends/{id}', access: 'tenant', permission: 'model.manage', object: 'modelBackend', ok: 200, request: (ids) => ({ path: `/api/v1/model-backends/${ids.modelBackend}`, body: { ratePerMinute: 1000 } }) },
  { method: 'POST', path: '/api/v1/model-backends/{id}/health', access: 'tenant', permission: 'model.manage', object: 'modelBackend', ok: 200, request: (ids) => ({ path: `/api/v1/model-backends/${ids.modelBackend}/health` }) },
  { method: 'GET', path: '/api/v1/projects/{id}/model-settings', access: 'tenant', permission: 'project.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/model-settings` }) },
  { method: 'PUT', path: '/api/v1/projects/{id}/model-settings', access: 'tenant', permission: 'model.manage', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/model-settings`, body: { backendId: ids.modelBackend } }) },
  { method: 'POST', path: '/api/v1/projects/{id}/tasks/{taskId}/suggest', access: 'tenant', permission: 'task.annotate', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/tasks/${ids.task}/suggest`, body: {} }) },
  // LLM-as-judge: A's backend is rules, which cannot judge (400) — the wall and the permission come first.
  { method: 'POST', path: '/api/v1/projects/{id}/tasks/{taskId}/judge', access: 'tenant', permission: 'task.review', object: 'project', ok: 400, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/tasks/${ids.task}/judge`, body: {} }) },
  { method: 'GET', path: '/api/v1/projects/{id}/tasks/{taskId}/judgements', access: 'tenant', permission: 'task.review', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/tasks/${ids.task}/judgements` }) },
  { method: 'GET', path: '/api/v1/projects/{id}/model-accuracy', access: 'tenant', permission: 'task.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/model-accuracy` }) },
  { method: 'POST', path: '/api/v1/projects/{id}/preannotate', access: 'tenant', permission: 'model.manage', object: 'project', ok: 202, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/preannotate`, body: { taskFilter: { maxTasks: 1 } } }) },
  // Last of the model rows: a role that may delete removes a backend of its own, so A's stays for the rows above.
  {
    method: 'DELETE',
    path: '/api/v1/model-backends/{id}',
    access: 'tenant',
    permission: 'model.manage',
    object: 'modelBackend',
    ok: 204,
    request: (ids) => ({ path: `/api/v1/model-backends/${ids.modelBackend}` }),
    async prepare(run) {
      if (can(run.role, 'model.manage')) run.ids.modelBackend = (await run.client.expect<{ id: string }>(201, 'POST', '/api/v1/model-backends', { name: `to delete ${run.role}`, kind: 'rules', rules: {} })).id;
    },
  },
  // The catalog (docs/catalog.md). Rows whose act can happen once get a fresh object in prepare.
  { method: 'GET', path: '/api/v1/catalog/cards', access: 'tenant', permission: 'org.read', ok: 200, request: () => ({ path: '/api/v1/catalog/cards?q=%E5%85%AC%E5%BC%80' }) },
  {
    method: 'POST',
    path: '/api/v1/catalog/cards',
    access: 'tenant',
    permission: 'project.export',
    ok: 201,
    request: (ids) => ({ path: '/api/v1/catalog/cards', body: { datasetVersionId: ids.cardDataset, title: 'matrix', industry: 'other', modality: 'text', licence: 'custom', visibility: 'private' } }),
    async prepare(run) {
      if (!can(run.role, 'project.export')) return;
      run.ids.cardDataset = (await run.client.expect<{ id: string }>(201, 'POST', `/api/v1/projects/${run.ids.project}/dataset-versions`, { name: `matrix ${run.role}` })).id;
    },
  },
  { method: 'GET', path: '/api/v1/catalog/cards/{id}', access: 'tenant', permission: 'org.read', object: 'catalogCard', ok: 200, request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}` }) },
  {
    method: 'PATCH',
    path: '/api/v1/catalog/cards/{id}',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogCard',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}`, body: { description: 'changed' } }),
  },
  // Narrowing to private takes effect at once (widening would wait for approval: catalog.integration.test.ts).
  {
    method: 'PUT',
    path: '/api/v1/catalog/cards/{id}/audience',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogCard',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}/audience`, body: { published: false, visibility: 'private' } }),
  },
  // A's roles ask for A's own card: refused as pointless (400); B's real requests are walked in catalog.integration.test.ts.
  {
    method: 'POST',
    path: '/api/v1/catalog/cards/{id}/requests',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogCard',
    ok: 400,
    request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}/requests`, body: { purpose: 'matrix' } }),
  },
  { method: 'GET', path: '/api/v1/catalog/requests', access: 'tenant', permission: 'project.export', ok: 200, request: () => ({ path: '/api/v1/catalog/requests?direction=incoming' }) },
  {
    method: 'POST',
    path: '/api/v1/catalog/requests/{id}/approve',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogRequest',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/requests/${ids.catalogRequest}/approve`, body: { downloadLimit: 1 } }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.catalogRequest = await catalogRequestOfB();
    },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/requests/{id}/refuse',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogRequest',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/requests/${ids.catalogRequest}/refuse`, body: { reason: 'matrix' } }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.catalogRequest = await catalogRequestOfB();
    },
  },
  { method: 'GET', path: '/api/v1/catalog/entitlements', access: 'tenant', permission: 'project.export', ok: 200, request: () => ({ path: '/api/v1/catalog/entitlements' }) },
  {
    method: 'POST',
    path: '/api/v1/catalog/entitlements/{id}/revoke',
    access: 'tenant',
    permission: 'project.export',
    object: 'entitlement',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/entitlements/${ids.entitlement}/revoke`, body: { reason: 'matrix' } }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.entitlement = await catalogGrantToB();
    },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/entitlements/{id}/tokens',
    access: 'tenant',
    permission: 'project.export',
    object: 'heldEntitlement',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/catalog/entitlements/${ids.heldEntitlement}/tokens` }),
  },
  // Tokens are single-use: each role allowed to download spends one of its own.
  {
    method: 'GET',
    path: '/api/v1/catalog/downloads/{token}',
    access: 'tenant',
    permission: 'project.export',
    object: 'downloadToken',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/downloads/${ids.downloadToken}` }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.downloadToken = (await run.client.expect<{ token: string }>(201, 'POST', `/api/v1/catalog/entitlements/${run.ids.heldEntitlement}/tokens`)).token;
    },
  },
  { method: 'GET', path: '/api/v1/catalog/changes', access: 'tenant', permission: 'project.export', ok: 200, request: () => ({ path: '/api/v1/catalog/changes?status=pending' }) },
  {
    method: 'POST',
    path: '/api/v1/catalog/changes/{id}/approve',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'catalogChange',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/changes/${ids.catalogChange}/approve` }),
    async prepare(run) {
      if (can(run.role, 'org.manage_members')) run.ids.catalogChange = await catalogPendingChange();
    },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/changes/{id}/reject',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'catalogChange',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/changes/${ids.catalogChange}/reject`, body: { reason: 'matrix' } }),
    async prepare(run) {
      if (can(run.role, 'org.manage_members')) run.ids.catalogChange = await catalogPendingChange();
    },
  },
  { method: 'GET', path: '/api/v1/catalog/settings', access: 'tenant', permission: 'org.read', ok: 200, request: () => ({ path: '/api/v1/catalog/settings' }) },
  { method: 'PUT', path: '/api/v1/catalog/settings', access: 'tenant', permission: 'org.manage_members', ok: 200, request: () => ({ path: '/api/v1/catalog/settings', body: { twoPersonRule: false } }) },
  { method: 'GET', path: '/api/v1/catalog/organizations', access: 'tenant', permission: 'project.export', ok: 200, request: () => ({ path: '/api/v1/catalog/organizations' }) },
  // Licence tiers and orders (docs/catalog.md, "Licences and orders"); every transition and refusal is walked in catalog-orders.integration.test.ts.
  { method: 'GET', path: '/api/v1/catalog/cards/{id}/tiers', access: 'tenant', permission: 'org.read', object: 'catalogCard', ok: 200, request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}/tiers` }) },
  {
    method: 'POST',
    path: '/api/v1/catalog/cards/{id}/tiers',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogCard',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}/tiers`, body: { name: 'matrix', priceMinor: 100, permittedUse: 'matrix' } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/catalog/tiers/{id}',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogTier',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/tiers/${ids.catalogTier}`, body: { description: 'changed' } }),
  },
  { method: 'GET', path: '/api/v1/catalog/cards/{id}/report', access: 'tenant', permission: 'project.export', object: 'catalogCard', ok: 200, request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}/report` }) },
  // A's roles order A's own card: refused as pointless (400).
  {
    method: 'POST',
    path: '/api/v1/catalog/cards/{id}/orders',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogCard',
    ok: 400,
    request: (ids) => ({ path: `/api/v1/catalog/cards/${ids.catalogCard}/orders`, body: { tierId: ids.catalogTier, purpose: 'matrix' } }),
  },
  { method: 'GET', path: '/api/v1/catalog/orders', access: 'tenant', permission: 'project.export', ok: 200, request: () => ({ path: '/api/v1/catalog/orders?side=seller' }) },
  { method: 'GET', path: '/api/v1/catalog/orders/{id}', access: 'tenant', permission: 'project.export', object: 'catalogOrder', ok: 200, request: (ids) => ({ path: `/api/v1/catalog/orders/${ids.catalogOrder}` }) },
  { method: 'GET', path: '/api/v1/catalog/orders/{id}/receipt', access: 'tenant', permission: 'project.export', object: 'catalogOrder', ok: 200, request: (ids) => ({ path: `/api/v1/catalog/orders/${ids.catalogOrder}/receipt` }) },
  {
    method: 'POST',
    path: '/api/v1/catalog/orders/{id}/confirm',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogOrder',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/orders/${ids.catalogOrder}/confirm` }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.catalogOrder = await catalogOrderOfC('requested');
    },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/orders/{id}/refuse',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogOrder',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/orders/${ids.catalogOrder}/refuse`, body: { reason: 'matrix' } }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.catalogOrder = await catalogOrderOfC('requested');
    },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/orders/{id}/cancel',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogOrder',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/orders/${ids.catalogOrder}/cancel`, body: {} }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.catalogOrder = await catalogOrderOfC('confirmed');
    },
  },
  // Marking paid is an owner's or admin's act (a manager may export, but gets 403 here).
  {
    method: 'POST',
    path: '/api/v1/catalog/orders/{id}/pay',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'catalogOrder',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/orders/${ids.catalogOrder}/pay`, body: { paymentReference: 'matrix' } }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.catalogOrder = await catalogOrderOfC('confirmed');
    },
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/orders/{id}/fulfil',
    access: 'tenant',
    permission: 'project.export',
    object: 'catalogOrder',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/catalog/orders/${ids.catalogOrder}/fulfil` }),
    async prepare(run) {
      if (can(run.role, 'project.export')) run.ids.catalogOrder = await catalogOrderOfC('paid');
    },
  },
  // Resumable uploads (docs/media.md): a session is its starter's alone, so each role allowed to upload uses its own.
  {
    method: 'POST',
    path: '/api/v1/projects/{id}/uploads',
    access: 'tenant',
    permission: 'task.import',
    object: 'project',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/projects/${ids.imageProject}/uploads`, body: { filename: 'matrix.png', size: 100 } }),
  },
  {
    method: 'GET',
    path: '/api/v1/uploads/{id}',
    access: 'tenant',
    permission: 'task.import',
    object: 'upload',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/uploads/${ids.upload}` }),
    async prepare(run) {
      if (can(run.role, 'task.import')) run.ids.upload = await uploadSessionOf(run.client, run.ids.imageProject);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v1/uploads/{id}',
    access: 'tenant',
    permission: 'task.import',
    object: 'upload',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/uploads/${ids.upload}`, body: 'first bytes', headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' } }),
    async prepare(run) {
      if (can(run.role, 'task.import')) run.ids.upload = await uploadSessionOf(run.client, run.ids.imageProject);
    },
  },
  // Completing before every byte arrived is refused (409) with where to go on; the whole flow is in uploads.integration.test.ts.
  {
    method: 'POST',
    path: '/api/v1/uploads/{id}/complete',
    access: 'tenant',
    permission: 'task.import',
    object: 'upload',
    ok: 409,
    request: (ids) => ({ path: `/api/v1/uploads/${ids.upload}/complete` }),
    async prepare(run) {
      if (can(run.role, 'task.import')) run.ids.upload = await uploadSessionOf(run.client, run.ids.imageProject);
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/uploads/{id}',
    access: 'tenant',
    permission: 'task.import',
    object: 'upload',
    ok: 204,
    request: (ids) => ({ path: `/api/v1/uploads/${ids.upload}` }),
    async prepare(run) {
      if (can(run.role, 'task.import')) run.ids.upload = await uploadSessionOf(run.client, run.ids.imageProject);
    },
  },
  // The import pipeline (docs/pipelines.md, "On import").
  { method: 'GET', path: '/api/v1/projects/{id}/import-pipeline', access: 'tenant', permission: 'project.read', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/import-pipeline` }) },
  {
    method: 'PUT',
    path: '/api/v1/projects/{id}/import-pipeline',
    access: 'tenant',
    permission: 'project.write',
    object: 'project',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/projects/${ids.project}/import-pipeline`, body: { spec: { operators: [{ op: 'strip' }] } } }),
  },
  { method: 'DELETE', path: '/api/v1/projects/{id}/import-pipeline', access: 'tenant', permission: 'project.write', object: 'project', ok: 200, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/import-pipeline` }) },
  // Exports as background jobs (docs/jobs.md, "Exports"); A's matrix job is of another kind, so its file is 404 to those allowed to ask.
  { method: 'POST', path: '/api/v1/projects/{id}/exports', access: 'tenant', permission: 'project.export', object: 'project', ok: 202, request: (ids) => ({ path: `/api/v1/projects/${ids.project}/exports`, body: { format: 'jsonl' } }) },
  { method: 'GET', path: '/api/v1/jobs/{id}/file', access: 'tenant', permission: 'project.export', object: 'job', ok: 404, request: (ids) => ({ path: `/api/v1/jobs/${ids.job}/file` }) },
  // Vendor work packages (docs/work-packages.md): A is the client here, so the vendor's acts (accept, staff,
  // deliver) answer 403 to every role of A, and the acts that need a delivered package answer 409 to the
  // roles allowed them; every transition and refusal on both sides is walked in work-packages.integration.test.ts.
  {
    method: 'POST',
    path: '/api/v1/projects/{id}/work-packages',
    access: 'tenant',
    permission: 'project.write',
    object: 'project',
    ok: 201,
    request: (ids) => ({ path: `/api/v1/projects/${ids.project}/work-packages`, body: packageBody() }),
  },
  { method: 'GET', path: '/api/v1/work-packages', access: 'tenant', permission: 'org.read', ok: 200, request: () => ({ path: '/api/v1/work-packages?side=client' }) },
  { method: 'GET', path: '/api/v1/work-packages/{id}', access: 'tenant', permission: 'org.read', object: 'workPackage', ok: 200, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}` }) },
  {
    method: 'POST',
    path: '/api/v1/work-packages/{id}/offer',
    access: 'tenant',
    permission: 'project.write',
    object: 'workPackage',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/offer` }),
    async prepare(run) {
      if (can(run.role, 'project.write')) run.ids.workPackage = await packageOfA('draft');
    },
  },
  {
    method: 'POST',
    path: '/api/v1/work-packages/{id}/approve',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'workPackage',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/approve` }),
    async prepare(run) {
      if (can(run.role, 'org.manage_members')) run.ids.workPackage = await packageOfA('awaiting_approval');
    },
  },
  {
    method: 'POST',
    path: '/api/v1/work-packages/{id}/reject',
    access: 'tenant',
    permission: 'org.manage_members',
    object: 'workPackage',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/reject`, body: { reason: 'matrix' } }),
    async prepare(run) {
      if (can(run.role, 'org.manage_members')) run.ids.workPackage = await packageOfA('awaiting_approval');
    },
  },
  {
    method: 'POST',
    path: '/api/v1/work-packages/{id}/cancel',
    access: 'tenant',
    permission: 'project.write',
    object: 'workPackage',
    ok: 200,
    request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/cancel`, body: { reason: 'matrix' } }),
    async prepare(run) {
      if (can(run.role, 'project.write')) run.ids.workPackage = await packageOfA('draft');
    },
  },
  { method: 'POST', path: '/api/v1/work-packages/{id}/accept', access: 'tenant', permission: 'project.write', object: 'workPackage', ok: 403, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/accept` }) },
  { method: 'POST', path: '/api/v1/work-packages/{id}/deliver', access: 'tenant', permission: 'project.write', object: 'workPackage', ok: 403, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/deliver` }) },
  { method: 'GET', path: '/api/v1/work-packages/{id}/staff', access: 'tenant', permission: 'org.read', object: 'workPackage', ok: 403, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/staff` }) },
  {
    method: 'PUT',
    path: '/api/v1/work-packages/{id}/staff',
    access: 'tenant',
    permission: 'project.write',
    object: 'workPackage',
    ok: 403,
    request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/staff`, body: { annotators: [], reviewers: [] } }),
  },
  { method: 'GET', path: '/api/v1/work-packages/{id}/items', access: 'tenant', permission: 'task.read', object: 'workPackage', ok: 200, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/items` }) },
  { method: 'POST', path: '/api/v1/work-packages/{id}/sample', access: 'tenant', permission: 'task.review', object: 'workPackage', ok: 409, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/sample`, body: { size: 1 } }) },
  {
    method: 'PUT',
    path: '/api/v1/work-packages/{id}/items/{taskId}/review',
    access: 'tenant',
    permission: 'task.review',
    object: 'workPackage',
    ok: 409,
    request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/items/${ids.workPackageTask}/review`, body: { verdict: 'accepted' } }),
  },
  { method: 'POST', path: '/api/v1/work-packages/{id}/settle', access: 'tenant', permission: 'project.write', object: 'workPackage', ok: 409, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/settle` }) },
  { method: 'GET', path: '/api/v1/work-packages/{id}/settlement', access: 'tenant', permission: 'org.read', object: 'workPackage', ok: 409, request: (ids) => ({ path: `/api/v1/work-packages/${ids.workPackage}/settlement` }) },
];

/** A one-item choice exam; with a certification, the one A's owner holds. */
function matrixExam(certificationId?: string) {
  return { title: 'A 考试', labelConfig: textClassificationTemplate, items: [{ data: { text: '考题' }, expected: choiceResult('positive') }], passScore: 1, ...(certificationId ? { certificationId } : {}) };
}

const routeKey = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

async function call(client: ApiClient, spec: RouteSpec, ids: Ids, extraHeaders: Record<string, string> = {}): Promise<ApiResponse<ErrorBody>> {
  const req = spec.request(ids);
  return client.request<ErrorBody>(spec.method, req.path, req.body, { ...req.headers, ...extraHeaders });
}

function describeCall(spec: RouteSpec, res: ApiResponse<unknown>): string {
  return `${routeKey(spec)} → ${res.status} ${typeof res.body === 'string' ? res.body.slice(0, 200) : JSON.stringify(res.body)}`;
}

/** The routes this machine can exercise: all of them in CI (which installs ffmpeg). */
const LIVE_ROUTES = ROUTES.filter((spec) => spec.needs !== 'ffmpeg' || FFMPEG);

describe.each(BACKENDS)('tenant isolation on $name', (backend) => {
  let t: TestServer;
  let orgA: string;
  let orgB: string;
  /** One client per role in organisation A (the owner is the setup owner). */
  const roleClients = new Map<Role, ApiClient>();
  const roleEmails = new Map<Role, string>();
  let userB: ApiClient;
  /** A's objects, held by A's annotator (assignment, annotation) and owner (token). */
  let a: Ids;
  /** B's own objects, to show B's user is a working member of B. */
  let b: Pick<Ids, 'project' | 'task' | 'annotation'>;

  // Objects of every feature (media with ffmpeg, catalog, models, jobs): setup is long on a busy machine.
  beforeAll(async () => {
    t = await startTestServer(backend);
    orgA = t.owner.orgId!;
    roleClients.set('owner', t.owner);
    roleEmails.set('owner', 'owner@example.com');
    for (const role of ROLES.filter((r) => r !== 'owner')) {
      const email = `${role}@a.example.com`;
      roleEmails.set(role, email);
      roleClients.set(role, await addMember(t, email, role));
    }

    // Organisation B: founded by A's owner, run by a user who belongs to B only.
    const org = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
    orgB = org.id;
    userB = await addMember(t, 'boss@b.example.com', 'owner', { orgId: orgB });
    expect(userB.me!.orgs.map((o) => o.id)).toEqual([orgB]);

    // A's objects: a project with tasks, one submitted annotation and one active lease of A's annotator.
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'A secret', labelConfig: textClassificationTemplate, overlap: 10, qualityPolicy: { review: 'all', aql: 1 } });
    await importTexts(t.owner, project.id, 6, 'A 的数据');
    const annotator = roleClients.get('annotator')!;
    const first = await annotator.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const annotation = await annotator.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${first.assignment!.id}/annotations`, { result: choiceResult() });
    const second = await annotator.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const token = await t.owner.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'A token' });
    const allTasks = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks`);
    const dataset = await t.owner.expect<{ id: string }>(201, 'POST', `/api/v1/projects/${project.id}/dataset-versions`, { name: 'A 的数据集' });
    // The owner holds the review of the annotator's work; four tasks wait for adjudication (set below the API:
    // reaching it through disagreement needs ten annotators here).
    const review = (await t.owner.expect<{ item: { id: string } }>(200, 'POST', `/api/v1/projects/${project.id}/review/next`)).item.id;
    const disputed = allTasks.items.slice(1, 5).map((x) => x.id);
    const inspection = await t.owner.expect<{ id: string }>(201, 'POST', `/api/v1/dataset-versions/${dataset.id}/inspections`, { sampleSize: 6 });
    const inspectionItem = (await t.owner.expect<{ item: { id: string } }>(200, 'POST', `/api/v1/inspections/${inspection.id}/next`)).item.id;
    await t.database.system(async (tx) => {
      for (const taskId of disputed) await tx.insertInto('adjudications').values({ task_id: taskId, org_id: orgA, project_id: project.id, agreement: 0.4 }).execute();
    });
    // Training: A's owner passes an exam that grants A's certification (the holding the status row suspends and reinstates).
    const course = await t.owner.expect<{ id: string }>(201, 'POST', '/api/v1/courses', { title: 'A 课程', body: '# A' });
    const certification = await t.owner.expect<{ id: string; name: string }>(201, 'POST', '/api/v1/certifications', { name: 'A 认证' });
    const exam = await t.owner.expect<{ id: string }>(201, 'POST', '/api/v1/exams', matrixExam(certification.id));
    const passing = await t.owner.expect<{ id: string; items: { id: string }[] }>(201, 'POST', `/api/v1/exams/${exam.id}/attempts`, { mode: 'exam' });
    await t.owner.expect(200, 'PUT', `/api/v1/exam-attempts/${passing.id}/answers/${passing.items[0]!.id}`, { result: choiceResult('positive') });
    expect((await t.owner.expect<{ passed: boolean }>(200, 'POST', `/api/v1/exam-attempts/${passing.id}/finish`)).passed).toBe(true);
    const practice = await t.owner.expect<{ id: string; items: { id: string }[] }>(201, 'POST', `/api/v1/exams/${exam.id}/attempts`, { mode: 'practice' });
    matrixImage = await sharp({ create: { width: 8001, height: 2, channels: 3, background: '#804020' } }).png().toBuffer();
    const imageProject = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'A images', labelConfig: transcriptionTemplate });
    const intake = await t.owner.request<MediaIntakeResultDto>('POST', `/api/v1/projects/${imageProject.id}/media`, mediaUpload().body, mediaUpload().headers);
    const mediaSha = intake.body.files[0]?.url?.split('/').pop();
    if (intake.status !== 200 || !mediaSha || !intake.body.files[0]?.tilesUrl) throw new Error(`matrix image upload failed: ${intake.status} ${JSON.stringify(intake.body)}`);
    // Audio and video intake run ffmpeg; without it (outside CI) their two routes are left out below.
    let audioSha = '';
    let videoSha = '';
    if (FFMPEG) {
      const audioProject = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'A audio', labelConfig: { version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'transcript', toName: 'audio' }] } });
      const audioUpload = mediaUpload(sineWav(1), 'tone.wav');
      const audioIntake = await t.owner.request<MediaIntakeResultDto>('POST', `/api/v1/projects/${audioProject.id}/media`, audioUpload.body, audioUpload.headers);
      audioSha = audioIntake.body.files[0]?.url?.split('/').pop() ?? '';
      if (audioIntake.status !== 200 || !audioSha) throw new Error(`matrix audio upload failed: ${audioIntake.status} ${JSON.stringify(audioIntake.body)}`);
      const videoProject = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'A video', labelConfig: { version: 1, fields: [{ name: 'video', type: 'video' }], controls: [{ type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'car', color: '#1e88e5' }] }] } });
      const videoDir = await mkdtemp(join(tmpdir(), 'yungang-isolation-video-'));
      const videoUpload = mediaUpload(await testVideo(videoDir, 'clip.mp4', 0.2, ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-an']), 'clip.mp4');
      await rm(videoDir, { recursive: true, force: true });
      const videoIntake = await t.owner.request<MediaIntakeResultDto>('POST', `/api/v1/projects/${videoProject.id}/media`, videoUpload.body, videoUpload.headers);
      videoSha = videoIntake.body.files[0]?.url?.split('/').pop() ?? '';
      if (videoIntake.status !== 200 || !videoSha) throw new Error(`matrix video upload failed: ${videoIntake.status} ${JSON.stringify(videoIntake.body)}`);
    }
    const documentProject = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'A documents', labelConfig: { version: 1, fields: [{ name: 'document', type: 'document' }], controls: [{ type: 'rectanglelabels', name: 'regions', toName: 'document', labels: [{ value: 'table', color: '#43a047' }] }] } });
    const documentUpload = mediaUpload(writePdf([{ width: 595, height: 842, lines: [{ x: 72, y: 770, size: 12, text: 'Isolation matrix document' }] }]), 'matrix.pdf');
    const documentIntake = await t.owner.request<MediaIntakeResultDto>('POST', `/api/v1/projects/${documentProject.id}/media`, documentUpload.body, documentUpload.headers);
    const documentSha = documentIntake.body.files[0]?.url?.split('/').pop() ?? '';
    if (documentIntake.status !== 200 || !documentSha) throw new Error(`matrix document upload failed: ${documentIntake.status} ${JSON.stringify(documentIntake.body)}`);
    // PDF intake is a background job (docs/documents.md): the layout and pages exist once it has succeeded.
    for (let tries = 0, jobId = documentIntake.body.files[0]?.jobId; jobId !== undefined; tries++) {
      const job = await t.owner.expect<{ status: string; error: string | null }>(200, 'GET', `/api/v1/jobs/${jobId}`);
      if (job.status === 'succeeded') break;
      if ((job.status !== 'queued' && job.status !== 'running') || tries > 1200) throw new Error(`matrix document job ${job.status}: ${job.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The catalog: A's private card and open card, B's open card that A holds an entitlement for.
    let projectOfB: ProjectDto | undefined;
    const catalogFixtures = async () => {
      catalogParties.consumer = userB;
      catalogParties.owner = t.owner;
      catalogParties.manager = roleClients.get('manager')!;
      const card = (body: Record<string, unknown>) => ({ industry: 'transport', modality: 'text', licence: 'cc-by-4.0', ...body });
      const privateCard = await t.owner.expect<{ card: { id: string } }>(201, 'POST', '/api/v1/catalog/cards', card({ datasetVersionId: dataset.id, title: 'A 私有', visibility: 'private' }));
      const openVersion = await t.owner.expect<{ id: string }>(201, 'POST', `/api/v1/projects/${project.id}/dataset-versions`, { name: 'A 公开' });
      catalogParties.openCard = (await t.owner.expect<{ card: { id: string } }>(201, 'POST', '/api/v1/catalog/cards', card({ datasetVersionId: openVersion.id, title: 'A 公开', visibility: 'everyone' }))).card.id;
      // B's one project (the tests below expect B to have exactly one): its first version is B's open card.
      projectOfB = await userB.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'B project', labelConfig: textClassificationTemplate });
      await importTexts(userB, projectOfB.id, 2, 'B 的公开数据');
      const versionOfB = await userB.expect<{ id: string }>(201, 'POST', `/api/v1/projects/${projectOfB.id}/dataset-versions`, { name: 'B 公开' });
      const cardOfB = await userB.expect<{ card: { id: string } }>(201, 'POST', '/api/v1/catalog/cards', card({ datasetVersionId: versionOfB.id, title: 'B 公开', visibility: 'everyone' }));
      const asked = await t.owner.expect<{ id: string }>(201, 'POST', `/api/v1/catalog/cards/${cardOfB.card.id}/requests`, { purpose: 'matrix' });
      const held = await userB.expect<{ request: { entitlementId: string } }>(200, 'POST', `/api/v1/catalog/requests/${asked.id}/approve`, {});
      const token = await t.owner.expect<{ token: string }>(201, 'POST', `/api/v1/catalog/entitlements/${held.request.entitlementId}/tokens`);
      // Orders: C (a user of C only) buys a tier of A's open card; A's private card has a tier too.
      const orgC = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org C' });
      orderParties.buyer = await addMember(t, 'boss@c.example.com', 'owner', { orgId: orgC.id });
      orderParties.admin = roleClients.get('admin')!;
      const tier = (cardId: string) => t.owner.expect<{ id: string }>(201, 'POST', `/api/v1/catalog/cards/${cardId}/tiers`, { name: 'matrix', priceMinor: 990_000, permittedUse: 'matrix' });
      orderParties.tier = (await tier(catalogParties.openCard)).id;
      const privateTier = await tier(privateCard.card.id);
      const fulfilled = await catalogOrderOfC('confirmed');
      await t.owner.expect(200, 'POST', `/api/v1/catalog/orders/${fulfilled}/pay`, {});
      packageParties.project = project.id;
      packageParties.task = allTasks.items[0]!.id;
      packageParties.vendorOrg = orgC.id;
      return {
        workPackage: await packageOfA('draft'),
        workPackageTask: allTasks.items[0]!.id,
        catalogTier: privateTier.id,
        catalogOrder: fulfilled,
        catalogCard: privateCard.card.id,
        catalogRequest: await catalogRequestOfB(),
        catalogChange: await catalogPendingChange(),
        entitlement: await catalogGrantToB(),
        heldEntitlement: held.request.entitlementId,
        downloadToken: token.token,
        cardDataset: dataset.id,
      };
    };
    a = {
      org: orgA,
      project: project.id,
      task: first.task!.id,
      untouchedTask: allTasks.items[allTasks.items.length - 1]!.id,
      assignment: second.assignment!.id,
      annotation: annotation.id,
      annotationVersion: annotation.version,
      token: token.id,
      dataset: dataset.id,
      review,
      adjudicationTask: disputed[0]!,
      inspection: inspection.id,
      inspectionItem,
      member: roleClients.get('viewer')!.me!.user.id,
      email: 'owner@example.com',
      password: 'owner-password',
      course: course.id,
      exam: exam.id,
      attempt: practice.id,
      examItem: practice.items[0]!.id,
      certification: certification.id,
      certificationName: certification.name,
      holder: t.owner.me!.user.id,
      // A's annotator belongs to A only (A's owner also founded B, so its record would be B's to read).
      user: annotator.me!.user.id,
      imageProject: imageProject.id,
      upload: await uploadSessionOf(t.owner, imageProject.id),
      media: mediaSha,
      audio: audioSha,
      video: videoSha,
      document: documentSha,
      modelBackend: await (async () => {
        const rules = await t.owner.expect<{ id: string }>(201, 'POST', '/api/v1/model-backends', { name: 'A rules', kind: 'rules', rules: { keywords: [{ choice: 'positive', keywords: ['好'] }] } });
        await t.owner.expect(200, 'PUT', `/api/v1/projects/${project.id}/model-settings`, { backendId: rules.id });
        return rules.id;
      })(),
      ...(await catalogFixtures()),
      job: await t.database.system(async (tx) => {
        const id = randomUUID();
        await tx.insertInto('jobs').values({ id, org_id: orgA, project_id: project.id, kind: 'matrix-never-run', payload: '{}', created_by: t.owner.me!.user.id }).execute();
        return id;
      }),
    };

    const projectB = projectOfB!;
    await importTexts(userB, projectB.id, 2, 'B 的数据');
    const nextB = await userB.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectB.id}/next`);
    const annotationB = await userB.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${nextB.assignment!.id}/annotations`, { result: choiceResult() });
    b = { project: projectB.id, task: nextB.task!.id, annotation: annotationB.id };
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the route table covers every route of the OpenAPI document, and nothing else', async () => {
    const doc = await new ApiClient(t.url).expect<{ paths: Record<string, Record<string, unknown>> }>(200, 'GET', '/api/v1/openapi.json');
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) documented.add(routeKey({ method, path }));
    }
    const tabled = new Set(ROUTES.map(routeKey));
    expect(tabled.size, 'duplicate rows in ROUTES').toBe(ROUTES.length);
    const missing = [...documented].filter((k) => !tabled.has(k));
    expect(missing, `routes in the OpenAPI document without a row in ROUTES of ${import.meta.url}: add them`).toEqual([]);
    const stale = [...tabled].filter((k) => !documented.has(k));
    expect(stale, 'rows in ROUTES for routes the server no longer documents').toEqual([]);
    for (const spec of ROUTES) if (spec.access === 'tenant') expect(spec.permission, `${routeKey(spec)} needs its permission`).toBeDefined();
  });

  it("a member of B gets 404 for every route naming A's objects, exactly as for objects that do not exist", async () => {
    const objectRoutes = LIVE_ROUTES.filter((r) => r.object);
    expect(objectRoutes.map((r) => r.object).sort()).toEqual(expect.arrayContaining(['annotation', 'assignment', 'attempt', 'certification', 'course', 'dataset', 'exam', 'inspection', 'inspectionItem', 'org', 'project', 'review', 'task', 'token', 'user', 'media']));
    const missingIds: Ids = {
      ...a,
      org: randomUUID(),
      project: randomUUID(),
      task: '999999999',
      untouchedTask: '999999998',
      assignment: randomUUID(),
      annotation: randomUUID(),
      token: randomUUID(),
      dataset: randomUUID(),
      review: randomUUID(),
      adjudicationTask: '999999997',
      inspection: randomUUID(),
      inspectionItem: randomUUID(),
      course: randomUUID(),
      exam: randomUUID(),
      attempt: randomUUID(),
      examItem: randomUUID(),
      certification: randomUUID(),
      user: randomUUID(),
      imageProject: randomUUID(),
      media: 'f'.repeat(64),
      document: 'e'.repeat(64),
      catalogCard: randomUUID(),
      catalogRequest: randomUUID(),
      catalogChange: randomUUID(),
      entitlement: randomUUID(),
      heldEntitlement: randomUUID(),
      downloadToken: 'ygd_nothing',
      catalogTier: randomUUID(),
      catalogOrder: randomUUID(),
      workPackage: randomUUID(),
      upload: randomUUID(),
      job: randomUUID(),
    };
    const failures: string[] = [];
    for (const spec of objectRoutes) {
      const headerSets: Record<string, string>[] = [{}, { 'x-org-id': orgA }];
      for (const headers of headerSets) {
        const res = await call(userB, spec, a, headers);
        if (res.status !== 404 || res.body.error?.code !== 'not_found') failures.push(`${JSON.stringify(headers)} ${describeCall(spec, res)}`);
        // The same answer as for an id that exists nowhere: nothing tells B that A's object exists.
        const ghost = await call(userB, spec, missingIds, headers);
        if (ghost.status !== res.status || ghost.body.error?.code !== res.body.error?.code) failures.push(`ghost differs: ${describeCall(spec, ghost)}`);
      }
    }
    expect(failures).toEqual([]);

    // Nothing of A changed.
    const project = await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${a.project}`);
    expect(project.description).toBe('');
    expect(project.stats.tasks).toBe(6);
    const versions = await roleClients.get('annotator')!.expect<unknown[]>(200, 'GET', `/api/v1/annotations/${a.annotation}/versions`);
    expect(versions).toHaveLength(1);
    const resumed = await roleClients.get('annotator')!.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${a.project}/next`);
    expect(resumed.assignment?.id).toBe(a.assignment);
    const members = await t.owner.expect<MemberDto[]>(200, 'GET', `/api/v1/orgs/${orgA}/members`);
    expect(members.map((m) => m.user.email)).not.toContain('boss@b.example.com');
    expect(members).toHaveLength(ROLES.length);
    const tokens = await t.owner.expect<{ id: string }[]>(200, 'GET', '/api/v1/auth/tokens');
    expect(tokens.map((x) => x.id)).toContain(a.token);
  });

  it("with X-Org-Id of A, B's member gets 404 on every organisation route; its own lists show none of A", async () => {
    const failures: string[] = [];
    for (const spec of LIVE_ROUTES.filter((r) => r.access === 'tenant')) {
      const res = await call(userB, spec, { ...a, ...b, org: orgA }, { 'x-org-id': orgA });
      if (res.status !== 404 || res.body.error?.code !== 'not_found') failures.push(describeCall(spec, res));
    }
    // The export link names its organisation in the query (a browser download cannot send headers).
    for (const org of [orgA, orgB]) {
      const res = await userB.get<ErrorBody>(`/api/v1/projects/${a.project}/export?format=jsonl&org=${org}`);
      if (res.status !== 404 || res.body.error?.code !== 'not_found') failures.push(`export ?org=${org === orgA ? 'A' : 'B'} → ${res.status}`);
    }
    expect(failures).toEqual([]);
    const ownExport = await userB.get<string>(`/api/v1/projects/${b.project}/export?format=jsonl&org=${orgB}`);
    expect(ownExport.status).toBe(200);
    expect(ownExport.body).toContain('B 的数据');

    const projects = await userB.expect<{ items: ProjectDto[] }>(200, 'GET', '/api/v1/projects');
    expect(projects.items.map((p) => p.id)).toEqual([b.project]);
    const audit = await userB.expect<{ objectId: string | null; userEmail: string | null }[]>(200, 'GET', '/api/v1/audit?limit=1000');
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.filter((e) => e.objectId === a.project || e.objectId === a.annotation || e.userEmail === 'annotator@a.example.com')).toEqual([]);
    const tasks = await userB.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${b.project}/tasks`);
    expect(tasks.items.every((x) => String(x.data.text).startsWith('B '))).toBe(true);
  });

  it.each(ROLES)('role %s in A gets exactly what the permission matrix grants, on every route', async (role) => {
    const email = roleEmails.get(role)!;
    const run: RoleRun = {
      role,
      client: roleClients.get(role)!,
      ids: { ...a, email, password: role === 'owner' ? 'owner-password' : PASSWORD },
    };
    const failures: string[] = [];
    for (const spec of LIVE_ROUTES) {
      const prepared = (await spec.prepare?.(run)) ?? {};
      const res = await call(prepared.client ?? run.client, spec, run.ids);
      const allowed = spec.access !== 'tenant' || can(role, spec.permission!);
      if (allowed && res.status !== spec.ok) failures.push(`allowed but ${describeCall(spec, res)}`);
      if (!allowed && (res.status !== 403 || res.body.error?.code !== 'forbidden')) failures.push(`forbidden but ${describeCall(spec, res)}`);
      // The role's own submitted annotation is what it edits and lists next.
      if (spec.path === '/api/v1/assignments/{id}/annotations' && allowed && res.status === 201) {
        const annotation = res.body as unknown as AnnotationDto;
        run.ids.annotation = annotation.id;
        run.ids.annotationVersion = annotation.version;
      }
    }
    expect(failures).toEqual([]);
  });

  it('an annotator reads a task they worked on, with only their own annotation; other tasks stay 403', async () => {
    const annotator = roleClients.get('annotator')!;
    // A second annotator takes A's first task too (the lowest open id), so it holds two people's work.
    const second = await addMember(t, 'second@a.example.com', 'annotator');
    const lease = await second.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${a.project}/next`);
    expect(lease.task!.id).toBe(a.task);
    await second.expect(201, 'POST', `/api/v1/assignments/${lease.assignment!.id}/annotations`, { result: choiceResult('negative') });
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${a.task}`);
    const own = await annotator.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${a.task}`);
    expect(own.data).toEqual(full.data);
    expect(own.annotations.map((x) => x.userEmail)).toEqual(['annotator@a.example.com']);
    expect(full.annotations.length).toBeGreaterThan(own.annotations.length);
    const other = await annotator.request<ErrorBody>('GET', `/api/v1/tasks/${a.untouchedTask}`);
    expect(other.status).toBe(403);
  });

  it('an admin cannot make an owner; a manager cannot add members at all', async () => {
    const admin = roleClients.get('admin')!;
    const res = await admin.post<ErrorBody>(`/api/v1/orgs/${orgA}/members`, { email: uniqueEmail('would-be-owner'), role: 'owner', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const manager = roleClients.get('manager')!;
    const res2 = await manager.post<ErrorBody>(`/api/v1/orgs/${orgA}/members`, { email: uniqueEmail('x'), role: 'viewer', password: PASSWORD });
    expect(res2.status).toBe(403);
  });

  it("an annotator cannot submit, skip or edit another annotator's work in the same organisation (404)", async () => {
    const reviewerOfOther = roleClients.get('manager')!;
    // The manager may annotate, but the lease and annotation belong to A's annotator.
    for (const path of [`/api/v1/assignments/${a.assignment}/annotations`, `/api/v1/assignments/${a.assignment}/skip`, `/api/v1/assignments/${a.assignment}/release`]) {
      const res = await reviewerOfOther.post<ErrorBody>(path, path.endsWith('annotations') ? { result: choiceResult() } : undefined);
      expect(res.status, path).toBe(404);
    }
    const viewerOfOthers = roleClients.get('annotator')!;
    const otherAnnotation = await roleClients.get('reviewer')!.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${a.project}/tasks?annotator=manager@a.example.com`);
    expect(otherAnnotation.items.length).toBeGreaterThan(0);
    const task = await t.owner.expect<{ annotations: AnnotationDto[] }>(200, 'GET', `/api/v1/tasks/${otherAnnotation.items[0]!.id}`);
    const managersWork = task.annotations.find((x) => x.userEmail === 'manager@a.example.com')!;
    const res = await viewerOfOthers.request<ErrorBody>('PUT', `/api/v1/annotations/${managersWork.id}`, { result: choiceResult(), baseVersion: managersWork.version });
    expect(res.status).toBe(404);
    const versions = await viewerOfOthers.get<ErrorBody>(`/api/v1/annotations/${managersWork.id}/versions`);
    expect(versions.status).toBe(404);
  });

  it('without credentials every route but the public ones answers 401 unauthenticated', async () => {
    const anonymous = new ApiClient(t.url);
    const badCookie = new ApiClient(t.url);
    badCookie.cookie = 'yungang_session=not-a-session';
    const failures: string[] = [];
    for (const spec of LIVE_ROUTES) {
      for (const client of [anonymous, badCookie]) {
        const res = await call(client, spec, a);
        if (spec.access === 'public' || spec.access === 'optional') {
          if (res.status !== spec.ok) failures.push(`public ${describeCall(spec, res)}`);
        } else if (res.status !== 401 || res.body.error?.code !== 'unauthenticated') failures.push(describeCall(spec, res));
      }
    }
    const bogusBearer = new ApiClient(t.url);
    bogusBearer.bearer = 'ygt_not-a-token';
    for (const spec of LIVE_ROUTES.filter((r) => r.access !== 'public' && r.access !== 'optional')) {
      const res = await call(bogusBearer, spec, a);
      if (res.status !== 401 || res.body.error?.code !== 'unauthenticated') failures.push(`bogus bearer: ${describeCall(spec, res)}`);
    }
    expect(failures).toEqual([]);
    expect((await anonymous.get('/api/v1/openapi.json')).status).toBe(200);
    expect((await anonymous.get<ErrorBody>('/api/v1/no-such-route')).body.error.code).toBe('not_found');
  });

  it('a cookie-authenticated write without the right X-CSRF-Token is refused (403) and changes nothing', async () => {
    const noCsrf = new ApiClient(t.url);
    noCsrf.cookie = t.owner.cookie;
    noCsrf.orgId = orgA;
    const wrongCsrf = new ApiClient(t.url);
    wrongCsrf.cookie = t.owner.cookie;
    wrongCsrf.csrf = 'wrong';
    wrongCsrf.orgId = orgA;
    const before = await t.owner.expect<{ items: ProjectDto[] }>(200, 'GET', '/api/v1/projects');
    const failures: string[] = [];
    for (const spec of LIVE_ROUTES.filter((r) => r.method !== 'GET' && r.access !== 'public')) {
      for (const client of [noCsrf, wrongCsrf]) {
        const res = await call(client, spec, a);
        if (res.status !== 403 || res.body.error?.code !== 'forbidden') failures.push(describeCall(spec, res));
      }
    }
    expect(failures).toEqual([]);
    const after = await t.owner.expect<{ items: ProjectDto[] }>(200, 'GET', '/api/v1/projects');
    expect(after.items.length).toBe(before.items.length);
    expect(after.items.find((p) => p.id === a.project)?.stats.tasks).toBe(before.items.find((p) => p.id === a.project)?.stats.tasks);
    // Reads need no CSRF token, and the session itself still works.
    expect((await noCsrf.get('/api/v1/auth/me')).status).toBe(200);
    // A bearer token is not a cookie a foreign page could make the browser send: no CSRF token needed.
    const token = await t.owner.expect<CreatedTokenDto>(201, 'POST', '/api/v1/auth/tokens', { name: 'script' });
    const script = new ApiClient(t.url);
    script.bearer = token.token;
    await script.expect(201, 'POST', '/api/v1/projects', { name: 'by script', labelConfig: textClassificationTemplate });
  });

  it('every table with an org_id column has row-level security forced and a tenant_isolation policy', async () => {
    // A guard for tables added later: the row-count test below walks the first migration's tables only.
    const tables = await t.database.system((tx) =>
      sql<{ table: string; rls: boolean; forced: boolean; policy: boolean }>`
        SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
               EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname AND p.policyname = 'tenant_isolation') AS policy
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)
        ORDER BY c.relname`.execute(tx),
    );
    expect(tables.rows.length).toBeGreaterThan(TENANT_TABLES.length);
    expect(tables.rows.filter((r) => !(r.rls && r.forced && r.policy)).map((r) => r.table)).toEqual([]);
  });

  it("row-level security in the database: B's tenant transaction sees no row of A and cannot write one", async () => {
    const db = t.database;
    const counts = async (scope: 'system' | string) => {
      const out: Record<string, { a: number; b: number }> = {};
      const work = async (tx: Tx) => {
        for (const table of TENANT_TABLES) {
          const rows = await sql<{ org_id: string; n: number }>`SELECT org_id::text AS org_id, count(*)::int AS n FROM ${sql.table(table)} GROUP BY org_id`.execute(tx);
          out[table] = { a: rows.rows.find((r) => r.org_id === orgA)?.n ?? 0, b: rows.rows.find((r) => r.org_id === orgB)?.n ?? 0 };
        }
      };
      if (scope === 'system') await db.system(work);
      else await db.tenant({ orgId: scope }, work);
      return out;
    };
    const all = await counts('system');
    const seenByB = await counts(orgB);
    for (const table of TENANT_TABLES) {
      expect(all[table]!.a, `${table} has rows of A`).toBeGreaterThan(0);
      expect(seenByB[table]!.a, `${table}: rows of A visible to B`).toBe(0);
      expect(seenByB[table]!.b, `${table}: B sees its own rows`).toBe(all[table]!.b);
    }
    const projectsOfB = await db.tenant({ orgId: orgB }, (tx) => tx.selectFrom('projects').select(['id', 'org_id']).execute());
    expect(projectsOfB.map((p) => p.id)).toEqual([b.project]);
    expect(await db.tenant({ orgId: orgB }, (tx) => tx.selectFrom('projects').select('id').where('id', '=', a.project).execute())).toEqual([]);

    // Writing A's org_id from B's tenant transaction violates the policy's WITH CHECK.
    const owner = (await db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'owner@example.com').executeTakeFirstOrThrow())).id;
    const intruder = randomUUID();
    await expect(
      db.tenant({ orgId: orgB }, (tx) =>
        tx.insertInto('projects').values({ id: intruder, org_id: orgA, name: 'planted', label_config: JSON.stringify(textClassificationTemplate), created_by: owner }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(db.tenant({ orgId: orgB }, (tx) => tx.insertInto('audit_log').values({ org_id: orgA, action: 'planted', object_type: 'x', details: '{}' }).execute())).rejects.toThrow(
      /row-level security/,
    );
    // Moving B's own row into A is refused too; updating or deleting A's rows touches nothing.
    await expect(db.tenant({ orgId: orgB }, (tx) => tx.updateTable('projects').set({ org_id: orgA }).where('id', '=', b.project).execute())).rejects.toThrow(/row-level security/);
    const updated = await db.tenant({ orgId: orgB }, (tx) => tx.updateTable('projects').set({ name: 'renamed' }).where('id', '=', a.project).executeTakeFirst());
    expect(updated.numUpdatedRows).toBe(0n);
    const deleted = await db.tenant({ orgId: orgB }, (tx) => tx.deleteFrom('tasks').where('project_id', '=', a.project).executeTakeFirst());
    expect(deleted.numDeletedRows).toBe(0n);
    // The request role may not read password hashes at all.
    await expect(db.tenant({ orgId: orgB }, (tx) => tx.selectFrom('users').select('password_hash').execute())).rejects.toThrow(/permission denied/);

    const after = await counts('system');
    expect(after.projects!.a).toBe(all.projects!.a);
    expect(await db.system((tx) => tx.selectFrom('projects').select('name').where('id', '=', a.project).executeTakeFirstOrThrow())).toEqual({ name: 'A secret' });
    expect(await db.system((tx) => tx.selectFrom('projects').select('id').where('id', '=', intruder).execute())).toEqual([]);
  });
});
