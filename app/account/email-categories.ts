/**
 * The kinds of notification email a person can turn off. Mail a person must get to use
 * their account (invitations, password resets, address confirmations) belongs to none.
 */
export const emailCategories = [
  'reminders',
  'critique_requests',
  'scoring_results',
  'digests',
  'cohort_updates',
] as const;
export type EmailCategory = (typeof emailCategories)[number];

export const emailCategoryLabels: Record<EmailCategory, { title: string; description: string }> = {
  reminders: {
    title: 'Reminders',
    description: 'Coaching sessions starting soon and a pre-assessment still waiting.',
  },
  critique_requests: {
    title: 'Critique requests',
    description:
      'A partner asks you to critique their evidence, a critique of yours is done, evidence waits for your score.',
  },
  scoring_results: {
    title: 'Scoring results',
    description: 'Your evidence is scored and your action plan is reviewed.',
  },
  digests: {
    title: 'Digests',
    description: 'A summary of what happened in your cohorts.',
  },
  cohort_updates: {
    title: 'Cohort updates',
    description:
      'Your pathway is published, a coaching session moves or is cancelled, a seat opens for you.',
  },
};

const categoryOfKind: Record<string, EmailCategory> = {
  'coaching-session-reminder-24h': 'reminders',
  'coaching-session-reminder-1h': 'reminders',
  'assessment-reminder': 'reminders',
  'critique.requested': 'critique_requests',
  'critique.completed': 'critique_requests',
  'critique.waived': 'critique_requests',
  'critique.nudged': 'critique_requests',
  'partners.formed': 'critique_requests',
  'submission.submitted': 'critique_requests',
  'submission.not_yet': 'scoring_results',
  'submission.incomplete': 'scoring_results',
  'submission.earned': 'scoring_results',
  'submission.fee_due': 'scoring_results',
  'plan-accepted': 'scoring_results',
  'plan-revision-requested': 'scoring_results',
  'pathway-published': 'cohort_updates',
  'waitlist-promoted': 'cohort_updates',
  'coaching-session-moved': 'cohort_updates',
  'coaching-session-cancelled': 'cohort_updates',
};

/** The category an outbound email kind belongs to, or null for mail nobody can turn off. */
export function emailCategoryOf(kind: string): EmailCategory | null {
  if (kind === 'digest' || kind.startsWith('digest-')) return 'digests';
  return categoryOfKind[kind] ?? null;
}

export function isEmailCategory(value: string): value is EmailCategory {
  return (emailCategories as readonly string[]).includes(value);
}
