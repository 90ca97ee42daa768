import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The Database interface Kysely checks every query against. Kept in step with
 * db/migrations by hand; tests/integration/schema.test.ts compares it with the
 * columns the migrations actually create.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type DateOnly = ColumnType<Date, Date | string, Date | string>;
// numeric comes back as a string from both drivers; convert with Number() at the edge
type Numeric = ColumnType<string, number | string | undefined, number | string>;
type Json = ColumnType<unknown, unknown, unknown>;

export const cohortStatuses = [
  'forming',
  'assessing',
  'learning',
  'sharing',
  'completed',
  'archived',
] as const;
export type CohortStatus = (typeof cohortStatuses)[number];

export const cohortRoles = ['facilitator', 'coach', 'participant'] as const;
export type CohortRole = (typeof cohortRoles)[number];

export const memberStatuses = [
  'invited',
  'active',
  'waitlisted',
  'withdrawn',
  'completed',
] as const;
export type MemberStatus = (typeof memberStatuses)[number];

export const moduleKinds = ['online', 'coaching', 'action-plan'] as const;
export type ModuleKind = (typeof moduleKinds)[number];

export interface OrganizationTable {
  id: Generated<string>;
  name: string;
  slug: string;
  timezone: Generated<string>;
  created_at: CreatedAt;
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

export interface SignInAttemptTable {
  id: Generated<string>;
  email: string;
  ip_address: string;
  succeeded: boolean;
  attempted_at: CreatedAt;
}

export interface ProgramTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  description: Generated<string>;
  audience: Generated<string>;
  hours_for_completing: Numeric;
  hours_for_attaining: Numeric;
  created_at: CreatedAt;
}

export interface CompetencyTable {
  id: Generated<string>;
  program_id: string;
  code: string;
  title: string;
  description: Generated<string>;
  position: number;
}

export interface ModuleTable {
  id: Generated<string>;
  program_id: string;
  title: string;
  body: Generated<string>;
  minutes: number;
  kind: ModuleKind;
  position: number;
  created_at: CreatedAt;
}

export interface ModuleCompetencyTable {
  module_id: string;
  competency_id: string;
}

export interface CohortTable {
  id: Generated<string>;
  organization_id: string;
  program_id: string;
  name: string;
  facilitator_id: string;
  coach_id: string | null;
  capacity: Generated<number>;
  timezone: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  status: ColumnType<CohortStatus, CohortStatus | undefined, CohortStatus>;
  join_code: string | null;
  created_at: CreatedAt;
}

export interface CohortMemberTable {
  id: Generated<string>;
  cohort_id: string;
  user_id: string;
  role: CohortRole;
  status: ColumnType<MemberStatus, MemberStatus | undefined, MemberStatus>;
  created_at: CreatedAt;
  joined_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  invited_at: Timestamp | null;
  /** the waitlist is served in this order */
  waitlisted_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  organization_id: string | null;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Json | null;
  after: Json | null;
  at: CreatedAt;
}

export interface InvitationTable {
  id: Generated<string>;
  cohort_id: string;
  email: string;
  name: string | null;
  state_educator_id: string | null;
  role: ColumnType<CohortRole, CohortRole | undefined, CohortRole>;
  /** sha-256 of the link's token; the token itself is only ever in the email */
  token_hash: string;
  invited_by: string | null;
  created_at: CreatedAt;
  last_sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
  send_count: Generated<number>;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export const emailStatuses = ['queued', 'sending', 'sent', 'stored', 'failed'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export interface OutboundEmailTable {
  id: Generated<string>;
  organization_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface Database {
  organization: OrganizationTable;
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  sign_in_attempt: SignInAttemptTable;
  program: ProgramTable;
  competency: CompetencyTable;
  module: ModuleTable;
  module_competency: ModuleCompetencyTable;
  cohort: CohortTable;
  cohort_member: CohortMemberTable;
  audit_log: AuditLogTable;
  invitation: InvitationTable;
  outbound_email: OutboundEmailTable;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type Cohort = Selectable<CohortTable>;
