import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'pathway test password';
let server: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let modules: { id: string; title: string }[];

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, {
    participants: 3,
    passwordHash,
    status: 'assessing',
  });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
  modules = await server.db
    .insertInto('module')
    .values([
      {
        program_id: mine.program.id,
        title: 'Routines That Run Themselves',
        body: '## Why\n\nRoutines **matter**.\n\n<script>alert(1)</script>\n\n- [a trap](javascript:alert(1))\n- [IRIS](https://iris.peabody.vanderbilt.edu)',
        minutes: 45,
        kind: 'online',
        position: 2,
      },
      {
        program_id: mine.program.id,
        title: 'Relationships First',
        body: 'Know every student.',
        minutes: 40,
        kind: 'online',
        position: 3,
      },
    ])
    .returning(['id', 'title'])
    .execute();
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const pathway = () => `/cohorts/${mine.cohort.id}/pathway`;

async function memberIdOf(cohortId: string, userId: string) {
  const row = await server.db
    .selectFrom('cohort_member')
    .select('id')
    .where('cohort_id', '=', cohortId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function snapshot() {
  const count = async (table: 'pathway_unit' | 'pathway_module' | 'pathway_assignment') =>
    Number(
      (
        await server.db
          .selectFrom(table)
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const modulesState = await server.db
    .selectFrom('pathway_module')
    .select(['id', 'position', 'due_on', 'rationale', 'assign_to'])
    .orderBy('id')
    .execute();
  return {
    units: await count('pathway_unit'),
    modules: await count('pathway_module'),
    assignments: await count('pathway_assignment'),
    modulesState: JSON.stringify(modulesState),
  };
}

describe('the coach’s pathway', () => {
  let unitId: string;
  let firstId: string;
  let secondId: string;

  it('is built unit by unit from the catalog', async () => {
    const coach = await signedIn(mine.coach.email);
    expect((await coach.post(pathway(), { intent: 'add-unit', title: 'Unit one' })).status).toBe(
      302,
    );
    const unit = await server.db
      .selectFrom('pathway_unit')
      .select('id')
      .where('cohort_id', '=', mine.cohort.id)
      .executeTakeFirstOrThrow();
    unitId = unit.id;
    for (const module of modules) {
      const response = await coach.post(pathway(), {
        intent: 'add-module',
        unitId,
        moduleId: module.id,
        rationale: 'Cohort mean 38 on C1',
      });
      expect(response.status).toBe(302);
    }
    const rows = await server.db
      .selectFrom('pathway_module')
      .select(['id', 'module_id', 'position'])
      .where('cohort_id', '=', mine.cohort.id)
      .orderBy('position')
      .execute();
    expect(rows.map((row) => row.module_id)).toEqual(modules.map((module) => module.id));
    firstId = rows[0]!.id;
    secondId = rows[1]!.id;
  });

  it('answers 400 to bad payloads and changes nothing', async () => {
    const coach = await signedIn(mine.coach.email);
    const otherMember = await memberIdOf(other.cohort.id, other.participants[0]!.id);
    const otherUnit = await server.db
      .insertInto('pathway')
      .values({ cohort_id: other.cohort.id })
      .execute()
      .then(() =>
        server.db
          .insertInto('pathway_unit')
          .values({ cohort_id: other.cohort.id, position: 1, title: 'Theirs' })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
    const before = await snapshot();
    const bad: Record<string, string>[] = [
      { intent: 'explode' },
      { intent: 'add-unit', title: '' },
      { intent: 'add-module', unitId, moduleId: other.program.modules[0]!.id },
      { intent: 'add-module', unitId: otherUnit.id, moduleId: modules[0]!.id },
      { intent: 'add-module', unitId, moduleId: modules[0]!.id },
      { intent: 'add-module', unitId: 'not-a-uuid', moduleId: modules[0]!.id },
      { intent: 'move-module', pathwayModuleId: firstId, direction: 'sideways' },
      {
        intent: 'update-module',
        pathwayModuleId: firstId,
        dueOn: '2027-02-31x',
        assignTo: 'everyone',
      },
      { intent: 'update-module', pathwayModuleId: firstId, dueOn: '', assignTo: 'some' },
      {
        intent: 'update-module',
        pathwayModuleId: firstId,
        dueOn: '',
        assignTo: 'some',
        memberId: otherMember,
      },
      {
        intent: 'assign-below',
        pathwayModuleId: firstId,
        competencyId: mine.cohort.id,
        threshold: '50',
      },
      {
        intent: 'assign-below',
        pathwayModuleId: firstId,
        competencyId: mine.program.competencies[0]!.id,
        threshold: 'lots',
      },
      { intent: 'remove-module', pathwayModuleId: '00000000-0000-4000-8000-000000000000' },
      { intent: 'remove-unit', unitId: otherUnit.id },
    ];
    for (const fields of bad) {
      expect((await coach.post(pathway(), fields)).status, JSON.stringify(fields)).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('is for the coach to change: participants and the facilitator get 403', async () => {
    for (const email of [mine.participants[0]!.email, mine.facilitator.email]) {
      const client = await signedIn(email);
      expect((await client.post(pathway(), { intent: 'add-unit', title: 'Mine' })).status).toBe(
        403,
      );
    }
  });

  it('assigns a module to some participants, and publishing notifies them and moves nothing else', async () => {
    const coach = await signedIn(mine.coach.email);
    const chosen = await memberIdOf(mine.cohort.id, mine.participants[0]!.id);
    const response = await coach.post(pathway(), {
      intent: 'update-module',
      pathwayModuleId: secondId,
      dueOn: '2027-02-01',
      rationale: 'For the first participant only',
      assignTo: 'some',
      memberId: chosen,
    });
    expect(response.status).toBe(302);
    await coach.post(pathway(), {
      intent: 'update-module',
      pathwayModuleId: firstId,
      dueOn: '2020-01-15',
      rationale: 'Everyone',
      assignTo: 'everyone',
    });

    expect((await coach.post(pathway(), { intent: 'publish' })).status).toBe(302);
    const mails = await server.db
      .selectFrom('outbound_email')
      .select('to_address')
      .where('kind', '=', 'pathway-published')
      .execute();
    expect(mails.map((mail) => mail.to_address).sort()).toEqual(
      mine.participants.map((participant) => participant.email).sort(),
    );
    const cohort = await server.db
      .selectFrom('cohort')
      .select('status')
      .where('id', '=', mine.cohort.id)
      .executeTakeFirstOrThrow();
    expect(cohort.status).toBe('assessing');

    const facilitator = await signedIn(mine.facilitator.email);
    const moved = await facilitator.post(`/cohorts/${mine.cohort.id}?index`, {
      intent: 'move',
      to: 'learning',
    });
    expect(moved.status).toBe(302);
  });
});

describe('a participant’s pathway', () => {
  it('shows only the modules meant for them', async () => {
    const first = await signedIn(mine.participants[0]!.email);
    const second = await signedIn(mine.participants[1]!.email);
    const firstPage = await (await first.get(pathway())).text();
    const secondPage = await (await second.get(pathway())).text();
    expect(firstPage).toContain('Relationships First');
    expect(secondPage).toContain('Routines That Run Themselves');
    expect(secondPage).not.toContain('Relationships First');
    expect(secondPage).toContain('Overdue');
    expect((await second.get(`/cohorts/${mine.cohort.id}/modules/${modules[1]!.id}`)).status).toBe(
      404,
    );
    expect((await second.get(`/cohorts/${mine.cohort.id}/modules/nope`)).status).toBe(404);
  });

  it('renders a module’s Markdown without raw HTML or script links', async () => {
    const participant = await signedIn(mine.participants[1]!.email);
    const page = await (
      await participant.get(`/cohorts/${mine.cohort.id}/modules/${modules[0]!.id}`)
    ).text();
    expect(page).toContain('<strong>matter</strong>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).toContain('href="https://iris.peabody.vanderbilt.edu"');
  });

  it('records completion with a reflection, kept when the coach reorders the pathway', async () => {
    const participant = await signedIn(mine.participants[1]!.email);
    const path = `/cohorts/${mine.cohort.id}/modules/${modules[0]!.id}`;
    expect((await participant.post(path, { intent: 'finish', reflection: 'x' })).status).toBe(400);
    expect(
      (
        await participant.post(path, {
          intent: 'complete',
          reflection: 'Posted the entry routine.',
        })
      ).status,
    ).toBe(302);

    const coach = await signedIn(mine.coach.email);
    const first = await server.db
      .selectFrom('pathway_module')
      .select('id')
      .where('module_id', '=', modules[0]!.id)
      .executeTakeFirstOrThrow();
    expect(
      (
        await coach.post(pathway(), {
          intent: 'move-module',
          pathwayModuleId: first.id,
          direction: 'down',
        })
      ).status,
    ).toBe(302);

    const progress = await server.db
      .selectFrom('module_progress')
      .select(['status', 'reflection'])
      .where('module_id', '=', modules[0]!.id)
      .execute();
    expect(progress).toEqual([{ status: 'completed', reflection: 'Posted the entry routine.' }]);

    const facilitator = await signedIn(mine.facilitator.email);
    const grid = await (await facilitator.get(`/cohorts/${mine.cohort.id}/progress`)).text();
    expect(grid).toContain('Completed');
    expect(grid).toContain('Not assigned');
    const overdueOnly = await (
      await facilitator.get(`/cohorts/${mine.cohort.id}/progress?status=completed`)
    ).text();
    expect(overdueOnly).toContain(mine.participants[1]!.name);
    expect(overdueOnly).not.toContain(`>${mine.participants[2]!.name}<`);

    const csv = await facilitator.get(`/cohorts/${mine.cohort.id}/progress.csv`);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(`${mine.participants[1]!.name},`);
    expect(text).toMatch(/Routines That Run Themselves,2020-01-15,Completed,no,/);

    expect((await participant.get(`/cohorts/${mine.cohort.id}/progress`)).status).toBe(403);
    expect((await participant.get(`/cohorts/${mine.cohort.id}/progress.csv`)).status).toBe(403);
  });
});
