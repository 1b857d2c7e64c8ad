/**
 * The HTTP contract of sign-in for organisations (docs/security.md): sign-out everywhere, an
 * organisation's IP allow-list and session limits, and disabling members.
 */
import Type, { type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

/** Upper bounds of the session limits an organisation may set: 30 days idle, one year absolute. */
export const SESSION_LIMIT_BOUNDS = { idleMinutes: { min: 1, max: 43_200 }, absoluteHours: { min: 1, max: 8_760 } } as const;
/** The most CIDR entries one allow-list holds: enough for any office network plan, small enough to check per request. */
export const MAX_ALLOWLIST_ENTRIES = 200;

export const LogoutAllBody = Type.Object({
  /** Keep the session this request came with (sign out every other device). Default false: this one ends too. */
  keepCurrentSession: Type.Optional(Type.Boolean()),
  /** Also revoke every personal API token. Default false. */
  revokeTokens: Type.Optional(Type.Boolean()),
});
export type LogoutAllBody = Static<typeof LogoutAllBody>;

export const LogoutAllDto = Type.Object({ sessionsEnded: Type.Integer({ minimum: 0 }), tokensRevoked: Type.Integer({ minimum: 0 }) });
export type LogoutAllDto = Static<typeof LogoutAllDto>;

const IdleMinutes = Type.Integer({ minimum: SESSION_LIMIT_BOUNDS.idleMinutes.min, maximum: SESSION_LIMIT_BOUNDS.idleMinutes.max });
const AbsoluteHours = Type.Integer({ minimum: SESSION_LIMIT_BOUNDS.absoluteHours.min, maximum: SESSION_LIMIT_BOUNDS.absoluteHours.max });

export const OrgSecurityDto = Type.Object({
  /** CIDR ranges (IPv4 or IPv6, a bare address means that one address); empty = any address. */
  ipAllowlist: Type.Array(Type.String()),
  /** null = the server's default below. */
  sessionIdleMinutes: Type.Union([Type.Integer(), Type.Null()]),
  sessionAbsoluteHours: Type.Union([Type.Integer(), Type.Null()]),
  defaults: Type.Object({ sessionIdleMinutes: Type.Number(), sessionAbsoluteHours: Type.Number() }),
  /** The address this request came from, as the server sees it: what the allow-list must contain for you. */
  yourAddress: Type.String(),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type OrgSecurityDto = Static<typeof OrgSecurityDto>;

/** Replaces the rules. A limit left out means the server's default (not null: the validator would coerce 0 to null). */
export const UpdateOrgSecurityBody = Type.Object({
  ipAllowlist: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: MAX_ALLOWLIST_ENTRIES }),
  sessionIdleMinutes: Type.Optional(IdleMinutes),
  sessionAbsoluteHours: Type.Optional(AbsoluteHours),
});
export type UpdateOrgSecurityBody = Static<typeof UpdateOrgSecurityBody>;

export const DisableMemberBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });
export type DisableMemberBody = Static<typeof DisableMemberBody>;

/** Whether a member may act in this organisation; a disabled member's sessions and tokens stop working here. */
export const MemberAccessDto = Type.Object({
  userId: Uuid,
  email: Type.String(),
  disabled: Type.Boolean(),
  disabledAt: Type.Union([Timestamp, Type.Null()]),
  disabledByEmail: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type MemberAccessDto = Static<typeof MemberAccessDto>;

/**
 * Single sign-on with OpenID Connect (docs/security.md "Single sign-on (OIDC)"). The client secret goes in
 * and never comes out: responses say only `hasSecret`.
 */
/** Roles single sign-on may give new members: never owner or admin, so a provider cannot mint managers of the organisation. */
export const SSO_ROLES = ['manager', 'reviewer', 'annotator', 'viewer'] as const;
export type SsoRole = (typeof SSO_ROLES)[number];
const SsoRole = Type.Union([Type.Literal('manager'), Type.Literal('reviewer'), Type.Literal('annotator'), Type.Literal('viewer')]);
/** A short name typed on the sign-in page instead of the organisation's id. */
export const SSO_SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{1,62}$';
const Domain = Type.String({ minLength: 3, maxLength: 253, pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$' });

export const OrgSsoDto = Type.Object({
  /** false until an owner or admin saves a provider; the other fields are then empty. */
  configured: Type.Boolean(),
  enabled: Type.Boolean(),
  slug: Type.Union([Type.String(), Type.Null()]),
  issuer: Type.String(),
  clientId: Type.String(),
  hasSecret: Type.Boolean(),
  /** E-mail domains the provider may sign in; empty = any. */
  allowedDomains: Type.Array(Type.String()),
  defaultRole: SsoRole,
  /** Create accounts and memberships for people the provider vouches for but this organisation does not know yet. */
  jitProvisioning: Type.Boolean(),
  /** The redirect URI to register at the provider (as this server sees its own address). */
  redirectUri: Type.String(),
  /** Where a browser starts signing in. */
  startUrl: Type.String(),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type OrgSsoDto = Static<typeof OrgSsoDto>;

export const UpdateOrgSsoBody = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  slug: Type.Optional(Type.Union([Type.String({ pattern: SSO_SLUG_PATTERN }), Type.Null()])),
  /** https, or http on a loopback address (a provider on the same machine, tests). */
  issuer: Type.String({ minLength: 8, maxLength: 500 }),
  clientId: Type.String({ minLength: 1, maxLength: 500 }),
  /** Left out = keep the stored secret; required the first time. */
  clientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  allowedDomains: Type.Optional(Type.Array(Domain, { maxItems: 50 })),
  defaultRole: Type.Optional(SsoRole),
  jitProvisioning: Type.Optional(Type.Boolean()),
});
export type UpdateOrgSsoBody = Static<typeof UpdateOrgSsoBody>;

export const SsoStartQuery = Type.Object({
  /** A path of this app to land on after signing in (default "/"). */
  returnTo: Type.Optional(Type.String({ maxLength: 500 })),
});
export type SsoStartQuery = Static<typeof SsoStartQuery>;

export const SsoCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4000 })),
  state: Type.Optional(Type.String({ maxLength: 500 })),
  error: Type.Optional(Type.String({ maxLength: 500 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type SsoCallbackQuery = Static<typeof SsoCallbackQuery>;
