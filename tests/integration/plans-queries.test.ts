import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { startPlan, submitPlan } from '../../app/plans/plans.server';
import { buildQueue, spotlightPlan } from '../../app/plans/share-out.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { currentRequestLog } from '../../app/http/request-log.server';

/**
 * counts every query the server runs for a request, through a Kysely plugin on its
 * database; the background workers' polls run outside any request and are not counted
 */
let queries = 0;
const counter: KyselyPlugin = {
  transformQuery: (args) => {
    if (currentRequestLog()) queries += 1;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

const PASSWORD = 'plans queries password';
let server: TestServer;
const cohorts: Record<
  'small' | 'large',
  { id: string; coach: HttpClient; facilitator: HttpClient }
> = {} as never;

beforeAll(async () => {
  server = await startTestServer({}, { wrapDb: (db) => db.withPlugin(counter) });
  await server.mail.stop();
  await server.reminders.stop();
  const db = server.db;
  const passwordHash = await hashPassword(PASSWORD);
  for (const [size, participants] of [
    ['small', 4],
    ['large', 24],
  ] as const) {
    const built = await buildCohortWithPeople(db, {
      participants,
      passwordHash,
      status: 'sharing',
    });
    const cohortId = built.cohort.id;
    await db
      .insertInto('pathway')
      .values({ cohort_id: cohortId, published_at: new Date() })
      .execute();
    const unit = await db
      .insertInto('pathway_unit')
      .values({ cohort_id: cohortId, position: 1, title: 'Routines' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = await db
      .insertInto('coaching_session')
      .values({
        cohort_id: cohortId,
        kind: 'share-out',
        title: 'Share-out',
        starts_at: new Date(),
        minutes: 60,
        host_id: built.facilitator.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let firstPlanId = '';
    for (const participant of built.participants) {
      const member = await db
        .selectFrom('cohort_member')
        .select('id')
        .where('cohort_id', '=', cohortId)
        .where('user_id', '=', participant.id)
        .executeTakeFirstOrThrow();
      const started = await startPlan(db, { cohortId, memberId: member.id, unitId: unit.id });
      if (started.status === 'invalid') throw new Error(started.message);
      firstPlanId ||= started.planId;
      await submitPlan(db, {
        cohortId,
        planId: started.planId,
        authorId: participant.id,
        baseVersion: 1,
        content: {
          goal: `Goal of ${participant.name}`,
          measure: 'Count it.',
          steps: [{ action: 'Try it', owner: 'Me', due: '2027-03-01', resources: '' }],
          support: '',
          context: '',
        },
      });
      await db
        .updateTable('action_plan')
        .set({ shared_at: new Date() })
        .where('id', '=', started.planId)
        .execute();
      await db
        .insertInto('action_plan_comment')
        .values([
          { plan_id: started.planId, author_id: built.coach.id, kind: 'glow', body: 'Clear goal' },
          {
            plan_id: started.planId,
            author_id: built.facilitator.id,
            kind: 'grow',
            body: 'Add a date',
          },
        ])
        .execute();
    }
    await buildQueue(db, { cohortId, coachingSessionId: session.id });
    await spotlightPlan(db, {
      cohortId,
      coachingSessionId: session.id,
      planId: firstPlanId,
      actorId: built.facilitator.id,
    });
    const coach = new HttpClient(server.url);
    expect((await coach.signIn(built.coach.email, PASSWORD)).status).toBe(302);
    const facilitator = new HttpClient(server.url);
    expect((await facilitator.signIn(built.facilitator.email, PASSWORD)).status).toBe(302);
    cohorts[size] = { id: cohortId, coach, facilitator };
  }
});

afterAll(async () => {
  await server?.close();
});

async function countQueries(client: HttpClient, path: string) {
  queries = 0;
  const response = await client.get(path);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return queries;
}

it.each([
  ['the gallery', 'coach', '/gallery'],
  ['the coach’s plan list', 'coach', '/plans'],
  ['the share-out', 'facilitator', '/share-out'],
  ['the booklet PDF', 'coach', '/gallery/booklet.pdf'],
] as const)(
  '%s runs the same number of queries for 4 and for 24 participants',
  async (_name, who, path) => {
    const small = await countQueries(cohorts.small[who], `/cohorts/${cohorts.small.id}${path}`);
    const large = await countQueries(cohorts.large[who], `/cohorts/${cohorts.large.id}${path}`);
    expect(large).toBe(small);
  },
);
