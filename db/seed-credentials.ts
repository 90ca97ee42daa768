import type { Kysely } from 'kysely';
import {
  buildMicroCredentialWithRubric,
  buildPartnership,
  type MicroCredentialSpec,
} from './builders';
import type { Database, SubmissionStatus } from './schema';

/** Three micro-credentials of the demo program, each with a full rubric. */
export const demoMicroCredentials: (MicroCredentialSpec & { competencyCode: string })[] = [
  {
    code: 'CM-ROUTINES',
    competencyCode: 'CM1',
    title: 'Routines That Protect Learning Time',
    description:
      'Certifies that the educator designs, explicitly teaches and consistently reinforces routines so students know what to do and instructional time is protected.',
    evidenceRequirements:
      'A written artifact of 500–800 words describing one routine you taught and refined, with transition or time-on-task data from before and after, and a presentation or a 2–3 minute video showing the routine in action (students’ faces blurred or out of frame).',
    hours: 5,
    criteria: [
      {
        title: 'Routine is clearly defined',
        meetsDescription:
          'The routine’s steps, cues and expectations are stated precisely enough that a substitute could run it.',
      },
      {
        title: 'Routine was explicitly taught',
        meetsDescription:
          'Shows how the routine was modelled, practised and re-taught, including what was done when students struggled.',
      },
      {
        title: 'Impact on learning time',
        meetsDescription:
          'Before-and-after data (minutes, counts or tallies) show a change, and the writer explains what the change meant for instruction.',
      },
      {
        title: 'Reflection and next steps',
        meetsDescription:
          'Names what did not work, why, and a specific adjustment the educator will make next.',
      },
    ],
  },
  {
    code: 'CM-COMMUNITY',
    competencyCode: 'CM2',
    title: 'Relationships and Classroom Community',
    description:
      'Certifies that the educator builds trusting relationships with every student and a classroom community where students feel they belong.',
    evidenceRequirements:
      'A written artifact of 500–800 words on a relationship-building practice used for at least four weeks, a relationship tracker or circle notes (names removed), and student voice such as survey results.',
    hours: 5,
    criteria: [
      {
        title: 'Intentional practice',
        meetsDescription:
          'Describes a specific, repeated practice (such as 2×10 conversations or community circles) and why it was chosen for these students.',
      },
      {
        title: 'Reaches every student',
        meetsDescription:
          'Shows how the educator tracked contact so no student was missed, and what was done for students who were hard to reach.',
      },
      {
        title: 'Student voice',
        meetsDescription:
          'Includes students’ own views of belonging (survey, exit tickets or circle notes) and interprets them honestly.',
      },
    ],
  },
  {
    code: 'CM-DEESCALATE',
    competencyCode: 'CM3',
    title: 'Proactive Support and De-escalation',
    description:
      'Certifies that the educator prevents challenging behaviour with positive, proactive support and responds to escalation calmly and respectfully.',
    evidenceRequirements:
      'A written artifact of 500–800 words analysing one behaviour support plan, ratio tallies of positive to corrective feedback over two weeks, and a presentation or a 2–3 minute video explaining your de-escalation steps.',
    hours: 5,
    criteria: [
      {
        title: 'Function of behaviour',
        meetsDescription:
          'Identifies the likely function of the behaviour from observations, not assumptions.',
      },
      {
        title: 'Positive-to-corrective ratio',
        meetsDescription:
          'Tallies show at least a 4:1 ratio by the end of the two weeks, or explain the plan to reach it.',
      },
      {
        title: 'Calm, respectful response',
        meetsDescription:
          'De-escalation steps are specific, preserve the student’s dignity, and include how the educator repaired the relationship afterwards.',
      },
      {
        title: 'Reflection',
        meetsDescription: 'Connects what happened to what the educator will do differently.',
      },
    ],
  },
];

/**
 * Micro-credentials for the demo program, partner pairs for the demo cohort (in roster
 * order: participants 1 and 2, 3 and 4, …) and a few submissions in different states.
 */
export async function seedDemoCredentials(
  trx: Kysely<Database>,
  input: { programId: string; cohortId: string; coachId: string; participantMemberIds: string[] },
) {
  const competencies = await trx
    .selectFrom('competency')
    .select(['id', 'code'])
    .where('program_id', '=', input.programId)
    .execute();
  const credentials = [];
  for (const [index, spec] of demoMicroCredentials.entries()) {
    credentials.push(
      await buildMicroCredentialWithRubric(trx, {
        programId: input.programId,
        position: index + 1,
        competencyId: competencies.find((row) => row.code === spec.competencyCode)?.id ?? null,
        ...spec,
      }),
    );
  }
  const members = input.participantMemberIds;
  for (let index = 0; index + 1 < members.length; index += 2) {
    const group = [members[index]!, members[index + 1]!];
    // an odd roster puts the last person into the final pair
    if (members.length % 2 === 1 && index + 3 === members.length) group.push(members[index + 2]!);
    await buildPartnership(trx, { cohortId: input.cohortId, memberIds: group });
  }

  const routines = credentials[0]!;
  const day = 86_400_000;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day);
  const body = [
    '## The routine',
    'Our entry routine: students pick up the warm-up from the tray, sit, and start within two minutes while I greet each one at the door.',
    '',
    '## How I taught it',
    'I modelled it twice, we practised with a timer for a week, and I re-taught it after the long weekend.',
    '',
    '## What changed',
    'Start-up time fell from about six minutes to under two (tallies for ten lessons before and after).',
  ].join('\n');
  const submit = async (
    memberIndex: number,
    status: SubmissionStatus,
    extra: { daysAgo: number; reviewerIndex?: number; critiqueDone?: boolean },
  ) => {
    const submission = await trx
      .insertInto('submission')
      .values({
        member_id: members[memberIndex]!,
        micro_credential_id: routines.id,
        status,
        body,
        submitted_at: ['submitted', 'not-yet', 'earned'].includes(status)
          ? at(extra.daysAgo - 1)
          : null,
        decided_at: ['not-yet', 'earned'].includes(status) ? at(extra.daysAgo - 2) : null,
        earned_at: status === 'earned' ? at(extra.daysAgo - 2) : null,
        created_at: at(extra.daysAgo + 3),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('evidence_item')
      .values({
        submission_id: submission.id,
        kind: 'link',
        label: 'Video of the entry routine (2:40)',
        url: 'https://video.example.org/watch/entry-routine',
      })
      .execute();
    if (extra.reviewerIndex !== undefined) {
      const critique = await trx
        .insertInto('critique')
        .values({
          submission_id: submission.id,
          reviewer_member_id: members[extra.reviewerIndex]!,
          requested_at: at(extra.daysAgo),
          completed_at: extra.critiqueDone ? at(extra.daysAgo - 1) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (extra.critiqueDone) {
        await trx
          .insertInto('critique_note')
          .values(
            routines.criteria.map((criterion) => ({
              critique_id: critique.id,
              criterion_id: criterion.id,
              meets: `Clear and specific on “${criterion.title.toLowerCase()}”.`,
              strengthen: 'Add one sentence on what you did for the students who struggled.',
            })),
          )
          .execute();
      }
    }
    if (status === 'earned' || status === 'not-yet') {
      const earned = status === 'earned';
      const score = await trx
        .insertInto('score')
        .values({
          submission_id: submission.id,
          scorer_id: input.coachId,
          outcome: status,
          feedback: earned
            ? 'A model of a routine taught, measured and refined.'
            : 'The routine is clear; show the before-and-after numbers and resubmit.',
          scored_at: at(extra.daysAgo - 2),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('score_criterion')
        .values(
          routines.criteria.map((criterion, position) => ({
            score_id: score.id,
            criterion_id: criterion.id,
            result: earned || position !== 2 ? ('meets' as const) : ('not-yet' as const),
            feedback:
              earned || position !== 2
                ? 'Meets the bar.'
                : 'Add the minutes before and after, for at least a week each.',
          })),
        )
        .execute();
    }
  };
  // participants 5, 7, 9, 11 and 13 (pairs 5–6, 7–8, 9–10, 11–12, 13–14) show each stage
  if (members.length >= 14) {
    await submit(4, 'not-yet', { daysAgo: 6, reviewerIndex: 5, critiqueDone: true });
    await submit(6, 'draft', { daysAgo: 1 });
    await submit(8, 'in-critique', { daysAgo: 9, reviewerIndex: 9 });
    await submit(10, 'submitted', { daysAgo: 4, reviewerIndex: 11, critiqueDone: true });
    await submit(12, 'earned', { daysAgo: 12, reviewerIndex: 13, critiqueDone: true });
  }
  return credentials;
}
