import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createCohort,
  getCohortFormOptions,
  updateCohort,
} from '../../app/cohorts/cohort-settings.server';
import { buildCohortWithPeople, buildProgram } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';

/**
 * A cohort is started from a published program only: a draft is not ready to teach and a
 * retired version has a newer one. A cohort already on a retired version keeps it.
 */

let database: TestDatabase;
let world: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let draftId: string;
let retiredId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildCohortWithPeople(database.db, { participants: 1 });
  const draft = await buildProgram(database.db, world.organization.id, { title: 'Draft stack' });
  const retired = await buildProgram(database.db, world.organization.id, {
    title: 'Retired stack',
  });
  draftId = draft.id;
  retiredId = retired.id;
  await database.db
    .updateTable('program')
    .set({ status: 'draft' })
    .where('id', '=', draftId)
    .execute();
  await database.db
    .updateTable('program')
    .set({ status: 'retired' })
    .where('id', '=', retiredId)
    .execute();
});

afterAll(async () => {
  await database?.drop();
});

const values = (programId: string) => ({
  programId,
  name: 'Next cohort',
  capacity: 20,
  startsOn: '2030-01-07',
  endsOn: '2030-03-31',
  timezone: 'America/New_York',
  coachId: null,
});

it('offers only published programs for a new cohort', async () => {
  const options = await getCohortFormOptions(database.db, world.organization.id);
  const ids = options.programs.map((program) => program.id);
  expect(ids).toContain(world.program.id);
  expect(ids).not.toContain(draftId);
  expect(ids).not.toContain(retiredId);
});

it('refuses a draft or retired program with a message and creates nothing', async () => {
  const before = await database.db.selectFrom('cohort').select('id').execute();
  for (const programId of [draftId, retiredId]) {
    const outcome = await createCohort(database.db, {
      actor: { id: world.facilitator.id, organizationId: world.organization.id },
      values: values(programId),
    });
    expect(outcome).toEqual({
      status: 'invalid',
      errors: {
        programId: 'That program is not published; choose a published program from the list.',
      },
    });
  }
  const after = await database.db.selectFrom('cohort').select('id').execute();
  expect(after).toHaveLength(before.length);
});

it('lets a cohort keep the version it runs on once a newer one retired it', async () => {
  await database.db
    .updateTable('cohort')
    .set({ program_id: retiredId })
    .where('id', '=', world.cohort.id)
    .execute();
  const options = await getCohortFormOptions(database.db, world.organization.id, retiredId);
  expect(options.programs.map((program) => program.id)).toContain(retiredId);
  const outcome = await updateCohort(database.db, {
    cohortId: world.cohort.id,
    actor: { id: world.facilitator.id, organizationId: world.organization.id },
    values: { ...values(retiredId), name: 'Renamed on its own version', capacity: 20 },
    appOrigin: 'http://localhost',
  });
  expect(outcome.status).toBe('updated');
});
