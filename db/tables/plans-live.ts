import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, Timestamp } from './shared';

/** Action plans, the share-out, the live room, join requests, scoring fees and authoring images. */

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
