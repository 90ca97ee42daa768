import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateOnly, Json, Numeric, Timestamp } from './shared';

/** Organizations, people, sign-in and account tables. */

export interface OrganizationTable {
  id: Generated<string>;
  name: string;
  slug: string;
  timezone: Generated<string>;
  created_at: CreatedAt;
  short_name: string | null;
  /** storage key and sniffed type of the uploaded logo */
  logo_key: string | null;
  logo_type: string | null;
  /** shown on error pages so people know whom to ask */
  support_email: string | null;
  support_phone: string | null;
  /** who signs certificates */
  signatory_name: string | null;
  signatory_title: string | null;
  signature_key: string | null;
  signature_type: string | null;
  /** the state's name and number for this organization as a provider (Act 48 in Pennsylvania) */
  provider_name: string | null;
  provider_number: string | null;
  /** charged to non-members per micro-credential submitted for scoring */
  nonmember_fee_cents: Generated<number>;
  default_completion_hours: Generated<Numeric>;
  default_attainment_hours: Generated<Numeric>;
  /** false once the organization signs everyone in with single sign-on */
  password_sign_in: Generated<boolean>;
}

export interface AppUserTable {
  id: Generated<string>;
  organization_id: string;
  email: string;
  name: string;
  password_hash: string | null;
  state_educator_id: string | null;
  is_org_admin: Generated<boolean>;
  created_at: CreatedAt;
  last_seen_at: Timestamp | null;
  /** a member of the organization from this day until that one (inclusive); neither = non-member */
  member_since: DateOnly | null;
  member_until: DateOnly | null;
  /** offered by the coach picker */
  may_coach: Generated<boolean>;
  /** one of the cadre of writers who author programs */
  may_author: Generated<boolean>;
  /** receives a Chapter 14 letter instead of Act 48 hours */
  is_paraprofessional: Generated<boolean>;
  /** sign-in refused while set; history kept */
  deactivated_at: Timestamp | null;
  /** personal data removed on request; ledgers keep the row under a placeholder name */
  deleted_at: Timestamp | null;
}

export interface AuthSessionTable {
  id: Generated<string>;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  user_agent: string | null;
  ip_address: string | null;
}

export const oidcKinds = ['google', 'microsoft', 'oidc'] as const;
export type OidcKind = (typeof oidcKinds)[number];

export interface OidcConnectionTable {
  id: Generated<string>;
  organization_id: string;
  kind: OidcKind;
  /** the name on the button: "Sign in with …" */
  display_name: string;
  issuer: string;
  client_id: string;
  /** sealed with SECRETS_KEY (app/security/secrets.server.ts); never leaves the server */
  client_secret_sealed: string;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OidcConnectionDomainTable {
  connection_id: string;
  /** lower case, e.g. school.org */
  domain: string;
}

export interface OidcIdentityTable {
  id: Generated<string>;
  connection_id: string;
  user_id: string;
  /** the provider's `sub` for this person */
  subject: string;
  email_at_link: string;
  linked_at: CreatedAt;
  last_signed_in_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SignInAttemptTable {
  id: Generated<string>;
  email: string;
  ip_address: string;
  succeeded: boolean;
  attempted_at: CreatedAt;
}

export interface RateLimitHitTable {
  id: Generated<string>;
  bucket: string;
  subject: string;
  amount: Generated<number>;
  hit_at: CreatedAt;
}

export interface PasswordResetTable {
  id: Generated<string>;
  user_id: string;
  /** sha-256 of the emailed token, hex */
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  requested_ip: string | null;
}

export interface IdempotencyKeyTable {
  key: string;
  request_hash: string;
  user_id: string;
  action: string;
  /** what the first request answered, replayed to any repeat */
  response: Json | null;
  created_at: CreatedAt;
}
