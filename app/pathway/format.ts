import { formatWeekdayDay } from '../utils/dates';

/** "Mon, Jan 25, 2027" for a due day; a calendar day has no zone to shift it. */
export function formatDueDay(dueOn: string | null) {
  return dueOn ? formatWeekdayDay(dueOn) : 'No due date';
}

/** "Due Mon, Jan 25, 2027", or "No due date" rather than "Due No due date" */
export function formatDueLabel(dueOn: string | null) {
  return dueOn ? `Due ${formatDueDay(dueOn)}` : 'No due date';
}

export const kindLabels = {
  online: 'Online module',
  coaching: 'Live coaching session',
  'action-plan': 'Action plan',
} as const;

export const progressLabels = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
} as const;
