import type { SubmissionStatus } from '../../db/schema';

export type CredentialStatus = SubmissionStatus | 'not-started';

/** statuses in which the author may still change the evidence */
export const EDITABLE_STATUSES: readonly SubmissionStatus[] = [
  'draft',
  'in-critique',
  'incomplete',
];

export function isEditable(status: SubmissionStatus) {
  return EDITABLE_STATUSES.includes(status);
}

export const credentialStatusLabels: Record<CredentialStatus, string> = {
  'not-started': 'Not started',
  draft: 'Drafting',
  'in-critique': 'In critique',
  submitted: 'Submitted',
  incomplete: 'Incomplete',
  'not-yet': 'Not yet',
  earned: 'Earned',
};

/** "Not yet · attempt 1", or just the status for a first attempt still in progress */
export function describeCredentialStatus(status: CredentialStatus, attempt: number | null) {
  const label = credentialStatusLabels[status];
  return attempt && status !== 'not-started' ? `${label} · attempt ${attempt}` : label;
}

export function formatBytes(bytes: number | null) {
  if (bytes === null) return '';
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${Math.round(bytes / 100_000) / 10} MB`;
}

/** whole days between two moments, for "waiting 8 days" */
export function daysBetween(fromIso: string, to: Date = new Date()) {
  return Math.max(0, Math.floor((to.getTime() - new Date(fromIso).getTime()) / 86_400_000));
}
