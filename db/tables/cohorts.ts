import type { ColumnType, Generated } from 'kysely';
import type {
  CohortRole,
  CohortStatus,
  CreatedAt,
  DateOnly,
  Json,
  MemberStatus,
  ModuleKind,
  Numeric,
  ProgramStatus,
  Timestamp,
} from './shared';

/** Programs, modules, cohorts and their members, invitations, email and the audit log. */

export interface ProgramTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  description: Generated<string>;
  audience: Generated<string>;
  hours_for_completing: Numeric;
  hours_for_attaining: Numeric;
  attendance_threshold_percent: Generated<number>;
  created_at: CreatedAt;
  /** one paragraph for the catalog card */
  summary: Generated<string>;
  /** lists of short phrases, as the catalog shows them */
  topics: ColumnType<string[], string[] | undefined, string[]>;
  outcomes: ColumnType<string[], string[] | undefined, string[]>;
  audiences: ColumnType<string[], string[] | undefined, string[]>;
  grade_levels: ColumnType<string[], string[] | undefined, string[]>;
  /** e.g. blended, online, in person */
  format: Generated<string>;
  /** about how long one micro-credential takes */
  hours_per_credential: Numeric;
  status: ColumnType<ProgramStatus, ProgramStatus | undefined, ProgramStatus>;
  /** every version of one program shares this; a cohort pins the row (version) it started with */
  lineage_id: Generated<string>;
  version: Generated<number>;
  published_at: Timestamp | null;
  retired_at: Timestamp | null;
  created_by: string | null;
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
  /** further reading and links: [{ title, url }] */
  resources: ColumnType<
    { title: string; url: string }[],
    { title: string; url: string }[] | undefined,
    { title: string; url: string }[]
  >;
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
  /** a notification email's one-click unsubscribe address, sent as List-Unsubscribe */
  unsubscribe_url: string | null;
}

export interface EmailChangeTable {
  id: Generated<string>;
  user_id: string;
  new_email: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  requested_ip: string | null;
}

/** which kinds of notification email a person wants; a missing row means all of them */
export interface EmailPreferenceTable {
  user_id: string;
  reminders: Generated<boolean>;
  critique_requests: Generated<boolean>;
  scoring_results: Generated<boolean>;
  digests: Generated<boolean>;
  cohort_updates: Generated<boolean>;
  /** signs this person's unsubscribe links; never leaves the server */
  unsubscribe_key: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
