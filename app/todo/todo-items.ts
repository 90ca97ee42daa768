import type { CohortRole, CohortStatus } from '../../db/schema';

/** One thing on a person's to-do list, and the helpers that word and order them. */
export interface TodoItem {
  key: string;
  cohortId: string;
  cohortName: string;
  timezone: string;
  role: 'participant' | 'coach' | 'facilitator';
  title: string;
  /** one more line of context: who waits, how long, what is missing */
  detail: string | null;
  href: string;
  /** the button's words */
  action: string;
  /** when it is due or when it started waiting (ISO); earlier is more urgent */
  urgentAt: string | null;
  /** a day without a time (a module's due day), YYYY-MM-DD */
  dueOn: string | null;
  /** a participant waiting on a partner's critique may nudge them */
  nudge: { critiqueId: string; partnerName: string; nudgedAt: string | null } | null;
}

export const ACTIVE_STATUSES: CohortStatus[] = ['forming', 'assessing', 'learning', 'sharing'];
/** a list of dozens of modules is a pathway, not a to-do: the next few per cohort */
export const MODULES_PER_COHORT = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export function daysWaiting(since: Date | string, now: Date) {
  return Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / DAY_MS));
}

export function waited(days: number) {
  return days === 0 ? 'today' : days === 1 ? 'for 1 day' : `for ${days} days`;
}

/** "today", "1 day ago", "3 days ago" */
export function daysAgo(days: number) {
  return days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

export function iso(value: Date | string | null) {
  return value === null ? null : new Date(value).toISOString();
}

export function day(value: Date | string | null) {
  if (value === null) return null;
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** Most urgent first: dated items by date (a due day counts from its start), then the rest. */
export function sortTodo(items: TodoItem[]): TodoItem[] {
  const when = (item: TodoItem) =>
    item.urgentAt
      ? Date.parse(item.urgentAt)
      : item.dueOn
        ? Date.parse(`${item.dueOn}T00:00:00Z`)
        : Number.POSITIVE_INFINITY;
  return [...items].sort(
    (a, b) =>
      when(a) - when(b) || a.cohortName.localeCompare(b.cohortName) || a.key.localeCompare(b.key),
  );
}

/** a cohort the person is an active member of, and their role in it */
export interface Membership {
  memberId: string;
  role: CohortRole;
  cohortId: string;
  cohortName: string;
  status: CohortStatus;
  timezone: string;
}

export function base(member: Membership, role: TodoItem['role']) {
  return {
    cohortId: member.cohortId,
    cohortName: member.cohortName,
    timezone: member.timezone,
    role,
    detail: null,
    urgentAt: null,
    dueOn: null,
    nudge: null,
  };
}
