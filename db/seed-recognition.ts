import type { Kysely } from 'kysely';
import { recordEarnedMicroCredential } from '../app/credentials/issue.server';
import { buildEarnedSubmission, buildMicroCredential } from './builders';
import type { Database } from './schema';

/**
 * Demo recognition: the first two demo participants have earned the program's first
 * micro-credential, so the transcript and the public credential page have something to
 * show. The first one has agreed to share it publicly. Uses the program's micro-credentials
 * when the seed already made some, and makes two otherwise.
 */
export async function seedDemoRecognition(
  db: Kysely<Database>,
  input: {
    programId: string;
    cohortId: string;
    coachId: string;
    earnerEmails: string[];
    origin: string;
  },
) {
  let first = await db
    .selectFrom('micro_credential')
    .select('id')
    .where('program_id', '=', input.programId)
    .orderBy('position')
    .executeTakeFirst();
  if (!first) {
    first = await buildMicroCredential(db, {
      programId: input.programId,
      code: 'CM-1',
      title: 'Classroom Routines and Procedures',
      description:
        'Designs, teaches and refines the routines that let a classroom run itself, using student data.',
      evidenceRequirements:
        'A routine plan, a short video of it being taught, and a reflection on two weeks of data.',
      position: 1,
      criteria: [
        {
          title: 'Plans an explicit routine',
          meetsDescription: 'Steps, cues and practice are planned.',
        },
        {
          title: 'Teaches and reinforces it',
          meetsDescription: 'The video shows modelling and practice.',
        },
        {
          title: 'Reflects on student data',
          meetsDescription: 'Two weeks of data inform the next step.',
        },
      ],
    });
    await buildMicroCredential(db, {
      programId: input.programId,
      code: 'CM-2',
      title: 'Positive Relationships',
      evidenceRequirements: 'A relationship-building plan, artifacts and a reflection.',
      position: 2,
    });
  }
  const earners = await db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['cohort_member.id as memberId', 'app_user.id as userId', 'app_user.email'])
    .where('cohort_member.cohort_id', '=', input.cohortId)
    .where('app_user.email', 'in', input.earnerEmails)
    .execute();
  for (const [index, earner] of earners.entries()) {
    const submission = await buildEarnedSubmission(db, {
      memberId: earner.memberId,
      microCredentialId: first.id,
      scorerId: input.coachId,
      earnedAt: new Date(Date.now() - (index + 2) * 24 * 60 * 60 * 1000),
      evidence: [
        { url: 'https://example.org/portfolio/routine-plan', label: 'Routine plan' },
        { url: 'https://example.org/portfolio/reflection', label: 'Reflection on student data' },
      ],
    });
    const outcome = await recordEarnedMicroCredential(db, {
      submissionId: submission.id,
      actorId: input.coachId,
      origin: input.origin,
    });
    if (index === 0 && outcome.credentialId) {
      await db
        .updateTable('credential')
        .set({ shared_at: new Date() })
        .where('id', '=', outcome.credentialId)
        .execute();
    }
  }
}
