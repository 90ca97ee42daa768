import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyPassword } from '../app/auth/password.server';
import { createTestDatabase, type TestDatabase } from '../tests/setup/database';
import { DEMO_PASSWORD, demoAccounts, hasDemoData, seedDemoData } from './seed';
import { demoCohort } from './seed-content';
import { demoSharingCohort } from './seed-plans';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

it('seeds a demo organization with a forming cohort of 18 participants, a facilitator and a coach', async () => {
  expect(await hasDemoData(database.db)).toBe(false);
  expect(await seedDemoData(database.db, { origin: 'https://cadre.example.org' })).toBe('seeded');
  expect(await hasDemoData(database.db)).toBe(true);

  const cohort = await database.db
    .selectFrom('cohort')
    .select(['id', 'status', 'capacity'])
    .where('name', '=', demoCohort.name)
    .executeTakeFirstOrThrow();
  expect(cohort.status).toBe('forming');

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
  // an org admin, a facilitator, two coaches and 18 participants
  expect(Number(users.count)).toBe(22);
});

it('seeds a cohort at its share-out with plans in every state, two of them shared with comments', async () => {
  const plans = await database.db
    .selectFrom('action_plan')
    .innerJoin('cohort', 'cohort.id', 'action_plan.cohort_id')
    .select(['action_plan.status', 'action_plan.shared_at', 'cohort.status as cohortStatus'])
    .where('cohort.name', '=', demoSharingCohort.name)
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
  const comments = await database.db.selectFrom('action_plan_comment').select('kind').execute();
  expect(comments.map((comment) => comment.kind).sort()).toEqual(['glow', 'glow', 'grow', 'grow']);
});
