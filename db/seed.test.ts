import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyPassword } from '../app/auth/password.server';
import { createTestDatabase, type TestDatabase } from '../tests/setup/database';
import { DEMO_PASSWORD, demoAccounts, hasDemoData, seedDemoData } from './seed';
import { dayIn } from '../app/utils/dates';
import { demoTimeline } from './seed-timeline';

let database: TestDatabase;
const timeline = demoTimeline();

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

it('seeds a demo organization with a learning cohort of 18 participants, a facilitator and a coach', async () => {
  expect(await hasDemoData(database.db)).toBe(false);
  expect(await seedDemoData(database.db, { origin: 'https://cadre.example.org' })).toBe('seeded');
  expect(await hasDemoData(database.db)).toBe(true);

  const cohort = await database.db
    .selectFrom('cohort')
    .select(['id', 'status', 'capacity'])
    .where('name', '=', timeline.learning.name)
    .executeTakeFirstOrThrow();
  expect(cohort.status).toBe('learning');

  const members = await database.db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['app_user.email', 'app_user.name', 'cohort_member.role'])
    .where('cohort_member.cohort_id', '=', cohort.id)
    .execute();
  const byRole = (role: string) => members.filter((member) => member.role === role);
  expect(byRole('participant')).toHaveLength(18);
  expect(byRole('facilitator').map((member) => member.email)).toEqual([demoAccounts.facilitator]);
  expect(byRole('coach').map((member) => member.email)).toEqual([demoAccounts.coach]);
  expect(
    byRole('participant')
      .map((member) => member.email)
      .sort(),
  ).toEqual(Array.from({ length: 18 }, (_, index) => demoAccounts.participant(index + 1)));
  // realistic names, not "Participant 1"
  expect(new Set(members.map((member) => member.name)).size).toBe(20);
  for (const member of members) expect(member.name).not.toMatch(/participant|test/i);

  const admin = await database.db
    .selectFrom('app_user')
    .select(['is_org_admin', 'password_hash'])
    .where('email', '=', demoAccounts.admin)
    .executeTakeFirstOrThrow();
  expect(admin.is_org_admin).toBe(true);
  expect(await verifyPassword(DEMO_PASSWORD, admin.password_hash)).toBe(true);
});

it('gives the program at least four competencies and eight modules of real Markdown', async () => {
  const competencies = await database.db.selectFrom('competency').select('code').execute();
  expect(competencies.length).toBeGreaterThanOrEqual(4);

  const modules = await database.db
    .selectFrom('module')
    .select([
      'title',
      'body',
      sql<string>`(select count(*) from module_competency mc where mc.module_id = module.id)`.as(
        'links',
      ),
    ])
    .execute();
  expect(modules.length).toBeGreaterThanOrEqual(8);
  for (const module of modules) {
    expect(module.body.split(/\n\s*\n/).length).toBeGreaterThanOrEqual(4);
    expect(module.body).toMatch(/^#{2,3} Resources/m);
    expect(module.body).not.toMatch(/lorem ipsum|TODO/i);
    expect(Number(module.links)).toBeGreaterThan(0);
  }
});

it('never seeds a database that already holds data', async () => {
  expect(await seedDemoData(database.db, { origin: 'https://cadre.example.org' })).toBe('skipped');
  const users = await database.db
    .selectFrom('app_user')
    .select(sql<string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  // an org admin, a facilitator, two coaches, 18 participants and 6 alumni
  expect(Number(users.count)).toBe(28);
});

it('seeds a cohort at its share-out with plans in every state, two of them shared with comments', async () => {
  const plans = await database.db
    .selectFrom('action_plan')
    .innerJoin('cohort', 'cohort.id', 'action_plan.cohort_id')
    .select(['action_plan.status', 'action_plan.shared_at', 'cohort.status as cohortStatus'])
    .where('cohort.name', '=', timeline.sharing.name)
    .execute();
  expect(plans.map((plan) => plan.status).sort()).toEqual([
    'accepted',
    'accepted',
    'draft',
    'draft',
    'revision-requested',
    'submitted',
  ]);
  expect(plans.filter((plan) => plan.shared_at !== null)).toHaveLength(2);
  expect(plans[0]?.cohortStatus).toBe('sharing');
  const comments = await database.db
    .selectFrom('action_plan_comment')
    .innerJoin('action_plan', 'action_plan.id', 'action_plan_comment.plan_id')
    .innerJoin('cohort', 'cohort.id', 'action_plan.cohort_id')
    .select('action_plan_comment.kind')
    .where('cohort.name', '=', timeline.sharing.name)
    .execute();
  expect(comments.map((comment) => comment.kind).sort()).toEqual(['glow', 'glow', 'grow', 'grow']);
});

it('seeds a completed cohort, dated before today, with hours, credentials and one revoked', async () => {
  const cohort = await database.db
    .selectFrom('cohort')
    .select(['id', 'name', sql<string>`ends_on::text`.as('endsOn')])
    .where('status', '=', 'completed')
    .executeTakeFirstOrThrow();
  expect(cohort.name).toMatch(/^(Winter|Spring|Summer|Fall) \d{4} — Classroom Management$/);
  expect(cohort.endsOn < dayIn(new Date(), 'America/New_York')).toBe(true);
  const completions = await database.db
    .selectFrom('hours_entry')
    .select('user_id')
    .where('cohort_id', '=', cohort.id)
    .where('source', '=', 'completion')
    .execute();
  // the alumnus who missed three of four sessions did not meet the completion rule
  expect(completions).toHaveLength(5);
  const credentials = await database.db
    .selectFrom('credential')
    .innerJoin('app_user', 'app_user.id', 'credential.user_id')
    .select([
      'app_user.name',
      'credential.revoked_at as revokedAt',
      'credential.revoked_reason as reason',
    ])
    .where('credential.cohort_id', '=', cohort.id)
    .execute();
  expect(credentials).toHaveLength(4);
  expect(credentials.map((credential) => credential.name)).toContain('Nguyễn Thị Hạnh');
  const revoked = credentials.filter((credential) => credential.revokedAt !== null);
  expect(revoked).toHaveLength(1);
  expect(revoked[0]?.reason).toMatch(/re-scored/);
});

it('seeds a forming cohort, starting after today, with unanswered invitations and a waitlist', async () => {
  const cohort = await database.db
    .selectFrom('cohort')
    .select(['id', 'capacity', sql<string>`starts_on::text`.as('startsOn')])
    .where('status', '=', 'forming')
    .executeTakeFirstOrThrow();
  expect(cohort.startsOn > dayIn(new Date(), 'America/New_York')).toBe(true);
  const members = await database.db
    .selectFrom('cohort_member')
    .select('status')
    .where('cohort_id', '=', cohort.id)
    .where('role', '=', 'participant')
    .execute();
  const invitations = await database.db
    .selectFrom('invitation')
    .select('id')
    .where('cohort_id', '=', cohort.id)
    .where('accepted_at', 'is', null)
    .execute();
  const active = members.filter((member) => member.status === 'active').length;
  expect(active).toBe(3);
  expect(invitations).toHaveLength(3);
  expect(members.filter((member) => member.status === 'waitlisted')).toHaveLength(2);
  // every seat is taken or promised, which is why the waitlist exists
  expect(active + invitations.length).toBe(cohort.capacity);
});

it('seeds the learning cohort mid-way: results, a published pathway, sessions held and ahead, plans and evidence in every state', async () => {
  const db = database.db;
  const cohort = await db
    .selectFrom('cohort')
    .select(['id', sql<string>`starts_on::text`.as('startsOn')])
    .where('name', '=', timeline.learning.name)
    .executeTakeFirstOrThrow();
  const today = dayIn(new Date(), 'America/New_York');
  expect(cohort.startsOn < today).toBe(true);

  const responses = await db
    .selectFrom('assessment_response')
    .select('submitted_at')
    .where('cohort_id', '=', cohort.id)
    .execute();
  expect(responses.filter((response) => response.submitted_at !== null)).toHaveLength(16);
  const pathway = await db
    .selectFrom('pathway')
    .select('published_at')
    .where('cohort_id', '=', cohort.id)
    .executeTakeFirstOrThrow();
  expect(pathway.published_at).not.toBeNull();

  const sessions = await db
    .selectFrom('coaching_session')
    .select(['id', 'starts_at'])
    .where('cohort_id', '=', cohort.id)
    .execute();
  const held = sessions.filter((session) => session.starts_at < new Date());
  expect(held.length).toBeGreaterThanOrEqual(2);
  expect(sessions.length - held.length).toBeGreaterThanOrEqual(2);
  const sources = await db
    .selectFrom('attendance_segment')
    .select('source')
    .distinct()
    .where(
      'coaching_session_id',
      'in',
      held.map((session) => session.id),
    )
    .execute();
  expect(sources.map((row) => row.source).sort()).toEqual(['live-room', 'zoom']);
  const attended = await db
    .selectFrom('attendance')
    .select('coaching_session_id')
    .where(
      'coaching_session_id',
      'in',
      held.map((session) => session.id),
    )
    .execute();
  expect(attended.length).toBeGreaterThan(20);

  const plans = await db
    .selectFrom('action_plan')
    .select('status')
    .where('cohort_id', '=', cohort.id)
    .execute();
  expect(new Set(plans.map((plan) => plan.status))).toEqual(
    new Set(['draft', 'submitted', 'revision-requested', 'accepted']),
  );
  const submissions = await db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .select('submission.status')
    .where('cohort_member.cohort_id', '=', cohort.id)
    .execute();
  expect(new Set(submissions.map((submission) => submission.status))).toEqual(
    new Set(['draft', 'in-critique', 'submitted', 'not-yet', 'earned']),
  );
  // no credential of any cohort was earned before that cohort started
  const early = await db
    .selectFrom('credential')
    .innerJoin('cohort', 'cohort.id', 'credential.cohort_id')
    .select('credential.id')
    .where(sql<boolean>`credential.issued_at < cohort.starts_on`)
    .execute();
  expect(early).toEqual([]);
  const earnedEarly = await db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .select('submission.id')
    .where(sql<boolean>`submission.earned_at < cohort.starts_on`)
    .execute();
  expect(earnedEarly).toEqual([]);
});

it('seeds the share-out cohort with its sessions held and its share-out ahead, and two non-members', async () => {
  const db = database.db;
  const sessions = await db
    .selectFrom('coaching_session')
    .innerJoin('cohort', 'cohort.id', 'coaching_session.cohort_id')
    .select(['coaching_session.kind', 'coaching_session.starts_at as startsAt'])
    .where('cohort.name', '=', timeline.sharing.name)
    .execute();
  const now = new Date();
  expect(sessions.filter((session) => session.startsAt < now).length).toBeGreaterThanOrEqual(3);
  const shareOut = sessions.filter((session) => session.kind === 'share-out');
  expect(shareOut).toHaveLength(1);
  expect(shareOut[0]!.startsAt > now).toBe(true);

  const nonMembers = await db
    .selectFrom('app_user')
    .select('email')
    .where('member_since', 'is', null)
    .where('email', 'like', 'participant%')
    .orderBy('email')
    .execute();
  expect(nonMembers.map((user) => user.email)).toEqual([
    demoAccounts.participant(17),
    demoAccounts.participant(18),
  ]);
});
