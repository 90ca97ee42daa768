import type { Migration } from 'kysely';
import * as createOrganizationAndPeople from './2026_11_26_0700_create_organization_and_people';
import * as createProgramCatalog from './2026_11_26_0710_create_program_catalog';
import * as createCohort from './2026_11_26_0720_create_cohort';
import * as createAuditLog from './2026_11_26_0730_create_audit_log';
import * as createInvitationAndOutboundEmail from './2026_11_26_0800_create_invitation_and_outbound_email';
import * as indexAuditLogByTarget from './2026_11_26_0810_index_audit_log_by_target';

// listed by hand so the bundled server and the tests read the same set without touching the disk
export const migrations: Record<string, Migration> = {
  '2026_11_26_0700_create_organization_and_people': createOrganizationAndPeople,
  '2026_11_26_0710_create_program_catalog': createProgramCatalog,
  '2026_11_26_0720_create_cohort': createCohort,
  '2026_11_26_0730_create_audit_log': createAuditLog,
  '2026_11_26_0800_create_invitation_and_outbound_email': createInvitationAndOutboundEmail,
  '2026_11_26_0810_index_audit_log_by_target': indexAuditLogByTarget,
};
