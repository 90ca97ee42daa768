import { z } from 'zod';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { EDITABLE_STATUSES } from '../evidence/labels';
import { tellPeople } from '../evidence/notices.server';
import { getCurrentPartnerIds } from './partners.server';
import {
  type Executor,
  iso,
  countItems,
  lockEditable,
  getRecipients,
  getSubmissionFacts,
  submissionHref,
  authorOf,
} from '../evidence/submission-rows.server';

/** Asks the author's current partners to critique this attempt. */
export async function requestCritique(
  db: Executor,
  input: { submissionId: string; appOrigin: string | null },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockEditable(trx, input.submissionId))) return { status: 'locked' as const };
    const facts = await getSubmissionFacts(trx, input.submissionId);
    const itemCount = await countItems(trx, facts.id, 'link').then(
      async (links) => links + (await countItems(trx, facts.id, 'file')),
    );
    if (facts.body.trim() === '' && itemCount === 0) return { status: 'empty' as const };
    const partnerIds = await getCurrentPartnerIds(trx, facts.memberId);
    if (partnerIds.length === 0) return { status: 'no-partner' as const };
    const open = await trx
      .selectFrom('critique')
      .select('reviewer_member_id')
      .where('submission_id', '=', facts.id)
      .where('completed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    const waiting = new Set(open.map((row) => row.reviewer_member_id));
    const toAsk = partnerIds.filter((memberId) => !waiting.has(memberId));
    if (toAsk.length > 0) {
      await trx
        .insertInto('critique')
        .values(
          toAsk.map((memberId) => ({ submission_id: facts.id, reviewer_member_id: memberId })),
        )
        .execute();
    }
    await trx
      .updateTable('submission')
      .set({ status: 'in-critique', updated_at: new Date() })
      .where('id', '=', facts.id)
      .execute();
    const partners = await getRecipients(trx, partnerIds);
    await tellPeople(
      trx,
      (await getRecipients(trx, toAsk)) ?? [],
      {
        organizationId: facts.organizationId,
        cohortId: facts.cohortId,
        kind: 'critique.requested',
        title: `${facts.authorName} asks for your critique on “${facts.credentialTitle}”`,
        href: `${submissionHref(facts)}/critique`,
        paragraphs: [
          `${facts.authorName} would like your critique of their evidence for “${facts.credentialTitle}”.`,
          'Read it next to the rubric and write, for each criterion, what already meets the bar and what would strengthen it.',
        ],
        actionLabel: 'Write the critique',
      },
      input.appOrigin,
    );
    return { status: 'requested' as const, partners: partners.map((person) => person.name) };
  });
}

/** The open request this member was asked to answer on this submission, if any. */
export async function getOpenCritique(
  db: Executor,
  input: { submissionId: string; reviewerMemberId: string },
) {
  return db
    .selectFrom('critique')
    .select(['id', 'requested_at as requestedAt'])
    .where('submission_id', '=', input.submissionId)
    .where('reviewer_member_id', '=', input.reviewerMemberId)
    .where('completed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
}

const noteText = z
  .string()
  .trim()
  .max(10_000, 'Keep each note under 10,000 characters.')
  .default('');

/** a field the rubric named, read from the parsed form */
function noteOf(value: Record<string, unknown>, name: string) {
  const note = value[name];
  return typeof note === 'string' ? note : '';
}

/**
 * The critique form for this rubric: notes arrive as meets-<criterionId> and
 * strengthen-<criterionId>, and each criterion needs one of the two.
 */
export function critiqueFormSchema(criteria: { id: string; title: string }[]) {
  const notes: Record<string, typeof noteText> = {};
  for (const criterion of criteria) {
    notes[`meets-${criterion.id}`] = noteText;
    notes[`strengthen-${criterion.id}`] = noteText;
  }
  return z
    .object({
      ...notes,
      summary: z
        .string()
        .trim()
        .max(10_000, 'Keep the overall note under 10,000 characters.')
        .default(''),
    })
    .superRefine((value, ctx) => {
      for (const criterion of criteria) {
        if (
          !noteOf(value, `meets-${criterion.id}`) &&
          !noteOf(value, `strengthen-${criterion.id}`)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: [`meets-${criterion.id}`],
            message: `Write what meets the bar or what would strengthen it for “${criterion.title}”.`,
          });
        }
      }
    })
    .transform((value) => ({
      notes: criteria.map((criterion) => ({
        criterionId: criterion.id,
        meets: noteOf(value, `meets-${criterion.id}`),
        strengthen: noteOf(value, `strengthen-${criterion.id}`),
      })),
      summary: value.summary,
    }));
}

/** Completes a partner's critique and tells the author. */
export async function completeCritique(
  db: Executor,
  input: {
    critiqueId: string;
    reviewerMemberId: string;
    reviewerName: string;
    notes: { criterionId: string; meets: string; strengthen: string }[];
    summary: string;
    appOrigin: string | null;
  },
) {
  return withTransaction(db, async (trx) => {
    const critique = await trx
      .updateTable('critique')
      .set({ completed_at: new Date(), summary: input.summary })
      .where('id', '=', input.critiqueId)
      .where('reviewer_member_id', '=', input.reviewerMemberId)
      .where('completed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .returning('submission_id')
      .executeTakeFirst();
    if (!critique) return { status: 'closed' as const };
    await trx
      .insertInto('critique_note')
      .values(
        input.notes.map((note) => ({
          critique_id: input.critiqueId,
          criterion_id: note.criterionId,
          meets: note.meets,
          strengthen: note.strengthen,
        })),
      )
      .execute();
    const stillOpen = await trx
      .selectFrom('critique')
      .select('id')
      .where('submission_id', '=', critique.submission_id)
      .where('completed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    if (!stillOpen) {
      // every partner answered: the author is revising again
      await trx
        .updateTable('submission')
        .set({ status: 'draft', updated_at: new Date() })
        .where('id', '=', critique.submission_id)
        .where('status', '=', 'in-critique')
        .execute();
    }
    const facts = await getSubmissionFacts(trx, critique.submission_id);
    await tellPeople(
      trx,
      [authorOf(facts)],
      {
        organizationId: facts.organizationId,
        cohortId: facts.cohortId,
        kind: 'critique.completed',
        title: `${input.reviewerName} critiqued your evidence for “${facts.credentialTitle}”`,
        href: submissionHref(facts),
        paragraphs: [
          `${input.reviewerName} wrote a critique of your evidence for “${facts.credentialTitle}”, criterion by criterion.`,
          'Read it, revise what you want to strengthen, and submit when you are ready (or ask again).',
        ],
        actionLabel: 'Read the critique',
      },
      input.appOrigin,
    );
    return { status: 'completed' as const, submissionId: critique.submission_id };
  });
}

/** The facilitator lets this attempt be submitted without a completed critique. */
export async function waiveCritique(
  db: Executor,
  input: { submissionId: string; actorId: string; reason: string; appOrigin: string | null },
) {
  return withTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('submission')
      .set({
        critique_waived_at: new Date(),
        critique_waived_by: input.actorId,
        critique_waived_reason: input.reason,
      })
      .where('id', '=', input.submissionId)
      .where('critique_waived_at', 'is', null)
      .where('status', 'in', EDITABLE_STATUSES)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return { status: 'unchanged' as const };
    const facts = await getSubmissionFacts(trx, input.submissionId);
    await recordAudit(trx, {
      organizationId: facts.organizationId,
      actorId: input.actorId,
      action: 'submission.critique_waived',
      targetType: 'submission',
      targetId: facts.id,
      after: { reason: input.reason, author: facts.authorName, attempt: facts.attempt },
    });
    await tellPeople(
      trx,
      [authorOf(facts)],
      {
        organizationId: facts.organizationId,
        cohortId: facts.cohortId,
        kind: 'critique.waived',
        title: `You may submit “${facts.credentialTitle}” without a partner critique`,
        href: submissionHref(facts),
        paragraphs: [
          `The facilitator waived the partner critique for your evidence on “${facts.credentialTitle}”: ${input.reason}`,
          'You can submit it for scoring whenever it is ready.',
        ],
        actionLabel: 'Open your evidence',
      },
      input.appOrigin,
    );
    return { status: 'waived' as const, name: facts.authorName };
  });
}

/** Critique requests not yet answered in this cohort, oldest first, for the facilitator. */
export async function listWaitingCritiques(db: Executor, cohortId: string) {
  const rows = await db
    .selectFrom('critique')
    .innerJoin('submission', 'submission.id', 'critique.submission_id')
    .innerJoin('cohort_member as author', 'author.id', 'submission.member_id')
    .innerJoin('app_user as author_user', 'author_user.id', 'author.user_id')
    .innerJoin('cohort_member as reviewer', 'reviewer.id', 'critique.reviewer_member_id')
    .innerJoin('app_user as reviewer_user', 'reviewer_user.id', 'reviewer.user_id')
    .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
    .select([
      'critique.id',
      'submission.id as submissionId',
      'submission.attempt',
      'submission.critique_waived_at as waivedAt',
      'author_user.name as authorName',
      'reviewer_user.name as reviewerName',
      'reviewer.status as reviewerStatus',
      'micro_credential.title as credentialTitle',
      'critique.requested_at as requestedAt',
    ])
    .where('author.cohort_id', '=', cohortId)
    .where('critique.completed_at', 'is', null)
    .where('critique.cancelled_at', 'is', null)
    .orderBy('critique.requested_at')
    .execute();
  return rows.map((row) => ({
    ...row,
    requestedAt: iso(row.requestedAt)!,
    waivedAt: iso(row.waivedAt),
  }));
}

// ---------------------------------------------------------------------------------------
// submitting
