import type { ColumnType } from 'kysely';

/** Column shapes and the status lists more than one table uses. */

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type DateOnly = ColumnType<Date, Date | string, Date | string>;
// numeric comes back as a string from both drivers; convert with Number() at the edge
export type Numeric = ColumnType<string, number | string | undefined, number | string>;
export type Json = ColumnType<unknown, unknown, unknown>;

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
