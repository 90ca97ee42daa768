import { sql, type Kysely, type RawBuilder } from 'kysely';
import { buildOrganization, buildProgram, buildUser } from '../db/builders';
import type { CohortStatus, Database } from '../db/schema';

type Executor = Kysely<Database>;

export const BENCH_EMAIL_DOMAIN = 'bench.cadre.test';
export const BENCH_FACILITATOR_EMAIL = `facilitator@${BENCH_EMAIL_DOMAIN}`;

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
  /** invitations still waiting for an answer, per cohort; the oldest one has expired */
  openInvitations: number;
  /** handed out in turn, so the filler spans every stage of the lifecycle */
  statuses: readonly CohortStatus[];
}

export interface GeneratedData {
  facilitatorEmail: string;
  /** the cohorts the bench facilitator runs, by their number of members */
  cohortIds: { members5: string; members20: string; members40: string };
  rows: {
    cohorts: number;
    users: number;
    members: number;
    invitations: number;
    auditEntries: number;
  };
}

/**
 * Fills an empty, migrated database: one organization and program, FILLER_COHORTS cohorts of
 * 20 members each with their own facilitator and coach, and three cohorts of 5, 20 and 40
 * members run by one facilitator who can sign in with `passwordHash`. Every table is filled
 * by a few set-based statements over generate_series, so a thousand cohorts take seconds.
 */
export async function generateBenchData(
  db: Executor,
  passwordHash: string,
): Promise<GeneratedData> {
  return db.transaction().execute(async (trx) => {
    const organization = await buildOrganization(trx, {
      name: 'Bench Education Association',
      slug: 'bench',
    });
    const program = await buildProgram(trx, organization.id, { title: 'Bench Program' });
    const facilitator = await buildUser(trx, {
      organizationId: organization.id,
      email: BENCH_FACILITATOR_EMAIL,
      name: 'Bench Facilitator',
      passwordHash,
    });
    const context = { organizationId: organization.id, programId: program.id, passwordHash };

    await insertCohortSet(trx, context, {
      key: 'filler',
      count: FILLER_COHORTS,
      participants: 18,
      capacity: 20,
      openInvitations: 2,
      statuses: ['forming', 'assessing', 'learning', 'sharing', 'completed'],
    });
    // more open invitations than the dashboard lists (6), so its "see all" link shows too
    const measured = { count: 1, facilitatorId: facilitator.id, openInvitations: 8 };
    const forming = ['forming'] as const;
    await insertCohortSet(trx, context, {
      ...measured,
      key: 'members5',
      participants: 3,
      capacity: 20,
      statuses: forming,
    });
    await insertCohortSet(trx, context, {
      ...measured,
      key: 'members20',
      participants: 18,
      capacity: 20,
      statuses: forming,
    });
    await insertCohortSet(trx, context, {
      ...measured,
      key: 'members40',
      participants: 38,
      capacity: 40,
      statuses: forming,
    });

    const counts = await sql<Record<keyof GeneratedData['rows'], string>>`
      select
        (select count(*) from cohort) as cohorts,
        (select count(*) from app_user) as users,
        (select count(*) from cohort_member) as members,
        (select count(*) from invitation) as invitations,
        (select count(*) from audit_log) as "auditEntries"
    `.execute(trx);
    const row = counts.rows[0];
    if (!row) throw new Error('could not count the generated rows');
    return {
      facilitatorEmail: BENCH_FACILITATOR_EMAIL,
      cohortIds: {
        members5: await cohortIdOf(trx, 'members5'),
        members20: await cohortIdOf(trx, 'members20'),
        members40: await cohortIdOf(trx, 'members40'),
      },
      rows: {
        cohorts: Number(row.cohorts),
        users: Number(row.users),
        members: Number(row.members),
        invitations: Number(row.invitations),
        auditEntries: Number(row.auditEntries),
      },
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

async function cohortIdOf(trx: Executor, key: string) {
  const result = await sql<{
    id: string;
  }>`select ${idFor(key, 'cohort', sql.lit(1))} as id`.execute(trx);
  const id = result.rows[0]?.id;
  if (!id) throw new Error(`cohort set ${key} has no cohort`);
  return id;
}

async function insertCohortSet(
  trx: Executor,
  context: { organizationId: string; programId: string; passwordHash: string },
  set: CohortSet,
) {
  const { key } = set;
  const g = sql.ref('g');
  const p = sql.ref('p');
  const i = sql.ref('i');
  const cohorts = sql`generate_series(1, ${set.count}::int) as g`;
  const participants = sql`generate_series(1, ${set.participants}::int) as p`;
  const openInvitations = sql`generate_series(1, ${set.openInvitations}::int) as i`;
  const organization = sql`${context.organizationId}::uuid`;
  const cohortId = idFor(key, 'cohort', g);
  const coachId = idFor(key, 'coach', g);
  const participantId = idFor(key, 'participant', g, p);
  const facilitatorId = set.facilitatorId
    ? sql<string>`${set.facilitatorId}::uuid`
    : idFor(key, 'facilitator', g);
  // the cohorts were created a day apart over the past year or so
  const createdAt = sql`now() - interval '400 days' + (${g} % 365) * interval '1 day'`;

  const people = [
    sql`select ${coachId}, ${emailFor(key, 'coach', g)}, 'Coach ' || ${key}::text || ' ' || ${g},
          null::text from ${cohorts}`,
    sql`select ${participantId}, ${emailFor(key, 'participant', g, p)},
          'Educator ' || lpad(${p}::text, 2, '0') || ' of ' || ${key}::text || ' ' || ${g},
          null::text from ${cohorts} cross join ${participants}`,
  ];
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
    insert into cohort_member (cohort_id, user_id, role, status, created_at, invited_at, joined_at)
    select ${cohortId}, ${facilitatorId}, 'facilitator', 'active', ${createdAt}, null::timestamptz,
      ${createdAt}
    from ${cohorts}
    union all
    select ${cohortId}, ${coachId}, 'coach', 'active', ${createdAt}, null::timestamptz, ${createdAt}
    from ${cohorts}
    union all
    select ${cohortId}, ${participantId}, 'participant', 'active', ${createdAt}, ${createdAt},
      ${createdAt} + ${p} * interval '1 hour'
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
}
