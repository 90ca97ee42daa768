import { sql, type Kysely, type RawBuilder } from 'kysely';
import { recordEarnedMicroCredential } from '../app/credentials/issue.server';
import {
  buildMicroCredentialWithRubric,
  buildOrganization,
  buildProgram,
  buildUser,
} from '../db/builders';
import type { CohortStatus, Database } from '../db/schema';

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

interface SetContext {
  organizationId: string;
  programId: string;
  passwordHash: string;
  moduleIds: string[];
  assessmentId: string;
  assessmentItemIds: string[];
  microCredentialId: string;
  criterionIds: string[];
}

const MODULES = 6;
/** the first this many modules of the program make the pathway's first unit */
const FIRST_UNIT_MODULES = 3;

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

// ids derive from the set's key and the row's place in the series, so one statement can
// point at rows another statement made without looking them up
function idFor(key: string, kind: string, ...parts: RawBuilder<unknown>[]) {
  const suffix = parts.map((part) => sql`|| ':' || ${part}`);
  return sql<string>`md5(${key}::text || ':' || ${kind}::text ${sql.join(suffix, sql` `)})::uuid`;
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

const uuidArray = (ids: string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`))}]`;

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

interface SetRefs {
  key: string;
  cohorts: RawBuilder<unknown>;
  participants: RawBuilder<unknown>;
  cohortId: RawBuilder<string>;
  coachId: RawBuilder<string>;
  facilitatorId: RawBuilder<string>;
  participantId: RawBuilder<string>;
  memberId: RawBuilder<string>;
  createdAt: RawBuilder<unknown>;
}

/**
 * What a cohort under way holds, for every cohort of a set: the pre-assessment answered
 * (three in four submitted), a published pathway of two units over the program's modules
 * with progress on the first unit, a kickoff and a coaching session past (attendance taken,
 * one in five absent) and a share-out ahead, an action plan per participant in every state,
 * and a submission per participant: a third earned and scored, a third waiting for the
 * coach, a third in draft.
 */
async function insertCohortActivity(trx: Executor, context: SetContext, refs: SetRefs) {
  const { key, cohorts, participants, cohortId, coachId, facilitatorId, memberId, createdAt } =
    refs;
  const g = sql.ref('g');
  const p = sql.ref('p');
  const u = sql.ref('u');
  const s = sql.ref('s');
  const n = sql.ref('m.n');
  const modules = sql`unnest(${uuidArray(context.moduleIds)}) with ordinality as m (id, n)`;
  const items = sql`unnest(${uuidArray(context.assessmentItemIds)}) with ordinality as m (id, n)`;
  const criteria = sql`unnest(${uuidArray(context.criterionIds)}) as c (id)`;
  const units = sql`generate_series(1, 2) as u`;
  const pastSessions = sql`generate_series(1, 2) as s`;
  const unitId = (unit: RawBuilder<unknown>) => idFor(key, 'unit', g, unit);
  const sessionId = idFor(key, 'session', g, s);
  // kickoff three weeks ago, coaching one week ago, share-out three weeks ahead
  const sessionStart = sql`date_trunc('hour', now()) + (array[-21, -7, 21])[${s}] * interval '1 day'`;
  const absent = sql`(${p} + ${s}) % 5 = 0`;
  const submissionId = idFor(key, 'submission', g, p);
  const planStatus = sql`(array['accepted', 'submitted', 'draft', 'revision-requested'])[1 + ${p} % 4]`;
  const submissionStatus = sql`(array['earned', 'submitted', 'draft'])[1 + ${p} % 3]`;

  await sql`
    insert into pathway (cohort_id, published_at, published_by)
    select ${cohortId}, now() - interval '30 days', ${coachId} from ${cohorts}
  `.execute(trx);
  await sql`
    insert into pathway_unit (id, cohort_id, position, title, action_plan_prompt)
    select ${unitId(u)}, ${cohortId}, ${u}, 'Unit ' || ${u},
      'Plan one four-week change you will make in your classroom.'
    from ${cohorts} cross join ${units}
  `.execute(trx);
  const firstUnit = sql`${n} <= ${FIRST_UNIT_MODULES}`;
  await sql`
    insert into pathway_module (cohort_id, unit_id, module_id, position, due_on, rationale)
    select ${cohortId}, ${unitId(sql`case when ${firstUnit} then 1 else 2 end`)}, m.id,
      case when ${firstUnit} then ${n} else ${n} - ${FIRST_UNIT_MODULES} end,
      current_date + (${n}::int * 7 - 21), 'Chosen from the pre-assessment results.'
    from ${cohorts} cross join ${modules}
  `.execute(trx);
  await sql`
    insert into module_progress (member_id, module_id, status, reflection, started_at,
      completed_at)
    select ${memberId}, m.id, case when ${n} <= 2 then 'completed' else 'in-progress' end,
      'What I will try next week.', now() - interval '20 days',
      case when ${n} <= 2 then now() - interval '10 days' end
    from ${cohorts} cross join ${participants} cross join ${modules}
    where ${firstUnit}
  `.execute(trx);

  await sql`
    insert into cohort_assessment (cohort_id, assessment_id, pinned_at)
    select ${cohortId}, ${context.assessmentId}::uuid, ${createdAt} from ${cohorts}
  `.execute(trx);
  await sql`
    insert into assessment_response (id, cohort_id, assessment_id, member_id, started_at,
      updated_at, submitted_at)
    select ${idFor(key, 'response', g, p)}, ${cohortId}, ${context.assessmentId}::uuid, ${memberId},
      now() - interval '40 days', now() - interval '39 days',
      case when ${p} % 4 <> 0 then now() - interval '39 days' end
    from ${cohorts} cross join ${participants}
  `.execute(trx);
  await sql`
    insert into assessment_answer (response_id, assessment_id, item_id, rating)
    select ${idFor(key, 'response', g, p)}, ${context.assessmentId}::uuid, m.id,
      1 + (${g} + ${p} + ${n}::int) % 4
    from ${cohorts} cross join ${participants} cross join ${items}
  `.execute(trx);

  await sql`
    insert into coaching_session (id, cohort_id, kind, title, starts_at, minutes, host_id,
      created_by)
    select ${sessionId}, ${cohortId}, (array['kickoff', 'coaching', 'share-out'])[${s}],
      (array['Kickoff', 'Coaching: routines', 'Share-out'])[${s}], ${sessionStart}, 60,
      case when ${s} = 2 then ${coachId} else ${facilitatorId} end, ${facilitatorId}
    from ${cohorts} cross join generate_series(1, 3) as s
  `.execute(trx);
  await sql`
    insert into attendance_segment (coaching_session_id, user_id, joined_at, left_at, source,
      raw_event_id)
    select ${sessionId}, ${refs.participantId}, ${sessionStart},
      ${sessionStart} + interval '58 minutes', 'zoom', ${sessionId}::text || ':' || ${p}
    from ${cohorts} cross join ${participants} cross join ${pastSessions}
    where not ${absent}
  `.execute(trx);
  await sql`
    insert into attendance (coaching_session_id, user_id, minutes_credited, present, computed_at)
    select ${sessionId}, ${refs.participantId}, case when ${absent} then 0 else 58 end,
      not ${absent}, ${sessionStart} + interval '2 hours'
    from ${cohorts} cross join ${participants} cross join ${pastSessions}
  `.execute(trx);

  const steps = [
    { action: 'Teach the three-step signal', owner: 'Me', due: '', resources: 'A visual card' },
    { action: 'Practise it twice a day for a week', owner: 'The class', due: '', resources: '' },
  ];
  await sql`
    insert into action_plan (id, cohort_id, member_id, unit_id, status, goal, measure, steps,
      support, context, version, submitted_at, decided_at, shared_at, created_at)
    select ${idFor(key, 'plan', g, p)}, ${cohortId}, ${memberId}, ${unitId(sql.lit(1))},
      ${planStatus},
      'My class lines up for lunch in under 90 seconds using a practised three-step signal.',
      'I time each transition for three weeks and tally the reminders I give.',
      ${sql.lit(JSON.stringify(steps))}::jsonb, 'A short observation of a transition.',
      'Transitions are where we lose the most time.', 1,
      case when ${planStatus} <> 'draft' then now() - interval '5 days' end,
      case when ${planStatus} in ('accepted', 'revision-requested')
        then now() - interval '3 days' end,
      case when ${planStatus} = 'accepted' then now() - interval '2 days' end,
      now() - interval '10 days'
    from ${cohorts} cross join ${participants}
  `.execute(trx);

  await sql`
    insert into submission (id, member_id, micro_credential_id, status, body, submitted_at,
      decided_at, earned_at, created_at)
    select ${submissionId}, ${memberId}, ${context.microCredentialId}::uuid, ${submissionStatus},
      '## The routine' || chr(10) || 'Students start the warm-up within two minutes.',
      case when ${submissionStatus} <> 'draft' then now() - interval '6 days' end,
      case when ${submissionStatus} = 'earned' then now() - interval '4 days' end,
      case when ${submissionStatus} = 'earned' then now() - interval '4 days' end,
      now() - interval '12 days'
    from ${cohorts} cross join ${participants}
  `.execute(trx);
  await sql`
    insert into evidence_item (submission_id, kind, label, url)
    select ${submissionId}, 'link', 'Video of the routine',
      'https://video.example.org/watch/routine-' || ${p}
    from ${cohorts} cross join ${participants}
  `.execute(trx);
  const earned = sql`${submissionStatus} = 'earned'`;
  await sql`
    insert into score (id, submission_id, scorer_id, outcome, feedback, scored_at)
    select ${idFor(key, 'score', g, p)}, ${submissionId}, ${coachId}, 'earned',
      'Clear evidence on every criterion.', now() - interval '4 days'
    from ${cohorts} cross join ${participants}
    where ${earned}
  `.execute(trx);
  await sql`
    insert into score_criterion (score_id, criterion_id, result, feedback)
    select ${idFor(key, 'score', g, p)}, c.id, 'meets', ''
    from ${cohorts} cross join ${participants} cross join ${criteria}
    where ${earned}
  `.execute(trx);
}

/**
 * The filler's earned submissions get their hours and credential in two statements; each
 * credential reuses the signed document of one the app issued for a measured cohort, as
 * nothing verifies the filler's.
 */
async function insertFillerRecognition(trx: Executor, context: SetContext) {
  const earned = sql`
    from submission
    join cohort_member on cohort_member.id = submission.member_id
    join cohort on cohort.id = cohort_member.cohort_id`;
  const notYetRecognised = sql`
    where submission.status = 'earned'
      and not exists (select 1 from hours_entry where hours_entry.submission_id = submission.id)`;
  await sql`
    insert into credential (organization_id, user_id, cohort_id, program_id, kind,
      micro_credential_id, submission_id, title, hours, issued_at, signing_key_id, document, jwt,
      origin)
    select cohort.organization_id, cohort_member.user_id, cohort.id, cohort.program_id,
      'micro-credential', submission.micro_credential_id, submission.id, template.title,
      template.hours, submission.earned_at, template.signing_key_id, template.document,
      template.jwt, template.origin
    ${earned}
    cross join (
      select title, hours, signing_key_id, document, jwt, origin from credential
      where micro_credential_id = ${context.microCredentialId}::uuid limit 1
    ) as template
    ${notYetRecognised}
  `.execute(trx);
  await sql`
    insert into hours_entry (organization_id, user_id, cohort_id, source, hours, reason,
      micro_credential_id, submission_id, awarded_at)
    select cohort.organization_id, cohort_member.user_id, cohort.id, 'micro-credential', 5,
      'Earned the micro-credential BENCH-1 Classroom routines',
      submission.micro_credential_id, submission.id, submission.earned_at
    ${earned}
    ${notYetRecognised}
  `.execute(trx);
}
