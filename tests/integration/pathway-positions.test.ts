import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  addModule,
  addUnit,
  moveModule,
  moveUnit,
  removeModule,
  removeUnit,
} from '../../app/pathway/pathway.server';
import { buildCohortWithPeople } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';

/** Units and modules keep gap-free positions through moves, moves between units and removals. */

let database: TestDatabase;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  database = await createTestDatabase();
  people = await buildCohortWithPeople(database.db, { participants: 1, status: 'assessing' });
});

afterAll(async () => {
  await database?.drop();
});

const actor = () => ({
  cohortId: people.cohort.id,
  organizationId: people.organization.id,
  actorId: people.coach.id,
});

async function units() {
  return database.db
    .selectFrom('pathway_unit')
    .select(['id', 'title', 'position'])
    .where('cohort_id', '=', people.cohort.id)
    .orderBy('position')
    .execute();
}

async function modulesIn(unitId: string) {
  return (
    await database.db
      .selectFrom('pathway_module')
      .innerJoin('module', 'module.id', 'pathway_module.module_id')
      .select(['pathway_module.id', 'module.title', 'pathway_module.position'])
      .where('pathway_module.unit_id', '=', unitId)
      .orderBy('pathway_module.position')
      .execute()
  ).map((row) => `${row.position}:${row.title}`);
}

it('keeps units and modules in gap-free order through every move and removal', async () => {
  for (const title of ['One', 'Two', 'Three']) {
    expect((await addUnit(database.db, { ...actor(), title, actionPlanPrompt: '' })).status).toBe(
      'done',
    );
  }
  const catalog = await database.db
    .insertInto('module')
    .values(
      ['Alpha', 'Beta', 'Gamma'].map((title, index) => ({
        program_id: people.program.id,
        title,
        body: '',
        minutes: 30,
        kind: 'online' as const,
        position: 100 + index,
      })),
    )
    .returning(['id', 'title'])
    .execute();
  const [one, two, three] = await units();
  for (const module of catalog) {
    await addModule(database.db, {
      ...actor(),
      unitId: one!.id,
      moduleId: module.id,
      rationale: '',
    });
  }
  expect(await modulesIn(one!.id)).toEqual(['1:Alpha', '2:Beta', '3:Gamma']);

  // a unit moves down, and the first one cannot move up
  await moveUnit(database.db, { ...actor(), unitId: one!.id, direction: 'down' });
  expect((await units()).map((unit) => unit.title)).toEqual(['Two', 'One', 'Three']);
  expect(await moveUnit(database.db, { ...actor(), unitId: two!.id, direction: 'up' })).toEqual({
    status: 'done',
    message: 'That unit is already at the edge.',
  });

  // modules swap within their unit, leave it for another, and are removed without gaps
  const rows = await database.db
    .selectFrom('pathway_module')
    .select(['id', 'position'])
    .where('unit_id', '=', one!.id)
    .orderBy('position')
    .execute();
  await moveModule(database.db, { ...actor(), pathwayModuleId: rows[2]!.id, direction: 'up' });
  expect(await modulesIn(one!.id)).toEqual(['1:Alpha', '2:Gamma', '3:Beta']);
  await moveModule(database.db, { ...actor(), pathwayModuleId: rows[0]!.id, toUnitId: three!.id });
  expect(await modulesIn(one!.id)).toEqual(['1:Gamma', '2:Beta']);
  expect(await modulesIn(three!.id)).toEqual(['1:Alpha']);
  await removeModule(database.db, { ...actor(), pathwayModuleId: rows[2]!.id });
  expect(await modulesIn(one!.id)).toEqual(['1:Beta']);

  await removeUnit(database.db, { ...actor(), unitId: two!.id });
  expect((await units()).map((unit) => `${unit.position}:${unit.title}`)).toEqual([
    '1:One',
    '2:Three',
  ]);
});
