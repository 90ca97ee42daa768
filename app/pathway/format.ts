const dayFormat = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Mon, Jan 25, 2027" for a due day; a calendar day has no zone to shift it. */
export function formatDueDay(dueOn: string | null) {
  if (!dueOn) return 'No due date';
  const date = new Date(`${dueOn}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? dueOn : dayFormat.format(date);
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
