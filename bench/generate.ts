import { sql, type Kysely, type RawBuilder } from 'kysely';
import { recordEarnedMicroCredential } from '../app/credentials/issue.server';
import {
  buildMicroCredentialWithRubric,
  buildOrganization,
  buildProgram,
  buildUser,
} from '../db/builders';
import type { CohortStatus, Database } from '../db/schema';

import {
  idFor,
  insertCohortActivity,
  insertFillerRecognition,
  type SetContext,
} from './generate-activity';

type Executor = Kysely<Database>;

export const BENCH_EMAIL_DOMAIN = 'bench.cadre.test';
export const BENCH_FACILITATOR_EMAIL = `facilitator@${BENCH_EMAIL_DOMAIN}`;
export const BENCH_COACH_EMAIL = `coach@${BENCH_EMAIL_DOMAIN}`;
export const BENCH_ADMIN_EMAIL = `admin@${BENCH_EMAIL_DOMAIN}`;

/** cohorts of 20 members (facilitator + coach + 18 participants) filling the database */
export const FILLER_COHORTS = 1000;

interface CohortSet {
  /** keeps the ids, emails and names of one set apart from every other set's */
  key: string;
  count: number;
  /** active participants per cohort; every cohort also has one facilitator and one coach */
  participants: number;
  capacity: number;
  /** one facilitator for the whole set; without it each cohort gets its own */
  facilitatorId?: string;
  /** one coach for the whole set; without it each cohort gets its own */
  coachId?: string;
  /** whether the set's participants can sign in (with the bench password) */
  participantsSignIn?: boolean;
  /** invitations still waiting for an answer, per cohort; the oldest one has expired */
  openInvitations: number;
  /** handed out in turn, so the filler spans every stage of the lifecycle */
  statuses: readonly CohortStatus[];
}

export interface GeneratedData {
  facilitatorEmail: string;
  coachEmail: string;
  adminEmail: string;
  /** the cohorts the bench facilitator runs, by their number of members */
  cohortIds: { members5: string; members20: string; members40: string };
  /** rows inside the measured cohorts that pages open one of, by cohort set */
  pages: Record<MeasuredSet, MeasuredRows>;
  rows: {
    cohorts: number;
    users: number;
    members: number;
    invitations: number;
    auditEntries: number;
    assessmentResponses: number;
    pathwayModules: number;
    coachingSessions: number;
    attendance: number;
    actionPlans: number;
    submissions: number;
    scores: number;
    hoursEntries: number;
    credentials: number;
  };
}

export type MeasuredSet = 'members5' | 'members20' | 'members40';

export interface MeasuredRows {
  cohortId: string;
  moduleId: string;
  coachingSessionId: string;
  actionPlanId: string;
  submissionId: string;
  /** a participant of the cohort who can sign in, for their transcript */
  participantEmail: string;
}

const MODULES = 6;

/**
 * Fills an empty, migrated database: one organization and program, FILLER_COHORTS cohorts of
 * 20 members each with their own facilitator and coach, and three cohorts of 5, 20 and 40
 * members run by one facilitator and one coach who can sign in with `passwordHash`. Every
 * cohort is under way: its participants answered the pre-assessment, its pathway is
 * published, two of its coaching sessions took place with attendance taken, its participants
 * wrote action plans and evidence, and a third of them earned the micro-credential with its
 * hours and credential. Every table is filled by a few set-based statements over
 * generate_series, so a thousand cohorts take seconds; the measured cohorts' credentials are
 * issued and signed by the app itself, and the filler's reuse one of their documents.
 */
export async function generateBenchData(
  db: Executor,
  passwordHash: string,
  origin: string,
): Promise<GeneratedData> {
  return db.transaction().execute(async (trx) => {
    const organization = await buildOrganization(trx, {
      name: 'Bench Education Association',
      slug: 'bench',
    });
    const program = await buildProgram(trx, organization.id, {
      title: 'Bench Program',
      competencies: [
        { code: 'C1', title: 'Classroom routines' },
        { code: 'C2', title: 'Positive relationships' },
      ],
      modules: Array.from({ length: MODULES }, (_, index) => ({
        title: `Module ${index + 1}`,
        body: `## Module ${index + 1}\n\nRead, watch and try one practice in your classroom.`,
        competencyCodes: [index % 2 === 0 ? 'C1' : 'C2'],
      })),
    });
    const facilitator = await buildUser(trx, {
      organizationId: organization.id,
      email: BENCH_FACILITATOR_EMAIL,
      name: 'Bench Facilitator',
      passwordHash,
    });
    const coach = await buildUser(trx, {
      organizationId: organization.id,
      email: BENCH_COACH_EMAIL,
      name: 'Bench Coach',
      passwordHash,
      mayCoach: true,
    });
    await buildUser(trx, {
      organizationId: organization.id,
      email: BENCH_ADMIN_EMAIL,
      name: 'Bench Admin',
      passwordHash,
      isOrgAdmin: true,
    });
    const assessment = await trx
      .insertInto('assessment')
      .values({ program_id: program.id, version: 1, title: 'Bench pre-assessment' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = await trx
      .insertInto('assessment_item')
      .values(
        program.competencies.flatMap((competency, index) =>
          [1, 2].map((n) => ({
            assessment_id: assessment.id,
            competency_id: competency.id,
            position: index * 2 + n,
            kind: 'self-rating' as const,
            prompt: `How often do you practise ${competency.code} step ${n}?`,
            options: ['Not yet', 'Sometimes', 'Often', 'Always'],
          })),
        ),
      )
      .returning('id')
      .execute();
    const microCredential = await buildMicroCredentialWithRubric(trx, {
      programId: program.id,
      code: 'BENCH-1',
      title: 'Classroom routines',
      competencyId: program.competencies[0]?.id ?? null,
    });
    const context: SetContext = {
      organizationId: organization.id,
      programId: program.id,
      passwordHash,
      moduleIds: program.modules.map((module) => module.id),
      assessmentId: assessment.id,
      assessmentItemIds: items.map((item) => item.id),
      microCredentialId: microCredential.id,
      criterionIds: microCredential.criteria.map((criterion) => criterion.id),
    };

    // the measured cohorts first: their credentials are signed by the app, and the filler's
    // copy one of those documents
    const measured = {
      count: 1,
      facilitatorId: facilitator.id,
      coachId: coach.id,
      participantsSignIn: true,
      // more open invitations than the dashboard lists (6), so its "see all" link shows too
      openInvitations: 8,
      statuses: ['learning'] as const,
    };
    const sizes: Record<MeasuredSet, number> = { members5: 3, members20: 18, members40: 38 };
    for (const [key, participants] of Object.entries(sizes)) {
      await insertCohortSet(trx, context, {
        ...measured,
        key,
        participants,
        capacity: Math.max(20, participants + 2),
      });
    }
    const earned = await trx
      .selectFrom('submission')
      .select('id')
      .where('status', '=', 'earned')
      .orderBy('id')
      .execute();
    for (const submission of earned) {
      await recordEarnedMicroCredential(trx, {
        submissionId: submission.id,
        actorId: coach.id,
        origin,
      });
    }

    await insertCohortSet(trx, context, {
      key: 'filler',
      count: FILLER_COHORTS,
      participants: 18,
      capacity: 20,
      openInvitations: 2,
      statuses: ['forming', 'assessing', 'learning', 'sharing', 'completed'],
    });
    await insertFillerRecognition(trx, context);

    const counts = await sql<Record<keyof GeneratedData['rows'], string>>`
      select
        (select count(*) from cohort) as cohorts,
        (select count(*) from app_user) as users,
        (select count(*) from cohort_member) as members,
        (select count(*) from invitation) as invitations,
        (select count(*) from audit_log) as "auditEntries",
        (select count(*) from assessment_response) as "assessmentResponses",
        (select count(*) from pathway_module) as "pathwayModules",
        (select count(*) from coaching_session) as "coachingSessions",
        (select count(*) from attendance) as attendance,
        (select count(*) from action_plan) as "actionPlans",
        (select count(*) from submission) as submissions,
        (select count(*) from score) as scores,
        (select count(*) from hours_entry) as "hoursEntries",
        (select count(*) from credential) as credentials
    `.execute(trx);
    const row = counts.rows[0];
    if (!row) throw new Error('could not count the generated rows');
    const rows = Object.fromEntries(
      Object.entries(row).map(([name, value]) => [name, Number(value)]),
    ) as GeneratedData['rows'];
    const pages = {} as Record<MeasuredSet, MeasuredRows>;
    for (const key of Object.keys(sizes) as MeasuredSet[]) {
      pages[key] = await measuredRowsOf(trx, key);
    }
    return {
      facilitatorEmail: BENCH_FACILITATOR_EMAIL,
      coachEmail: BENCH_COACH_EMAIL,
      adminEmail: BENCH_ADMIN_EMAIL,
      cohortIds: {
        members5: pages.members5.cohortId,
        members20: pages.members20.cohortId,
        members40: pages.members40.cohortId,
      },
      pages,
      rows,
    };
  });
}

function emailFor(key: string, kind: string, ...parts: RawBuilder<unknown>[]) {
  const suffix = parts.map((part) => sql`|| '-' || ${part}`);
  return sql<string>`${key}::text || '-' || ${kind}::text ${sql.join(suffix, sql` `)} || ${`@${BENCH_EMAIL_DOMAIN}`}::text`;
}

async function measuredRowsOf(trx: Executor, key: MeasuredSet): Promise<MeasuredRows> {
  const one = sql.lit(1);
  // participant 1's submission waits for the coach, and their plan for review (see below)
  const result = await sql<Omit<MeasuredRows, 'moduleId'>>`
    select ${idFor(key, 'cohort', one)} as "cohortId",
      ${idFor(key, 'session', one, one)} as "coachingSessionId",
      ${idFor(key, 'plan', one, one)} as "actionPlanId",
      ${idFor(key, 'submission', one, one)} as "submissionId",
      ${emailFor(key, 'participant', one, one)} as "participantEmail"
  `.execute(trx);
  const row = result.rows[0];
  const module = await trx
    .selectFrom('pathway_module')
    .select('module_id')
    .where('cohort_id', '=', row?.cohortId ?? '')
    .orderBy('module_id')
    .executeTakeFirst();
  if (!row || !module) throw new Error(`cohort set ${key} has no cohort`);
  return { ...row, moduleId: module.module_id };
}

async function insertCohortSet(trx: Executor, context: SetContext, set: CohortSet) {
  const { key } = set;
  const g = sql.ref('g');
  const p = sql.ref('p');
  const i = sql.ref('i');
  const cohorts = sql`generate_series(1, ${set.count}::int) as g`;
  const participants = sql`generate_series(1, ${set.participants}::int) as p`;
  const openInvitations = sql`generate_series(1, ${set.openInvitations}::int) as i`;
  const organization = sql`${context.organizationId}::uuid`;
  const cohortId = idFor(key, 'cohort', g);
  const coachId = set.coachId ? sql<string>`${set.coachId}::uuid` : idFor(key, 'coach', g);
  const participantId = idFor(key, 'participant', g, p);
  const memberId = idFor(key, 'member', g, p);
  const facilitatorId = set.facilitatorId
    ? sql<string>`${set.facilitatorId}::uuid`
    : idFor(key, 'facilitator', g);
  // the cohorts were created a day apart over the past year or so
  const createdAt = sql`now() - interval '400 days' + (${g} % 365) * interval '1 day'`;

  const participantPassword = set.participantsSignIn ? context.passwordHash : null;
  const people = [
    sql`select ${participantId}, ${emailFor(key, 'participant', g, p)},
          'Educator ' || lpad(${p}::text, 2, '0') || ' of ' || ${key}::text || ' ' || ${g},
          ${participantPassword}::text from ${cohorts} cross join ${participants}`,
  ];
  if (!set.coachId) {
    people.push(
      sql`select ${coachId}, ${emailFor(key, 'coach', g)}, 'Coach ' || ${key}::text || ' ' || ${g},
            null::text from ${cohorts}`,
    );
  }
  if (!set.facilitatorId) {
    // the filler's facilitators can sign in too, with the same password as the bench's own
    people.push(
      sql`select ${facilitatorId}, ${emailFor(key, 'facilitator', g)},
            'Facilitator ' || ${key}::text || ' ' || ${g}, ${context.passwordHash}::text
          from ${cohorts}`,
    );
  }
  await sql`
    insert into app_user (id, email, name, password_hash, organization_id, created_at)
    select person.*, ${organization}, now() - interval '400 days'
    from (${sql.join(people, sql` union all `)}) as person (id, email, name, password_hash)
  `.execute(trx);

  const statuses = sql`array[${sql.join(set.statuses.map((status) => sql.lit(status)))}]::text[]`;
  await sql`
    insert into cohort (id, organization_id, program_id, name, facilitator_id, coach_id, capacity,
      timezone, starts_on, ends_on, status, created_at)
    select ${cohortId}, ${organization}, ${context.programId}::uuid,
      'Cohort ' || ${key}::text || ' ' || lpad(${g}::text, 4, '0'), ${facilitatorId}, ${coachId},
      ${set.capacity}::int, 'America/New_York',
      date '2027-01-11' + (${g} % 52) * 7, date '2027-01-11' + (${g} % 52) * 7 + 110,
      (${statuses})[1 + (${g} - 1) % cardinality(${statuses})], ${createdAt}
    from ${cohorts}
  `.execute(trx);

  await sql`
    insert into cohort_member (id, cohort_id, user_id, role, status, created_at, invited_at,
      joined_at)
    select gen_random_uuid(), ${cohortId}, ${facilitatorId}, 'facilitator', 'active', ${createdAt},
      null::timestamptz, ${createdAt}
    from ${cohorts}
    union all
    select gen_random_uuid(), ${cohortId}, ${coachId}, 'coach', 'active', ${createdAt},
      null::timestamptz, ${createdAt}
    from ${cohorts}
    union all
    select ${memberId}, ${cohortId}, ${participantId}, 'participant', 'active', ${createdAt},
      ${createdAt}, ${createdAt} + ${p} * interval '1 hour'
    from ${cohorts} cross join ${participants}
  `.execute(trx);

  // every participant came in through an accepted invitation; the open ones are still out
  await sql`
    insert into invitation (cohort_id, email, name, role, token_hash, invited_by, created_at,
      last_sent_at, expires_at, accepted_at, accepted_by)
    select ${cohortId}, ${emailFor(key, 'participant', g, p)}, null::text, 'participant',
      md5(${key}::text || ':accepted:' || ${g} || ':' || ${p}), ${facilitatorId}, ${createdAt},
      ${createdAt}, ${createdAt} + interval '14 days', ${createdAt} + ${p} * interval '1 hour',
      ${participantId}
    from ${cohorts} cross join ${participants}
    union all
    select ${cohortId}, ${emailFor(key, 'invitee', g, i)}, 'Invitee ' || ${i}, 'participant',
      md5(${key}::text || ':open:' || ${g} || ':' || ${i}), ${facilitatorId},
      now() - ${i} * interval '2 days', now() - ${i} * interval '2 days',
      now() - ${i} * interval '2 days' + case when ${i} = ${set.openInvitations}::int
        then interval '1 day' else interval '30 days' end,
      null, null
    from ${cohorts} cross join ${openInvitations}
  `.execute(trx);

  // what the app itself records: the cohort made, invitations sent, each participant joining
  await sql`
    insert into audit_log (organization_id, actor_id, action, target_type, target_id, after, at)
    select ${organization}, ${facilitatorId}, 'cohort.created', 'cohort', ${cohortId}::text,
      null::jsonb, ${createdAt}
    from ${cohorts}
    union all
    select ${organization}, ${facilitatorId}, 'invitation.sent', 'cohort', ${cohortId}::text,
      jsonb_build_object('count', ${set.participants}::int, 'role', 'participant'),
      ${createdAt} + interval '1 minute'
    from ${cohorts}
    union all
    select ${organization}, ${participantId}, 'member.joined', 'cohort', ${cohortId}::text,
      null::jsonb, ${createdAt} + ${p} * interval '1 hour'
    from ${cohorts} cross join ${participants}
    union all
    select ${organization}, ${facilitatorId}, 'invitation.sent', 'cohort', ${cohortId}::text,
      jsonb_build_object('count', ${set.openInvitations}::int, 'role', 'participant'),
      now() - ${set.openInvitations}::int * interval '2 days'
    from ${cohorts}
  `.execute(trx);

  await insertCohortActivity(trx, context, {
    key,
    cohorts,
    participants,
    cohortId,
    coachId,
    facilitatorId,
    participantId,
    memberId,
    createdAt,
  });
}
