import type { Migration } from 'kysely';
import * as createOrganizationAndPeople from './2026_11_26_0700_create_organization_and_people';
import * as createProgramCatalog from './2026_11_26_0710_create_program_catalog';
import * as createCohort from './2026_11_26_0720_create_cohort';
import * as createAuditLog from './2026_11_26_0730_create_audit_log';
import * as createInvitationAndOutboundEmail from './2026_11_26_0800_create_invitation_and_outbound_email';
import * as indexAuditLogByTarget from './2026_11_26_0810_index_audit_log_by_target';
import * as createAssessment from './2026_11_26_0900_create_assessment';
import * as createPathway from './2026_11_26_0910_create_pathway';
import * as createCoachingSessions from './2026_11_26_0930_create_coaching_sessions';
import * as createMicroCredentialsAndPartners from './2026_11_26_1000_create_micro_credentials_and_partners';
import * as createLiveEvent from './2026_11_26_1100_create_live_event';
import * as createActionPlans from './2026_11_26_1200_create_action_plans';
import * as createCritique from './2026_11_26_1300_create_critique';
import * as createHoursAndCredentials from './2026_11_26_1400_create_hours_and_credentials';
import * as createServerNode from './2026_12_04_1000_create_server_node';
import * as appendOnlyLedgers from './2026_12_04_1010_append_only_ledgers';
import * as createRateLimitHitAndIdempotencyKey from './2026_12_04_1020_create_rate_limit_hit_and_idempotency_key';
import * as createPasswordReset from './2026_12_04_1100_create_password_reset';
import * as addOrganizationSettingsAndMembership from './2026_12_04_1200_add_organization_settings_and_membership';
import * as addCritiqueNudgedAt from './2026_12_05_0900_add_critique_nudged_at';
import * as addCatalogFields from './2026_12_05_1000_add_catalog_fields';
import * as createAuthoringImage from './2026_12_05_1200_create_authoring_image';
import * as createJoinRequestsAndScoringFees from './2026_12_05_1300_create_join_requests_and_scoring_fees';
import * as joinRequestsPerLineage from './2026_12_06_1200_join_requests_per_lineage';

import * as createOidcConnection from './2026_12_05_0300_create_oidc_connection';
import * as indexPeopleAndCohortSearch from './2026_12_05_0500_index_people_and_cohort_search';

import * as openBadgesConformance from './2026_12_05_0600_open_badges_conformance';

import * as createAct48 from './2026_12_05_0800_create_act48';
import * as createAccountTables from './2026_12_05_0100_create_account_tables';
import * as shareZoomMeetingsWithinACohort from './2026_12_05_1100_share_zoom_meetings_within_a_cohort';
import * as snapshotLiveRooms from './2026_12_06_1000_snapshot_live_rooms';

// listed by hand so the bundled server and the tests read the same set without touching the disk
export const migrations: Record<string, Migration> = {
  '2026_11_26_0700_create_organization_and_people': createOrganizationAndPeople,
  '2026_11_26_0710_create_program_catalog': createProgramCatalog,
  '2026_11_26_0720_create_cohort': createCohort,
  '2026_11_26_0730_create_audit_log': createAuditLog,
  '2026_11_26_0800_create_invitation_and_outbound_email': createInvitationAndOutboundEmail,
  '2026_11_26_0810_index_audit_log_by_target': indexAuditLogByTarget,
  '2026_11_26_0900_create_assessment': createAssessment,
  '2026_11_26_0910_create_pathway': createPathway,
  '2026_11_26_0930_create_coaching_sessions': createCoachingSessions,
  '2026_11_26_1000_create_micro_credentials_and_partners': createMicroCredentialsAndPartners,
  '2026_11_26_1100_create_live_event': createLiveEvent,
  '2026_11_26_1200_create_action_plans': createActionPlans,
  '2026_11_26_1300_create_critique': createCritique,
  '2026_11_26_1400_create_hours_and_credentials': createHoursAndCredentials,
  '2026_12_04_1000_create_server_node': createServerNode,
  '2026_12_04_1010_append_only_ledgers': appendOnlyLedgers,
  '2026_12_04_1020_create_rate_limit_hit_and_idempotency_key': createRateLimitHitAndIdempotencyKey,
  '2026_12_04_1100_create_password_reset': createPasswordReset,
  '2026_12_04_1200_add_organization_settings_and_membership': addOrganizationSettingsAndMembership,
  '2026_12_05_0900_add_critique_nudged_at': addCritiqueNudgedAt,
  '2026_12_05_1000_add_catalog_fields': addCatalogFields,
  '2026_12_05_1200_create_authoring_image': createAuthoringImage,
  '2026_12_05_1300_create_join_requests_and_scoring_fees': createJoinRequestsAndScoringFees,
  '2026_12_06_1000_snapshot_live_rooms': snapshotLiveRooms,
  '2026_12_06_1200_join_requests_per_lineage': joinRequestsPerLineage,

  '2026_12_05_0300_create_oidc_connection': createOidcConnection,
  '2026_12_05_0500_index_people_and_cohort_search': indexPeopleAndCohortSearch,

  '2026_12_05_0600_open_badges_conformance': openBadgesConformance,

  '2026_12_05_0800_create_act48': createAct48,
  '2026_12_05_0100_create_account_tables': createAccountTables,
  '2026_12_05_1100_share_zoom_meetings_within_a_cohort': shareZoomMeetingsWithinACohort,
};
