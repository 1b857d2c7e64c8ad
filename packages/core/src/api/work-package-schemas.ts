/**
 * The HTTP contract of vendor work packages (docs/work-packages.md): a client organisation cuts a package
 * from a project and offers it to vendor organisations; a vendor accepts it, assigns its own staff and
 * delivers; the client reviews or samples the delivery and settles it. Money is an integer of minor units.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { CURRENCIES, MAX_PRICE_MINOR } from '../catalog/order-money.js';
import { PACKAGE_STAGES } from '../work-packages/package-state.js';
import { ResultItemJson } from './schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const TaskId = Type.String({ pattern: '^[0-9]{1,18}$', description: 'a task id' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const literals = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v)), { description }));

export const PackageStageSchema = literals(
  PACKAGE_STAGES,
  'draft → awaiting_approval (an owner or admin of the client must approve the offer) → offered → accepted (by one vendor) → delivered → settled; cancelled ends it',
);

/** POST /projects/{id}/work-packages. */
export const CreateWorkPackageBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    instructions: Type.Optional(Type.String({ maxLength: 20000, description: 'markdown guidelines the vendor sees' })),
    taskIds: Type.Optional(Type.Array(TaskId, { minItems: 1, maxItems: 100000, uniqueItems: true, description: 'the tasks of the package; without it, the first `limit` tasks that are not completed' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'how many open tasks to take when taskIds is absent (default 100)' })),
    unitPriceMinor: Type.Integer({ minimum: 0, maximum: MAX_PRICE_MINOR, description: 'price per accepted item in minor units (fen for CNY)' }),
    currency: Type.Optional(literals(CURRENCIES, 'ISO 4217 currency (default CNY)')),
    deadline: Timestamp,
    qualityFloor: Type.Number({ minimum: 0, maximum: 1, description: 'the share of reviewed items that must be accepted; below it the unreviewed items are presumed defective at the same rate' }),
    sharedFields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100, uniqueItems: true, description: "task-data keys the vendor sees (default: the label config's fields)" })),
    vendorOrgIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'the vendor organisations the package is offered to' }),
  },
  { additionalProperties: false },
);
export type CreateWorkPackageBody = Static<typeof CreateWorkPackageBody>;

export const WorkPackageDto = Type.Object({
  id: Uuid,
  side: Type.Union([Type.Literal('client'), Type.Literal('vendor')], { description: "the caller's organisation's side of the package" }),
  stage: PackageStageSchema,
  title: Type.String(),
  instructions: Type.String(),
  client: Type.Object({ orgId: Uuid, name: Type.String() }),
  /** The client's project; null for the vendor, which never sees it. */
  projectId: Nullable(Uuid),
  itemCount: Type.Integer(),
  unitPriceMinor: Type.Integer(),
  currency: Type.String(),
  deadline: Timestamp,
  qualityFloor: Type.Number(),
  sharedFields: Type.Array(Type.String()),
  /** The organisations offered the package (the client sees all; a vendor sees only itself). */
  vendors: Type.Array(Type.Object({ orgId: Uuid, name: Type.String() })),
  vendor: Nullable(Type.Object({ orgId: Uuid, name: Type.String(), acceptedAt: Timestamp, deliveredAt: Nullable(Timestamp), deliveredCount: Nullable(Type.Integer()) })),
  /** The vendor's own project holding the package's tasks (vendor side only). */
  vendorProjectId: Nullable(Uuid),
  offer: Type.Object({
    requestedBy: Nullable(Type.String()),
    requestedAt: Nullable(Timestamp),
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Timestamp),
    rejectionReason: Nullable(Type.String()),
  }),
  settledAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  cancelReason: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type WorkPackageDto = Static<typeof WorkPackageDto>;

export const WorkPackageListQuery = Type.Object({
  side: Type.Optional(Type.Union([Type.Literal('client'), Type.Literal('vendor')], { description: 'only packages your organisation offers (client) or was offered (vendor)' })),
});
export type WorkPackageListQuery = Static<typeof WorkPackageListQuery>;

export const RejectWorkPackageBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type RejectWorkPackageBody = Static<typeof RejectWorkPackageBody>;

/** PUT /work-packages/{id}/staff: the vendor's people who may annotate and review the package's tasks. */
export const WorkPackageStaffBody = Type.Object(
  {
    annotators: Type.Array(Uuid, { maxItems: 10000, uniqueItems: true }),
    reviewers: Type.Array(Uuid, { maxItems: 10000, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type WorkPackageStaffBody = Static<typeof WorkPackageStaffBody>;

export const WorkPackageStaffDto = Type.Object({
  annotators: Type.Array(Type.Object({ userId: Uuid, email: Type.String() })),
  reviewers: Type.Array(Type.Object({ userId: Uuid, email: Type.String() })),
});
export type WorkPackageStaffDto = Static<typeof WorkPackageStaffDto>;

export const WorkPackageItemDto = Type.Object({
  sourceTaskId: TaskId,
  position: Type.Integer(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'the shared fields only' }),
  sampled: Type.Boolean(),
  delivered: Type.Boolean(),
  result: Nullable(Type.Array(ResultItemJson)),
  verdict: Nullable(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')])),
  reason: Nullable(Type.String()),
  reviewedBy: Nullable(Type.String()),
});
export type WorkPackageItemDto = Static<typeof WorkPackageItemDto>;

export const WorkPackageItemsQuery = Type.Object({
  filter: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('delivered'), Type.Literal('sampled'), Type.Literal('reviewed')], { description: 'default all' })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type WorkPackageItemsQuery = Static<typeof WorkPackageItemsQuery>;

export const WorkPackageSampleBody = Type.Object({ size: Type.Integer({ minimum: 1, maximum: 100000, description: 'how many delivered items to draw for review (reproducible from the package id)' }) }, { additionalProperties: false });
export type WorkPackageSampleBody = Static<typeof WorkPackageSampleBody>;

export const WorkPackageReviewBody = Type.Object(
  {
    verdict: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'required for a rejection: it is printed on the settlement statement' })),
  },
  { additionalProperties: false },
);
export type WorkPackageReviewBody = Static<typeof WorkPackageReviewBody>;

export const CancelWorkPackageBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type CancelWorkPackageBody = Static<typeof CancelWorkPackageBody>;

export const SettlementDto = Type.Object({
  currency: Type.String(),
  unitPriceMinor: Type.Integer(),
  qualityFloor: Type.Number(),
  itemCount: Type.Integer(),
  delivered: Type.Integer(),
  undelivered: Type.Integer(),
  reviewed: Type.Integer(),
  acceptedInReview: Type.Integer(),
  rejectedInReview: Type.Integer(),
  accuracy: Type.Number(),
  meetsFloor: Type.Boolean(),
  presumedDefective: Type.Integer(),
  grossMinor: Type.Integer(),
  deductions: Type.Array(Type.Object({ kind: Type.String(), items: Type.Integer(), amountMinor: Type.Integer(), explanation: Type.String() })),
  payableItems: Type.Integer(),
  totalMinor: Type.Integer(),
  late: Type.Boolean(),
  settledAt: Timestamp,
  settledBy: Type.String(),
});
export type SettlementDto = Static<typeof SettlementDto>;
