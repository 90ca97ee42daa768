import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import {
  buildCohort,
  buildMember,
  buildOrganization,
  buildProgram,
  buildUser,
} from '../../db/builders';
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

const PASSWORD = 'pathway queries password';
let server: TestServer;
let coach: HttpClient;
let facilitator: HttpClient;
const cohorts: Record<'small' | 'large', string> = { small: '', large: '' };

beforeAll(async () => {
  server = await startTestServer({}, { wrapDb: (db) => db.withPlugin(counter) });
  // the mail worker polls the same database; its queries are not the page's
  await server.mail.stop();
  await server.reminders.stop();
  const db = server.db;
  const passwordHash = await hashPassword(PASSWORD);
  const organization = await buildOrganization(db);
  const program = await buildProgram(db, organization.id, {
    modules: [
      { title: 'Routines', competencyCodes: ['C1'] },
      { title: 'Relationships', competencyCodes: ['C2'] },
      { title: 'Both', competencyCodes: ['C1', 'C2'] },
    ],
  });
  const facilitatorUser = await buildUser(db, { organizationId: organization.id, passwordHash });
  const coachUser = await buildUser(db, { organizationId: organization.id, passwordHash });
  const assessment = await db
    .insertInto('assessment')
    .values({ program_id: program.id, version: 1, title: 'Pre-assessment' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const items = await db
    .insertInto('assessment_item')
    .values(
      program.competencies.flatMap((competency, index) => [
        {
          assessment_id: assessment.id,
          competency_id: competency.id,
          position: index * 2 + 1,
          kind: 'self-rating' as const,
          prompt: `Rate ${competency.code}`,
          options: ['1', '2', '3', '4'],
        },
        {
          assessment_id: assessment.id,
          competency_id: competency.id,
          position: index * 2 + 2,
          kind: 'open-text' as const,
          prompt: `Describe ${competency.code}`,
        },
      ]),
    )
    .returning(['id', 'kind'])
    .execute();

  for (const [size, participants] of [
    ['small', 5],
    ['large', 40],
  ] as const) {
    const cohort = await buildCohort(db, {
      organizationId: organization.id,
      programId: program.id,
      facilitatorId: facilitatorUser.id,
      coachId: coachUser.id,
      capacity: 40,
      status: 'assessing',
    });
    cohorts[size] = cohort.id;
    await db
      .insertInto('cohort_assessment')
      .values({ cohort_id: cohort.id, assessment_id: assessment.id })
      .execute();
    await db
      .insertInto('pathway')
      .values({ cohort_id: cohort.id, published_at: new Date() })
      .execute();
    const unit = await db
      .insertInto('pathway_unit')
      .values({ cohort_id: cohort.id, position: 1, title: 'Unit one' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pathwayModules = await db
      .insertInto('pathway_module')
      .values(
        program.modules.map((module, index) => ({
          cohort_id: cohort.id,
          unit_id: unit.id,
          module_id: module.id,
          position: index + 1,
          due_on: '2027-02-01',
          assign_to: index === 2 ? ('some' as const) : ('everyone' as const),
        })),
      )
      .returning('id')
      .execute();
    for (let index = 0; index < participants; index += 1) {
      const user = await buildUser(db, { organizationId: organization.id });
      const member = await buildMember(db, {
        cohortId: cohort.id,
        userId: user.id,
        role: 'participant',
      });
      const response = await db
        .insertInto('assessment_response')
        .values({
          cohort_id: cohort.id,
          assessment_id: assessment.id,
          member_id: member.id,
          submitted_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('assessment_answer')
        .values(
          items.map((item) => ({
            response_id: response.id,
            assessment_id: assessment.id,
            item_id: item.id,
            rating: item.kind === 'self-rating' ? (index % 4) + 1 : null,
            text_answer: item.kind === 'open-text' ? `Answer ${index}` : null,
          })),
        )
        .execute();
      await db
        .insertInto('pathway_assignment')
        .values({ pathway_module_id: pathwayModules[2]!.id, member_id: member.id })
        .execute();
      await db
        .insertInto('module_progress')
        .values({
          member_id: member.id,
          module_id: program.modules[0]!.id,
          status: 'completed',
          completed_at: new Date(),
        })
        .execute();
    }
  }

  coach = new HttpClient(server.url);
  expect((await coach.signIn(coachUser.email, PASSWORD)).status).toBe(302);
  facilitator = new HttpClient(server.url);
  expect((await facilitator.signIn(facilitatorUser.email, PASSWORD)).status).toBe(302);
});

afterAll(async () => {
  await server?.close();
});

async function queriesFor(client: HttpClient, path: string) {
  const before = queries;
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  await response.text();
  return queries - before;
}

it.each([
  ['the heatmap', 'coach', 'assessment'],
  ['the pathway editor', 'coach', 'pathway'],
  ['the progress grid', 'facilitator', 'progress'],
] as const)(
  '%s runs the same number of queries for 5 and for 40 participants',
  async (_, who, page) => {
    const client = who === 'coach' ? coach : facilitator;
    const forSmall = await queriesFor(client, `/cohorts/${cohorts.small}/${page}`);
    const forLarge = await queriesFor(client, `/cohorts/${cohorts.large}/${page}`);
    expect(forSmall).toBeGreaterThan(0);
    expect(forLarge).toBe(forSmall);
  },
);
