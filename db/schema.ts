import type { Insertable, Selectable, Updateable } from 'kysely';
import type {
  AuditLogTable,
  CohortMemberTable,
  CohortTable,
  CompetencyTable,
  EmailChangeTable,
  EmailPreferenceTable,
  InvitationTable,
  ModuleCompetencyTable,
  ModuleTable,
  OutboundEmailTable,
  ProgramTable,
} from './tables/cohorts';
import type {
  AssessmentAnswerTable,
  AssessmentItemTable,
  AssessmentResponseTable,
  AssessmentTable,
  CohortAssessmentTable,
  EvidenceItemTable,
  MicroCredentialTable,
  ModuleProgressTable,
  NotificationTable,
  PartnershipMemberTable,
  PartnershipTable,
  PathwayAssignmentTable,
  PathwayModuleTable,
  PathwayTable,
  PathwayUnitTable,
  RubricCriterionTable,
  ScoreCriterionTable,
  ScoreTable,
  SubmissionTable,
} from './tables/learning';
import type {
  AppUserTable,
  AuthSessionTable,
  IdempotencyKeyTable,
  OidcConnectionDomainTable,
  OidcConnectionTable,
  OidcIdentityTable,
  OrganizationTable,
  PasswordResetTable,
  RateLimitHitTable,
  SignInAttemptTable,
} from './tables/people';
import type {
  ActionPlanCommentTable,
  ActionPlanReviewTable,
  ActionPlanTable,
  ActionPlanVersionTable,
  AuthoringImageTable,
  CatalogJoinRequestTable,
  LiveEventTable,
  LiveRoomTable,
  ScoringFeeTable,
  ShareOutPresenterTable,
  ShareOutTable,
} from './tables/plans-live';
import type {
  CohortAct48SettingTable,
  CredentialPartTable,
  CredentialStatusListTable,
  CredentialSubjectTable,
  CredentialTable,
  CritiqueNoteTable,
  CritiqueTable,
  HoursEntryTable,
  LearnerRecordTable,
  PermsBatchEntryTable,
  PermsBatchTable,
  ProgramEvaluationTable,
  SigningKeyTable,
  SubmissionReturnTable,
} from './tables/recognition';
import type {
  AttendanceSegmentTable,
  AttendanceTable,
  CalendarFeedTokenTable,
  CoachingSessionRegistrantTable,
  CoachingSessionReminderTable,
  CoachingSessionTable,
  ServerNodeTable,
  ZoomReportRetryTable,
  ZoomUnmatchedParticipantTable,
  ZoomWebhookEventTable,
} from './tables/sessions';

/**
 * The Database interface Kysely checks every query against, written by hand beside
 * db/migrations. tests/integration/schema.test.ts reads it with the TypeScript compiler and
 * fails unless every table, column and column's nullability matches the catalog of a
 * freshly migrated database (column types and defaults are not compared).
 */

export * from './tables/shared';
export * from './tables/people';
export * from './tables/cohorts';
export * from './tables/sessions';
export * from './tables/learning';
export * from './tables/recognition';
export * from './tables/plans-live';

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
