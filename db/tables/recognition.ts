import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, Numeric, Timestamp } from './shared';

/** Hours, PERMS batches, signing keys, credentials, learner records and critiques. */

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
