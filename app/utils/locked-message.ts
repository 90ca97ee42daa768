import { formatDay } from './dates';

/**
 * The words a locked document shows: what happened to it and when, in the cohort's zone,
 * e.g. "This plan was handed in on Dec 6, 2026 — it can no longer be changed."
 */
export function lockedMessage(input: {
  what: 'plan' | 'evidence';
  event: 'handed in' | 'submitted' | 'accepted' | 'scored';
  at: Date | string | null;
  timeZone: string;
  after?: string;
}) {
  const subject = input.what === 'plan' ? 'This plan' : 'This evidence';
  const when = input.at ? ` on ${formatDay(new Date(input.at).toISOString(), input.timeZone)}` : '';
  return `${subject} was ${input.event}${when} — it can no longer be changed.${input.after ? ` ${input.after}` : ''}`;
}
