import { sql, type Kysely } from 'kysely';
import { hashPassword } from '../app/auth/password.server';
import { buildCohort, buildMember, buildOrganization, buildProgram, buildUser } from './builders';
import { seedDemoAssessment } from './seed-assessment';
import { seedDemoCatalog } from './seed-catalog';
import { seedDemoCredentials } from './seed-credentials';
import { seedDemoRecognition } from './seed-recognition';
import { seedDemoLearningCohort, seedDemoSharingCohort } from './seed-cohorts';
import { demoProgram } from './seed-content';
import { demoOrganization, demoParticipants, demoStaff } from './seed-people';
import { demoAlumni, seedDemoCompletedCohort, seedDemoFormingCohort } from './seed-story';
import { demoTimeline } from './seed-timeline';
import type { Database } from './schema';

export const DEMO_PASSWORD = 'cadre-demo-2026';
export const DEMO_EMAIL_DOMAIN = 'demo.cadre.test';

export const demoAccounts = {
  admin: `admin@${DEMO_EMAIL_DOMAIN}`,
  facilitator: `facilitator@${DEMO_EMAIL_DOMAIN}`,
  coach: `coach@${DEMO_EMAIL_DOMAIN}`,
  secondCoach: `coach2@${DEMO_EMAIL_DOMAIN}`,
  participant: (index: number) =>
    `participant${String(index).padStart(2, '0')}@${DEMO_EMAIL_DOMAIN}`,
  alumnus: (index: number) => `alumni${String(index).padStart(2, '0')}@${DEMO_EMAIL_DOMAIN}`,
};

export async function isDatabaseEmpty(db: Kysely<Database>) {
  const row = await db
    .selectFrom('organization')
    .select(sql<string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count) === 0;
}

/**
 * Seeds the demo organization: an org admin, a facilitator, two coaches, 18 participants,
 * six alumni, the Classroom Management program and four cohorts dated from today (see
 * `demoTimeline`): one learning with all 18 participants, one at its share-out with
 * participants 10–17, one completed and one forming with the alumni. Runs only on an empty
 * database, inside one transaction, so it is all or nothing.
 */
export async function seedDemoData(
  db: Kysely<Database>,
  /** the public address the demo credentials are issued under (APP_ORIGIN, or the local one) */
  options: { origin: string; now?: Date },
): Promise<'seeded' | 'skipped'> {
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    // lock out a second node starting at the same moment
    await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
    if (!(await isDatabaseEmpty(trx))) return 'skipped';

    const organization = await buildOrganization(trx, demoOrganization);
    const person = (
      email: string,
      name: string,
      extra: { isOrgAdmin?: boolean; stateEducatorId?: string; mayCoach?: boolean } = {},
    ) => buildUser(trx, { organizationId: organization.id, email, name, passwordHash, ...extra });

    const admin = await person(demoAccounts.admin, demoStaff.admin.name, { isOrgAdmin: true });
    const facilitator = await person(demoAccounts.facilitator, demoStaff.facilitator.name);
    const coach = await person(demoAccounts.coach, demoStaff.coach.name, { mayCoach: true });
    await person(demoAccounts.secondCoach, demoStaff.secondCoach.name, { mayCoach: true });

    const program = await buildProgram(trx, organization.id, demoProgram);
    await seedDemoAssessment(trx, { programId: program.id });
    const timeline = demoTimeline(now, organization.timezone);
    const moduleIds = program.modules.map((module) => module.id);
    const cohort = await buildCohort(trx, {
      organizationId: organization.id,
      programId: program.id,
      facilitatorId: facilitator.id,
      coachId: coach.id,
      name: timeline.learning.name,
      startsOn: timeline.learning.startsOn,
      endsOn: timeline.learning.endsOn,
      timezone: organization.timezone,
      capacity: 20,
      status: 'learning',
    });
    const participantMemberIds: string[] = [];
    const participantIds: string[] = [];
    for (const [index, participant] of demoParticipants.entries()) {
      const user = await person(demoAccounts.participant(index + 1), participant.name, {
        stateEducatorId: participant.stateEducatorId,
      });
      const member = await buildMember(trx, {
        cohortId: cohort.id,
        userId: user.id,
        role: 'participant',
      });
      participantMemberIds.push(member.id);
      participantIds.push(user.id);
    }
    await seedDemoLearningCohort(trx, {
      cohortId: cohort.id,
      startsOn: timeline.learning.startsOn,
      timezone: organization.timezone,
      coachId: coach.id,
      members: participantMemberIds.map((memberId, index) => ({
        memberId,
        userId: participantIds[index]!,
      })),
      moduleIds,
      now,
    });
    // participants 10–17 also belong to an earlier cohort, now at its share-out
    await seedDemoSharingCohort(trx, {
      organizationId: organization.id,
      programId: program.id,
      facilitatorId: facilitator.id,
      coachId: coach.id,
      timezone: organization.timezone,
      participantIds: participantIds.slice(9, 17),
      moduleIds,
      dates: timeline.sharing,
      now,
    });
    await seedDemoCredentials(trx, {
      programId: program.id,
      cohortId: cohort.id,
      coachId: coach.id,
      participantMemberIds,
    });
    await seedDemoRecognition(trx, {
      programId: program.id,
      cohortId: cohort.id,
      coachId: coach.id,
      earnerEmails: [demoAccounts.participant(1), demoAccounts.participant(2)],
      origin: options.origin,
    });
    // a cohort that finished months ago, and the next one, still gathering people
    const alumniIds: string[] = [];
    for (const [index, alumnus] of demoAlumni.entries()) {
      const user = await person(demoAccounts.alumnus(index + 1), alumnus.name, {
        stateEducatorId: alumnus.stateEducatorId,
      });
      alumniIds.push(user.id);
    }
    const story = {
      organizationId: organization.id,
      programId: program.id,
      facilitatorId: facilitator.id,
      coachId: coach.id,
      adminId: admin.id,
      timezone: organization.timezone,
      moduleIds,
      origin: options.origin,
      now,
    };
    await seedDemoCompletedCohort(trx, { ...story, dates: timeline.completed, alumniIds });
    await seedDemoFormingCohort(trx, {
      ...story,
      dates: timeline.forming,
      alumniIds: alumniIds.slice(0, 3),
      waitlistIds: alumniIds.slice(3, 5),
    });
    await seedDemoCatalog(trx, {
      organizationId: organization.id,
      demoProgramId: program.id,
      requesterIds: participantIds.slice(2, 5),
    });
    // the demo association reports Act 48 hours as a provider (a made-up number)
    await trx
      .updateTable('organization')
      .set({ provider_name: organization.name, provider_number: '9990' })
      .where('id', '=', organization.id)
      .execute();
    // one educator still to give a PPID, and one paraprofessional reported under Chapter 14
    await trx
      .updateTable('app_user')
      .set({ state_educator_id: null })
      .where('id', '=', participantIds[17]!)
      .execute();
    await trx
      .updateTable('app_user')
      .set({ is_paraprofessional: true })
      .where('id', '=', participantIds[16]!)
      .execute();
    // everyone is a member of the association since last September but participants 17 and
    // 18, who teach in a district that is not: the non-member scoring fee applies to them
    await trx
      .updateTable('app_user')
      .set({ member_since: sql<string>`make_date(extract(year from now())::int - 1, 9, 1)` })
      .where('organization_id', '=', organization.id)
      .where(sql`lower(email)`, 'not in', [
        demoAccounts.participant(17),
        demoAccounts.participant(18),
      ])
      .execute();
    return 'seeded';
  });
}

/** Whether the sign-in page should list the demo accounts. */
export async function hasDemoData(db: Kysely<Database>) {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where(sql`lower(email)`, '=', demoAccounts.admin)
    .executeTakeFirst();
  return row !== undefined;
}
