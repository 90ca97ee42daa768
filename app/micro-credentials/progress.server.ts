import type { DB } from '../../db/db.server';
import type { CredentialStatus } from '../evidence/labels';

/**
 * Each participant's standing on each micro-credential: the status of their latest
 * attempt and its number. Two queries whatever the cohort's size.
 */
export async function getCredentialStatusGrid(db: DB, cohortId: string) {
  const cohort = await db
    .selectFrom('cohort')
    .select('program_id')
    .where('id', '=', cohortId)
    .executeTakeFirstOrThrow();
  const [credentials, participants, latest] = await Promise.all([
    db
      .selectFrom('micro_credential')
      .select(['id', 'code', 'title'])
      .where('program_id', '=', cohort.program_id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select(['cohort_member.id as memberId', 'app_user.name'])
      .where('cohort_member.cohort_id', '=', cohortId)
      .where('cohort_member.role', '=', 'participant')
      .where('cohort_member.status', 'in', ['active', 'completed'])
      .orderBy('app_user.name')
      .execute(),
    db
      .selectFrom('submission')
      .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
      .distinctOn(['submission.member_id', 'submission.micro_credential_id'])
      .select([
        'submission.id',
        'submission.member_id as memberId',
        'submission.micro_credential_id as credentialId',
        'submission.status',
        'submission.attempt',
      ])
      .where('cohort_member.cohort_id', '=', cohortId)
      .orderBy('submission.member_id')
      .orderBy('submission.micro_credential_id')
      .orderBy('submission.attempt', 'desc')
      .execute(),
  ]);
  const byKey = new Map(latest.map((row) => [`${row.memberId}:${row.credentialId}`, row]));
  return {
    credentials,
    rows: participants.map((participant) => ({
      memberId: participant.memberId,
      name: participant.name,
      cells: credentials.map((credential) => {
        const submission = byKey.get(`${participant.memberId}:${credential.id}`);
        return {
          credentialId: credential.id,
          submissionId: submission?.id ?? null,
          status: (submission?.status ?? 'not-started') as CredentialStatus,
          attempt: submission?.attempt ?? null,
        };
      }),
    })),
  };
}

export type CredentialStatusGrid = Awaited<ReturnType<typeof getCredentialStatusGrid>>;
