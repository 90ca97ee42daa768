import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateOnly, Numeric, SubmissionPartKind, Timestamp } from './shared';

/** The pre-assessment, the pathway, module progress, micro-credentials, evidence and scores. */

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
