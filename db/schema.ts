import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The Database interface Kysely checks every query against, written by hand beside
 * db/migrations. tests/integration/schema.test.ts reads it with the TypeScript compiler and
 * fails unless every table, column and column's nullability matches the catalog of a
 * freshly migrated database (column types and defaults are not compared).
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

export const programStatuses = ['draft', 'published', 'retired'] as const;
export type ProgramStatus = (typeof programStatuses)[number];

export const submissionPartKinds = ['overview', 'artifact', 'reflection'] as const;
export type SubmissionPartKind = (typeof submissionPartKinds)[number];

export const moduleKinds = ['online', 'coaching', 'action-plan'] as const;
export type ModuleKind = (typeof moduleKinds)[number];

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

export const coachingSessionKinds = ['kickoff', 'coaching', 'share-out'] as const;
export type CoachingSessionKind = (typeof coachingSessionKinds)[number];
export const coachingSessionStatuses = ['scheduled', 'cancelled'] as const;
export type CoachingSessionStatus = (typeof coachingSessionStatuses)[number];
export const attendanceSources = ['zoom', 'live-room', 'manual'] as const;
export type AttendanceSource = (typeof attendanceSources)[number];
export const reminderKinds = ['24h', '1h'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export interface CoachingSessionTable {
  id: Generated<string>;
  cohort_id: string;
  kind: CoachingSessionKind;
  title: string;
  starts_at: Timestamp;
  minutes: number;
  host_id: string;
  module_id: string | null;
  status: ColumnType<
    CoachingSessionStatus,
    CoachingSessionStatus | undefined,
    CoachingSessionStatus
  >;
  /** the Zoom meeting number, digits only */
  zoom_meeting_id: string | null;
  zoom_passcode: string | null;
  join_url: string | null;
  /** true when Cadre created the meeting through the Zoom API (and so updates and deletes it) */
  created_through_zoom: Generated<boolean>;
  /** the instance uuid of the last meeting Zoom reported, for the participants report */
  zoom_meeting_uuid: string | null;
  meeting_started_at: Timestamp | null;
  meeting_ended_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  cancelled_at: Timestamp | null;
}

export interface CoachingSessionRegistrantTable {
  coaching_session_id: string;
  user_id: string;
  zoom_registrant_id: string;
  join_url: string;
  created_at: CreatedAt;
}

export interface AttendanceSegmentTable {
  id: Generated<string>;
  coaching_session_id: string;
  user_id: string;
  joined_at: Timestamp;
  left_at: Timestamp | null;
  source: AttendanceSource;
  /** what the segment came from (a Zoom join, a live-room presence event); unique, so replays add nothing */
  raw_event_id: string | null;
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  /** the server node whose socket opened a live-room stay; its lease tells whether it still runs */
  node_id: string | null;
}

/** a running server process's lease, renewed by its heartbeat (see app/live/node-lease.server.ts) */
export interface ServerNodeTable {
  id: string;
  host: Generated<string>;
  pid: Generated<number>;
  started_at: CreatedAt;
  last_beat_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  /** when a surviving node found the lease expired and closed the node's stays; null while alive */
  reaped_at: Timestamp | null;
  reaped_by: string | null;
}

export interface AttendanceTable {
  coaching_session_id: string;
  user_id: string;
  minutes_credited: Generated<number>;
  present: Generated<boolean>;
  override_present: boolean | null;
  override_reason: string | null;
  overridden_by: string | null;
  overridden_at: Timestamp | null;
  computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ZoomUnmatchedParticipantTable {
  id: Generated<string>;
  coaching_session_id: string;
  zoom_participant_key: string;
  display_name: Generated<string>;
  email: string | null;
  joined_at: Timestamp;
  left_at: Timestamp | null;
  raw_event_id: string;
  resolved_user_id: string | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  created_at: CreatedAt;
}

/** a participants-report fetch still to make after a meeting ended: 15 min, 1 h, 24 h */
export interface ZoomReportRetryTable {
  coaching_session_id: string;
  meeting_uuid: string;
  /** 1, 2 or 3 */
  attempt: number;
  due_at: Timestamp;
  done_at: Timestamp | null;
  /** how many rows the report held when it was read */
  participants: number | null;
  last_error: string | null;
  created_at: CreatedAt;
}

export interface ZoomWebhookEventTable {
  id: string;
  event: string;
  received_at: CreatedAt;
}

export interface CalendarFeedTokenTable {
  id: Generated<string>;
  user_id: string;
  /** the feed address's secret, shown only to its owner; revoking it ends the address */
  token: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface CoachingSessionReminderTable {
  coaching_session_id: string;
  kind: ReminderKind;
  due_at: Timestamp;
  sent_at: Timestamp | null;
}

export const assessmentItemKinds = [
  'self-rating',
  'single-choice',
  'multi-choice',
  'open-text',
] as const;
export type AssessmentItemKind = (typeof assessmentItemKinds)[number];

export interface AssessmentTable {
  id: Generated<string>;
  program_id: string;
  version: number;
  title: string;
  intro: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AssessmentItemTable {
  id: Generated<string>;
  assessment_id: string;
  competency_id: string;
  position: number;
  kind: AssessmentItemKind;
  prompt: string;
  /** four level descriptors for a self-rating, the choices otherwise, none for open text */
  options: ColumnType<string[], string[] | undefined, string[]>;
  /** indexes into options of the right answers (choice items only) */
  correct: ColumnType<number[], number[] | undefined, number[]>;
}

export interface CohortAssessmentTable {
  cohort_id: string;
  assessment_id: string;
  pinned_at: CreatedAt;
}

export interface AssessmentResponseTable {
  id: Generated<string>;
  cohort_id: string;
  assessment_id: string;
  member_id: string;
  started_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  submitted_at: Timestamp | null;
}

export interface AssessmentAnswerTable {
  response_id: string;
  assessment_id: string;
  item_id: string;
  rating: number | null;
  choices: number[] | null;
  text_answer: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PathwayTable {
  cohort_id: string;
  published_at: Timestamp | null;
  published_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PathwayUnitTable {
  id: Generated<string>;
  cohort_id: string;
  position: number;
  title: string;
  action_plan_prompt: Generated<string>;
  created_at: CreatedAt;
}

export interface PathwayModuleTable {
  id: Generated<string>;
  cohort_id: string;
  unit_id: string;
  module_id: string;
  position: number;
  /** a calendar day in the cohort's time zone */
  due_on: DateOnly | null;
  rationale: Generated<string>;
  assign_to: ColumnType<'everyone' | 'some', 'everyone' | 'some' | undefined, 'everyone' | 'some'>;
  created_at: CreatedAt;
}

export interface PathwayAssignmentTable {
  pathway_module_id: string;
  member_id: string;
}

export const moduleProgressStatuses = ['in-progress', 'completed'] as const;
export type ModuleProgressStatus = (typeof moduleProgressStatuses)[number];

export interface ModuleProgressTable {
  id: Generated<string>;
  member_id: string;
  module_id: string;
  status: ColumnType<ModuleProgressStatus, ModuleProgressStatus | undefined, ModuleProgressStatus>;
  reflection: Generated<string>;
  started_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  completed_at: Timestamp | null;
}

export const submissionStatuses = [
  'draft',
  'in-critique',
  'submitted',
  'incomplete',
  'not-yet',
  'earned',
] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

export interface MicroCredentialTable {
  id: Generated<string>;
  program_id: string;
  competency_id: string | null;
  /** short upper-case code, unique in the program (e.g. "CM-1") */
  code: string;
  title: string;
  description: Generated<string>;
  /** what evidence is required, in plain words */
  evidence_requirements: string;
  /** professional-learning hours for earning it */
  hours: Numeric;
  position: number;
  created_at: CreatedAt;
  competency_statement: Generated<string>;
  key_method: Generated<string>;
  /** research and resources behind the method, Markdown */
  research: Generated<string>;
  /** what a submission holds: [{ kind: overview | artifact | reflection, prompt }] */
  submission_parts: ColumnType<
    { kind: SubmissionPartKind; prompt: string }[],
    { kind: SubmissionPartKind; prompt: string }[] | undefined,
    { kind: SubmissionPartKind; prompt: string }[]
  >;
  /** accepted evidence: written artifact, presentation, video, photo journal, … */
  evidence_types: ColumnType<string[], string[] | undefined, string[]>;
  /** whether the evidence needs classroom or student data */
  needs_classroom_data: Generated<boolean>;
  audiences: ColumnType<string[], string[] | undefined, string[]>;
}

export interface RubricCriterionTable {
  id: Generated<string>;
  micro_credential_id: string;
  position: number;
  title: string;
  /** what "meets" looks like for this criterion */
  meets_description: string;
  /** the part of the submission it judges; null for the whole */
  part: SubmissionPartKind | null;
  /** what "not yet" looks like */
  not_yet_description: Generated<string>;
}

export interface PartnershipTable {
  id: Generated<string>;
  cohort_id: string;
  formed_at: CreatedAt;
  formed_by: string | null;
  /** set when the group is re-formed; dissolved rows are the pairing history */
  dissolved_at: Timestamp | null;
  dissolved_reason: string | null;
}

export interface PartnershipMemberTable {
  partnership_id: string;
  /** cohort_member.id */
  member_id: string;
}

export interface SubmissionTable {
  id: Generated<string>;
  /** cohort_member.id of the author */
  member_id: string;
  micro_credential_id: string;
  attempt: Generated<number>;
  previous_submission_id: string | null;
  status: ColumnType<SubmissionStatus, SubmissionStatus | undefined, SubmissionStatus>;
  /** the written evidence in Markdown */
  body: Generated<string>;
  /** bumped on every saved draft so two tabs cannot overwrite each other silently */
  version: Generated<number>;
  critique_waived_at: Timestamp | null;
  critique_waived_by: string | null;
  critique_waived_reason: string | null;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  earned_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EvidenceItemTable {
  id: Generated<string>;
  submission_id: string;
  kind: 'link' | 'file';
  label: Generated<string>;
  url: string | null;
  /** generated name under the storage root; never the uploaded name */
  storage_key: string | null;
  file_name: string | null;
  content_type: string | null;
  byte_size: number | null;
  created_at: CreatedAt;
}

export type ScoreOutcome = 'incomplete' | 'not-yet' | 'earned';

export interface ScoreTable {
  id: Generated<string>;
  submission_id: string;
  scorer_id: string | null;
  outcome: ScoreOutcome;
  feedback: Generated<string>;
  scored_at: CreatedAt;
}

export interface ScoreCriterionTable {
  score_id: string;
  criterion_id: string;
  result: 'meets' | 'not-yet';
  feedback: Generated<string>;
}

export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  cohort_id: string | null;
  kind: string;
  title: string;
  /** an in-app path, always starting with "/" */
  href: string;
  created_at: CreatedAt;
  read_at: Timestamp | null;
}

export const hoursSources = ['completion', 'micro-credential', 'adjustment', 'reversal'] as const;
export type HoursSource = (typeof hoursSources)[number];

/** the professional-learning hours ledger; rows are never edited, only reversed */
export interface HoursEntryTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  cohort_id: string;
  source: HoursSource;
  /** negative for reversals and downward adjustments */
  hours: Numeric;
  reason: string;
  micro_credential_id: string | null;
  submission_id: string | null;
  reverses_entry_id: string | null;
  awarded_at: ColumnType<Date, Date | string | undefined, never>;
  created_by: string | null;
}

/** per cohort: the activity id PERMS gave it, and whether an evaluation holds the hours */
export interface CohortAct48SettingTable {
  cohort_id: string;
  evaluation_required: Generated<boolean>;
  perms_activity_id: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

/** a participant's program evaluation (ratings 1–5, strongly disagree to strongly agree) */
export interface ProgramEvaluationTable {
  id: Generated<string>;
  cohort_id: string;
  user_id: string;
  objectives_met: number;
  relevant: number;
  well_led: number;
  helpful_activities: number;
  will_apply: number;
  apply_plan: Generated<string>;
  improvements: Generated<string>;
  submitted_at: CreatedAt;
}

/** ledger entries sent to PERMS together; append-only */
export interface PermsBatchTable {
  id: Generated<string>;
  organization_id: string;
  sent_at: CreatedAt;
  sent_by: string | null;
  entry_count: number;
}

export interface PermsBatchEntryTable {
  batch_id: string;
  hours_entry_id: string;
}

export interface SigningKeyTable {
  id: Generated<string>;
  organization_id: string;
  /** RS256 signs the VC-JWTs; EdDSA (Ed25519) signs the Data Integrity proofs */
  algorithm: Generated<'EdDSA' | 'RS256'>;
  public_jwk: Json;
  /** the private JWK, encrypted when SIGNING_KEY_SECRET is set; never leaves the server */
  private_key_sealed: string;
  created_at: CreatedAt;
  retired_at: Timestamp | null;
}

export type CredentialKind = 'micro-credential' | 'stack';

export interface CredentialTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  cohort_id: string;
  program_id: string;
  kind: CredentialKind;
  micro_credential_id: string | null;
  submission_id: string | null;
  title: string;
  hours: Numeric;
  issued_at: ColumnType<Date, Date | string | undefined, never>;
  signing_key_id: string;
  /** the Open Badges 3.0 credential exactly as signed, with its Data Integrity proof */
  document: Json;
  /** the compact VC-JWT of `document` */
  jwt: string;
  /** when the earner agreed to show their name, results and evidence on the public page */
  shared_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoked_reason: string | null;
  /** the address the credential was issued under; its id, issuer and keys name it */
  origin: string;
  /** its bit in the organization's revocation status list; null for credentials issued before */
  status_list_index: number | null;
}

/** the stable credentialSubject.id (urn:uuid) of one earner at one organization */
export interface CredentialSubjectTable {
  organization_id: string;
  user_id: string;
  subject_id: Generated<string>;
  created_at: CreatedAt;
}

/** a participant's signed Comprehensive Learner Record (CLR 2.0 ClrCredential) */
export interface LearnerRecordTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  signing_key_id: string;
  origin: string;
  issued_at: ColumnType<Date, Date | string | undefined, never>;
  credential_count: number;
  hours: Numeric;
  document: Json;
  jwt: string;
}

/** the next unallocated index of an organization's revocation status list */
export interface CredentialStatusListTable {
  organization_id: string;
  next_index: Generated<number>;
  created_at: CreatedAt;
}

export interface CredentialPartTable {
  stack_credential_id: string;
  part_credential_id: string;
}

export interface CritiqueTable {
  id: Generated<string>;
  submission_id: string;
  /** cohort_member.id of the partner asked */
  reviewer_member_id: string;
  requested_at: CreatedAt;
  /** null while the partner has not answered */
  completed_at: Timestamp | null;
  /** set when the author submits before this partner answered */
  cancelled_at: Timestamp | null;
  summary: Generated<string>;
  /** when the author last nudged the partner: at most one email a day */
  nudged_at: Timestamp | null;
}

export interface CritiqueNoteTable {
  critique_id: string;
  criterion_id: string;
  /** what already meets the bar */
  meets: Generated<string>;
  /** what would strengthen it */
  strengthen: Generated<string>;
}

export interface SubmissionReturnTable {
  id: Generated<string>;
  submission_id: string;
  returned_by: string | null;
  note: string;
  returned_at: CreatedAt;
}

export const actionPlanStatuses = ['draft', 'submitted', 'revision-requested', 'accepted'] as const;
export type ActionPlanStatus = (typeof actionPlanStatuses)[number];

/** one row of a plan's steps (stored as jsonb: a list whose shape the app validates) */
export interface ActionPlanStep {
  action: string;
  owner: string;
  /** a calendar day, YYYY-MM-DD, or '' when not decided yet */
  due: string;
  resources: string;
}

export interface ActionPlanTable {
  id: Generated<string>;
  cohort_id: string;
  /** cohort_member.id of the author */
  member_id: string;
  unit_id: string;
  status: ColumnType<ActionPlanStatus, ActionPlanStatus | undefined, ActionPlanStatus>;
  goal: Generated<string>;
  measure: Generated<string>;
  steps: ColumnType<ActionPlanStep[], ActionPlanStep[] | undefined, ActionPlanStep[]>;
  support: Generated<string>;
  context: Generated<string>;
  /** bumped on every save so two tabs cannot overwrite each other silently */
  version: Generated<number>;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  /** set while the author shares the plan with the cohort's gallery */
  shared_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ActionPlanVersionTable {
  id: Generated<string>;
  plan_id: string;
  number: number;
  goal: string;
  measure: string;
  steps: ColumnType<ActionPlanStep[], ActionPlanStep[], ActionPlanStep[]>;
  support: string;
  context: string;
  submitted_by: string | null;
  submitted_at: CreatedAt;
}

export type ActionPlanDecision = 'accepted' | 'revision-requested';

export interface ActionPlanReviewTable {
  id: Generated<string>;
  plan_id: string;
  version_id: string;
  reviewer_id: string | null;
  decision: ActionPlanDecision;
  goal_note: Generated<string>;
  measure_note: Generated<string>;
  steps_note: Generated<string>;
  support_note: Generated<string>;
  context_note: Generated<string>;
  overall_note: Generated<string>;
  reviewed_at: CreatedAt;
}

export interface ActionPlanCommentTable {
  id: Generated<string>;
  plan_id: string;
  author_id: string;
  kind: 'glow' | 'grow';
  body: string;
  created_at: CreatedAt;
}

export interface ShareOutTable {
  coaching_session_id: string;
  cohort_id: string;
  /** what every screen in the share-out shows right now */
  spotlight_plan_id: string | null;
  spotlight_set_at: Timestamp | null;
  queue_built_at: Timestamp | null;
  finished_at: Timestamp | null;
  finished_by: string | null;
  created_at: CreatedAt;
}

export interface ShareOutPresenterTable {
  coaching_session_id: string;
  member_id: string;
  plan_id: string;
  position: number;
  volunteered_at: Timestamp | null;
  timer_started_at: Timestamp | null;
  timer_seconds: Generated<number>;
  presented_at: Timestamp | null;
}

export interface LiveRoomTable {
  coaching_session_id: string;
  /** the room's counter: the seq of its last event, bumped by every append */
  last_seq: Generated<number>;
  /** the state (app/live/state.ts, chat left out) folded from its events up to snapshot_seq */
  state: Json;
  snapshot_seq: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface LiveEventTable {
  coaching_session_id: string;
  seq: number;
  type: string;
  actor_id: string | null;
  payload: Json;
  at: CreatedAt;
}

/** a person asking to join the next cohort of a stack, once per stack */
export interface CatalogJoinRequestTable {
  id: Generated<string>;
  organization_id: string;
  /** the stack asked for, whatever its version; one request per person and lineage */
  lineage_id: string;
  /** the version on show when the person asked */
  program_id: string;
  user_id: string;
  note: Generated<string>;
  created_at: CreatedAt;
}

export type ScoringFeeStatus = 'due' | 'paid' | 'waived';

/** what a non-member owes for scoring one submission; recorded, never charged */
export interface ScoringFeeTable {
  id: Generated<string>;
  organization_id: string;
  submission_id: string;
  user_id: string;
  amount_cents: number;
  status: ColumnType<ScoringFeeStatus, ScoringFeeStatus | undefined, ScoringFeeStatus>;
  receipt_reference: string | null;
  waived_reason: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AuthoringImageTable {
  id: Generated<string>;
  organization_id: string;
  storage_key: string;
  content_type: string;
  byte_size: number;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface Database {
  authoring_image: AuthoringImageTable;
  organization: OrganizationTable;
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  sign_in_attempt: SignInAttemptTable;
  rate_limit_hit: RateLimitHitTable;
  idempotency_key: IdempotencyKeyTable;
  password_reset: PasswordResetTable;
  oidc_connection: OidcConnectionTable;
  oidc_connection_domain: OidcConnectionDomainTable;
  oidc_identity: OidcIdentityTable;
  email_change: EmailChangeTable;
  email_preference: EmailPreferenceTable;
  program: ProgramTable;
  competency: CompetencyTable;
  module: ModuleTable;
  module_competency: ModuleCompetencyTable;
  cohort: CohortTable;
  cohort_member: CohortMemberTable;
  audit_log: AuditLogTable;
  invitation: InvitationTable;
  outbound_email: OutboundEmailTable;
  coaching_session: CoachingSessionTable;
  coaching_session_registrant: CoachingSessionRegistrantTable;
  attendance_segment: AttendanceSegmentTable;
  server_node: ServerNodeTable;
  attendance: AttendanceTable;
  zoom_unmatched_participant: ZoomUnmatchedParticipantTable;
  zoom_webhook_event: ZoomWebhookEventTable;
  zoom_report_retry: ZoomReportRetryTable;
  calendar_feed_token: CalendarFeedTokenTable;
  assessment: AssessmentTable;
  assessment_item: AssessmentItemTable;
  cohort_assessment: CohortAssessmentTable;
  assessment_response: AssessmentResponseTable;
  assessment_answer: AssessmentAnswerTable;
  pathway: PathwayTable;
  pathway_unit: PathwayUnitTable;
  pathway_module: PathwayModuleTable;
  pathway_assignment: PathwayAssignmentTable;
  module_progress: ModuleProgressTable;
  coaching_session_reminder: CoachingSessionReminderTable;
  micro_credential: MicroCredentialTable;
  rubric_criterion: RubricCriterionTable;
  partnership: PartnershipTable;
  partnership_member: PartnershipMemberTable;
  submission: SubmissionTable;
  evidence_item: EvidenceItemTable;
  score: ScoreTable;
  score_criterion: ScoreCriterionTable;
  scoring_fee: ScoringFeeTable;
  catalog_join_request: CatalogJoinRequestTable;
  notification: NotificationTable;
  hours_entry: HoursEntryTable;
  cohort_act48_setting: CohortAct48SettingTable;
  program_evaluation: ProgramEvaluationTable;
  perms_batch: PermsBatchTable;
  perms_batch_entry: PermsBatchEntryTable;
  signing_key: SigningKeyTable;
  credential: CredentialTable;
  credential_part: CredentialPartTable;
  credential_subject: CredentialSubjectTable;
  credential_status_list: CredentialStatusListTable;
  learner_record: LearnerRecordTable;
  critique: CritiqueTable;
  critique_note: CritiqueNoteTable;
  submission_return: SubmissionReturnTable;
  action_plan: ActionPlanTable;
  action_plan_version: ActionPlanVersionTable;
  action_plan_review: ActionPlanReviewTable;
  action_plan_comment: ActionPlanCommentTable;
  share_out: ShareOutTable;
  share_out_presenter: ShareOutPresenterTable;
  live_room: LiveRoomTable;
  live_event: LiveEventTable;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type Cohort = Selectable<CohortTable>;
