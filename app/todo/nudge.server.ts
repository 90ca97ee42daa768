import type { DB } from '../../db/db.server';
import { withTransaction } from '../../db/transaction';
import { tellPeople } from '../evidence/notices.server';
import { isUuid } from '../utils/ids';

/** one nudge per critique in this long: a reminder, not a siren */
export const NUDGE_INTERVAL_MS = 24 * 60 * 60 * 1000;

export type NudgeOutcome =
  | { status: 'sent'; partnerName: string }
  | { status: 'too-soon'; partnerName: string; nextAt: string; timezone: string }
  | { status: 'not-found' };

/**
 * The author of evidence waiting for a partner's critique reminds the partner: one in-app
 * notice and one email, at most once a day per critique.
 */
export async function nudgePartner(
  db: DB,
  input: { critiqueId: string; userId: string; appOrigin: string | null; now?: Date },
): Promise<NudgeOutcome> {
  if (!isUuid(input.critiqueId)) return { status: 'not-found' };
  const now = input.now ?? new Date();
  return withTransaction(db, async (trx) => {
    const critique = await trx
      .selectFrom('critique')
      .innerJoin('submission', 'submission.id', 'critique.submission_id')
      .innerJoin('cohort_member as author', 'author.id', 'submission.member_id')
      .innerJoin('app_user as author_user', 'author_user.id', 'author.user_id')
      .innerJoin('cohort_member as reviewer', 'reviewer.id', 'critique.reviewer_member_id')
      .innerJoin('app_user as partner', 'partner.id', 'reviewer.user_id')
      .innerJoin('cohort', 'cohort.id', 'author.cohort_id')
      .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
      .select([
        'critique.id',
        'critique.nudged_at as nudgedAt',
        'submission.id as submissionId',
        'cohort.id as cohortId',
        'cohort.organization_id as organizationId',
        'cohort.timezone',
        'author_user.name as authorName',
        'partner.id as partnerId',
        'partner.name as partnerName',
        'partner.email as partnerEmail',
        'micro_credential.title',
      ])
      .where('critique.id', '=', input.critiqueId)
      .where('author.user_id', '=', input.userId)
      .where('author.status', '=', 'active')
      .where('submission.status', '=', 'in-critique')
      .where('critique.completed_at', 'is', null)
      .where('critique.cancelled_at', 'is', null)
      .forUpdate('critique')
      .executeTakeFirst();
    if (!critique) return { status: 'not-found' };
    if (critique.nudgedAt) {
      const nextAt = new Date(new Date(critique.nudgedAt).getTime() + NUDGE_INTERVAL_MS);
      if (nextAt > now) {
        return {
          status: 'too-soon',
          partnerName: critique.partnerName,
          nextAt: nextAt.toISOString(),
          timezone: critique.timezone,
        };
      }
    }
    await trx
      .updateTable('critique')
      .set({ nudged_at: now })
      .where('id', '=', critique.id)
      .execute();
    await tellPeople(
      trx,
      [{ userId: critique.partnerId, email: critique.partnerEmail, name: critique.partnerName }],
      {
        organizationId: critique.organizationId,
        cohortId: critique.cohortId,
        kind: 'critique.nudged',
        title: `${critique.authorName} is waiting for your critique of “${critique.title}”`,
        href: `/cohorts/${critique.cohortId}/evidence/${critique.submissionId}/critique`,
        paragraphs: [
          `${critique.authorName} asked for your critique of their evidence for “${critique.title}” and is waiting to submit it for scoring. A few specific notes are enough.`,
        ],
        actionLabel: 'Write the critique',
      },
      input.appOrigin,
    );
    return { status: 'sent', partnerName: critique.partnerName };
  });
}
