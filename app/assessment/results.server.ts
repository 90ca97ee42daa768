import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { enqueueNotificationEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import {
  getAssessmentWithItems,
  getCohortAssessmentId,
  toScoredItem,
  type AssessmentItemView,
} from './assessment.server';
import {
  hasContent,
  scoreCompetencies,
  summarizeCompetencies,
  type CompetencyScore,
  type GivenAnswer,
} from './scoring.server';
import { toCsv, type CsvValue } from '../utils/csv.server';

type Executor = Kysely<Database>;

export interface ResultCompetency {
  id: string;
  code: string;
  title: string;
  position: number;
}

export interface ParticipantResult {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  startedAt: string | null;
  submittedAt: string | null;
  answered: number;
  scores: CompetencyScore[];
}

/**
 * Everything the coach's results view needs, in a fixed number of queries whatever the
 * cohort's size: the competencies, the items, every participant with their answers.
 * Scores are only given for submitted responses.
 */
export async function getCohortResults(db: Executor, cohortId: string) {
  const assessmentId = await getCohortAssessmentId(db, cohortId);
  const assessment = assessmentId ? await getAssessmentWithItems(db, assessmentId) : null;
  const competencies: ResultCompetency[] = await db
    .selectFrom('competency')
    .innerJoin('cohort', 'cohort.program_id', 'competency.program_id')
    .select(['competency.id', 'competency.code', 'competency.title', 'competency.position'])
    .where('cohort.id', '=', cohortId)
    .orderBy('competency.position')
    .execute();
  const rows = await db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .leftJoin('assessment_response', 'assessment_response.member_id', 'cohort_member.id')
    .select([
      'cohort_member.id as memberId',
      'app_user.id as userId',
      'app_user.name',
      'app_user.email',
      'assessment_response.started_at as startedAt',
      'assessment_response.submitted_at as submittedAt',
      sql<GivenAnswer[]>`coalesce((
        select json_agg(json_build_object('itemId', a.item_id, 'rating', a.rating,
          'choices', to_jsonb(a.choices), 'text', a.text_answer))
        from assessment_answer a where a.response_id = assessment_response.id
      ), '[]'::json)`.as('answers'),
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('cohort_member.role', '=', 'participant')
    .where('cohort_member.status', 'in', ['active', 'completed'])
    .orderBy('app_user.name')
    .orderBy('app_user.id')
    .execute();

  const items: AssessmentItemView[] = assessment?.items ?? [];
  const scoredItems = items.map(toScoredItem);
  const competencyIds = competencies.map((competency) => competency.id);
  const itemIds = new Set(items.map((item) => item.id));
  const participants: ParticipantResult[] = rows.map((row) => {
    const submitted = row.submittedAt !== null;
    return {
      memberId: row.memberId,
      userId: row.userId,
      name: row.name,
      email: row.email,
      startedAt: row.startedAt ? new Date(row.startedAt).toISOString() : null,
      submittedAt: row.submittedAt ? new Date(row.submittedAt).toISOString() : null,
      answered: row.answers.filter((answer) => itemIds.has(answer.itemId) && hasContent(answer))
        .length,
      scores: submitted ? scoreCompetencies(competencyIds, scoredItems, row.answers) : [],
    };
  });
  const submitted = participants.filter((participant) => participant.submittedAt !== null);
  const summaries = summarizeCompetencies(
    competencyIds,
    submitted.map((participant) => participant.scores),
  );

  const openText = items
    .filter((item) => item.kind === 'open-text')
    .map((item) => ({
      itemId: item.id,
      prompt: item.prompt,
      competencyCode: item.competencyCode,
      answers: rows
        .filter((row) => row.submittedAt !== null)
        .flatMap((row) => {
          const text = row.answers.find((answer) => answer.itemId === item.id)?.text;
          return text ? [{ memberId: row.memberId, name: row.name, text }] : [];
        }),
    }));

  return {
    assessment: assessment
      ? { id: assessment.id, title: assessment.title, version: assessment.version }
      : null,
    itemCount: items.length,
    competencies,
    participants,
    summaries,
    openText,
    submittedCount: submitted.length,
  };
}

export type CohortResults = Awaited<ReturnType<typeof getCohortResults>>;

export const HeatmapSortSchema = z.object({
  sort: z.string().max(64).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
});
export type HeatmapSort = z.infer<typeof HeatmapSortSchema>;

/** Submitted participants ordered by name or by one competency's score (no score last). */
export function sortParticipants(results: CohortResults, order: HeatmapSort) {
  const submitted = results.participants.filter((participant) => participant.submittedAt);
  const byCompetency = results.competencies.some((competency) => competency.id === order.sort);
  const direction = order.dir === 'desc' ? -1 : 1;
  return [...submitted].sort((a, b) => {
    if (byCompetency) {
      const left = a.scores.find((entry) => entry.competencyId === order.sort)?.score ?? null;
      const right = b.scores.find((entry) => entry.competencyId === order.sort)?.score ?? null;
      if (left === null && right !== null) return 1;
      if (right === null && left !== null) return -1;
      if (left !== null && right !== null && left !== right) return (left - right) * direction;
      return a.name.localeCompare(b.name);
    }
    return a.name.localeCompare(b.name) * direction;
  });
}

export function resultsToCsv(results: CohortResults, formatDate: (iso: string | null) => string) {
  const header = [
    'name',
    'email',
    'status',
    'submitted',
    'answered',
    ...results.competencies.map((competency) => `${competency.code} ${competency.title}`),
  ];
  const lines: CsvValue[][] = [header];
  for (const participant of results.participants) {
    const status = participant.submittedAt
      ? 'submitted'
      : participant.startedAt
        ? 'in progress'
        : 'not started';
    lines.push([
      participant.name,
      participant.email,
      status,
      formatDate(participant.submittedAt),
      `${participant.answered} of ${results.itemCount}`,
      ...results.competencies.map(
        (competency) =>
          participant.scores.find((entry) => entry.competencyId === competency.id)?.score ?? null,
      ),
    ]);
  }
  return toCsv(lines);
}

export type RemindOutcome =
  { status: 'sent'; count: number } | { status: 'invalid'; message: string };

/**
 * Emails a reminder to participants who have not submitted. `memberIds` must all be such
 * participants of this cohort; otherwise nothing is sent.
 */
export async function remindParticipants(
  db: Executor,
  input: {
    cohortId: string;
    memberIds: string[] | 'everyone-waiting';
    actorId: string;
    appOrigin: string;
  },
): Promise<RemindOutcome> {
  return withTransaction(db, async (trx) => {
    const cohort = await trx
      .selectFrom('cohort')
      .select(['name', 'status', 'organization_id as organizationId'])
      .where('id', '=', input.cohortId)
      .executeTakeFirstOrThrow();
    if (cohort.status !== 'assessing') {
      return {
        status: 'invalid',
        message: 'Reminders go out only while the pre-assessment is open.',
      };
    }
    let query = trx
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .leftJoin('assessment_response', 'assessment_response.member_id', 'cohort_member.id')
      .select(['cohort_member.id', 'app_user.id as userId', 'app_user.name', 'app_user.email'])
      .where('cohort_member.cohort_id', '=', input.cohortId)
      .where('cohort_member.role', '=', 'participant')
      .where('cohort_member.status', '=', 'active')
      .where('assessment_response.submitted_at', 'is', null);
    if (input.memberIds !== 'everyone-waiting') {
      query = query.where('cohort_member.id', 'in', input.memberIds);
    }
    const targets = await query.execute();
    if (input.memberIds !== 'everyone-waiting' && targets.length !== input.memberIds.length) {
      return {
        status: 'invalid',
        message: 'Reminders go only to participants of this cohort who have not submitted yet.',
      };
    }
    if (targets.length === 0) {
      return { status: 'invalid', message: 'Everyone has submitted; nobody needs a reminder.' };
    }
    const link = `${input.appOrigin}/cohorts/${input.cohortId}/assessment`;
    for (const target of targets) {
      const email = renderEmail({
        heading: 'Your pre-assessment is waiting',
        paragraphs: [
          `Hello ${target.name}, your coach is waiting for your pre-assessment in ${cohort.name}.`,
          'It takes about 20 minutes. Every answer is saved as you go, so you can stop and come back, and nobody but you and your coaching team sees your answers.',
        ],
        action: { label: 'Continue the pre-assessment', url: link },
      });
      await enqueueNotificationEmail(trx, {
        organizationId: cohort.organizationId,
        kind: 'assessment-reminder',
        to: target.email,
        recipientId: target.userId,
        appOrigin: input.appOrigin,
        subject: `Reminder: your pre-assessment for ${cohort.name}`,
        text: email.text,
        html: email.html,
      });
    }
    await recordAudit(trx, {
      organizationId: cohort.organizationId,
      actorId: input.actorId,
      action: 'assessment.reminded',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { count: targets.length, name: targets.length === 1 ? targets[0]!.name : null },
    });
    return { status: 'sent', count: targets.length };
  });
}
