import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getCatalogFilterOptions,
  getCatalogStack,
  getJoinDemand,
  readCatalogFilters,
  searchCatalog,
  submitJoinRequest,
} from '../../app/catalog/catalog.server';
import { buildOrganization, buildUser } from '../../db/builders';
import { catalogCredentialCount } from '../../db/seed-catalog';
import { demoAccounts, seedDemoData } from '../../db/seed';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let organizationId: string;
let teacherId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db, { origin: 'https://cadre.example.org' });
  const teacher = await database.db
    .selectFrom('app_user')
    .select(['id', 'organization_id'])
    .where('email', '=', demoAccounts.participant(6))
    .executeTakeFirstOrThrow();
  organizationId = teacher.organization_id;
  teacherId = teacher.id;
});

afterAll(async () => {
  await database?.drop();
});

const search = (query: string) =>
  searchCatalog(database.db, {
    organizationId,
    filters: readCatalogFilters(new URL(`https://cadre.test/catalog?${query}`)),
  });

function form(fields: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
}

describe('the demo catalog', () => {
  it('holds the 25 micro-credentials that need no classroom data and the ethics stack’s eight', async () => {
    expect(catalogCredentialCount).toBe(33);
    const none = await search('data=none');
    expect(none.credentialTotal).toBe(25);
    expect(none.credentials.every((credential) => !credential.needsClassroomData)).toBe(true);
    const ethics = await search('q=Educator+Ethics');
    expect(ethics.stacks.map((stack) => stack.title)).toContain(
      'Elevating the Profession Through Educator Ethics',
    );
    const stackId = ethics.stacks.find((stack) => stack.title.includes('Ethics'))!.id;
    const stack = await getCatalogStack(database.db, {
      organizationId,
      programId: stackId,
      userId: teacherId,
    });
    expect(stack?.credentials).toHaveLength(8);
    expect(stack?.outcomes).toHaveLength(3);
    expect(stack?.topics).toEqual([
      'Educator Self-Care',
      'Family & Community Engagement',
      'Peer Mentoring & Collaboration',
      'Positive School Environments',
    ]);
    expect(stack?.gradeLevels).toHaveLength(5);
    expect(stack?.hoursPerCredential).toBe(15);
    expect(stack?.format).toBe('blended');
  });
});

describe('catalog filters', () => {
  it('finds Story of Self among micro-credentials needing no classroom or student data', async () => {
    const result = await search('data=none&q=story');
    expect(result.credentials.map((credential) => credential.title)).toEqual(['Story of Self']);
    expect(result.credentials[0]!.programTitle).toBe('Leadership in Organizing');
  });

  it('narrows by stack, topic, audience, evidence, format and hours, and combines them', async () => {
    const options = await getCatalogFilterOptions(database.db, organizationId);
    expect(options.evidence).toContain('Photo essay');
    expect(options.audiences).toContain('Education support professionals');
    expect(options.topics).toContain('Every Student Succeeds Act');

    const esp = options.stacks.find((stack) => stack.title.startsWith('Education Support'))!;
    expect((await search(`stack=${esp.id}`)).credentialTotal).toBe(7);
    expect((await search('topic=Every+Student+Succeeds+Act')).credentialTotal).toBe(4);
    const photo = await search('evidence=Photo+essay');
    expect(photo.credentials.map((credential) => credential.title)).toEqual(['Story of Self']);
    expect(photo.stacks.map((stack) => stack.title)).toEqual(['Leadership in Organizing']);
    const ell = await search('audience=Educators+of+English+language+learners');
    expect(ell.credentialTotal).toBe(2);
    expect((await search('format=in+person')).credentialTotal).toBe(0);
    // every seeded micro-credential is 15 hours; the demo program's are 5
    expect((await search('hours=5')).credentials.every((c) => c.hours <= 5)).toBe(true);
    expect((await search('hours=5')).credentialTotal).toBe(3);
    expect((await search('data=needs&topic=Educator+Self-Care')).credentialTotal).toBe(8);
  });

  it('ignores filters it cannot read instead of failing', async () => {
    const result = await search('stack=not-a-uuid&hours=lots&data=maybe&page=-3');
    expect(result.credentialTotal).toBeGreaterThanOrEqual(33);
    expect(result.page).toBe(1);
  });

  it('never shows another organization’s or an unpublished stack', async () => {
    const other = await buildOrganization(database.db);
    await database.db
      .insertInto('program')
      .values({
        organization_id: other.id,
        title: 'Elsewhere stack',
        hours_for_completing: 15,
        hours_for_attaining: 5,
      })
      .execute();
    await database.db
      .insertInto('program')
      .values({
        organization_id: organizationId,
        title: 'Draft stack',
        hours_for_completing: 15,
        hours_for_attaining: 5,
        status: 'draft',
      })
      .execute();
    const titles = (await search('')).stacks.map((stack) => stack.title);
    expect(titles).not.toContain('Elsewhere stack');
    expect(titles).not.toContain('Draft stack');
  });
});

describe('join requests', () => {
  it('takes one request per person per stack, audits it and counts the demand', async () => {
    const stack = (await search('q=Story+of+Self')).stacks[0]!;
    const first = await submitJoinRequest(database.db, {
      organizationId,
      programId: stack.id,
      userId: teacherId,
      form: form({ intent: 'join', note: 'Our local wants to organize this spring.' }),
    });
    expect(first.status).toBe('requested');
    const again = await submitJoinRequest(database.db, {
      organizationId,
      programId: stack.id,
      userId: teacherId,
      form: form({ intent: 'join' }),
    });
    expect(again.status).toBe('already');
    const rows = await database.db
      .selectFrom('catalog_join_request')
      .select('note')
      .where('program_id', '=', stack.id)
      .execute();
    expect(rows).toEqual([{ note: 'Our local wants to organize this spring.' }]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', stack.id)
      .execute();
    expect(audit).toEqual([{ action: 'catalog.join_requested', actor_id: teacherId }]);

    const demand = await getJoinDemand(database.db, organizationId);
    expect(demand.find((row) => row.id === stack.id)?.requests).toBe(1);
    // the seed's three requests for the ethics stack
    expect(demand.find((row) => row.title.includes('Ethics'))?.requests).toBe(3);
  });

  it('takes one request per person per lineage, whatever version is on show', async () => {
    const first = (await search('q=Bully+Free+Schools')).stacks[0]!;
    const asked = await submitJoinRequest(database.db, {
      organizationId,
      programId: first.id,
      userId: teacherId,
      form: form({ intent: 'join' }),
    });
    expect(asked.status).toBe('requested');
    // the stack's next version is published and the first one retired
    const { lineage_id: lineageId, ...row } = await database.db
      .selectFrom('program')
      .select(['lineage_id', 'title', 'organization_id', 'hours_for_completing'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('program')
      .set({ status: 'retired' })
      .where('id', '=', first.id)
      .execute();
    const second = await database.db
      .insertInto('program')
      .values({
        ...row,
        title: `${row.title}, revised`,
        hours_for_attaining: 5,
        lineage_id: lineageId,
        version: 2,
        status: 'published',
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const again = await submitJoinRequest(database.db, {
      organizationId,
      programId: second.id,
      userId: teacherId,
      form: form({ intent: 'join' }),
    });
    expect(again.status).toBe('already');
    const stack = await getCatalogStack(database.db, {
      organizationId,
      programId: second.id,
      userId: teacherId,
    });
    expect(stack?.joinRequestedAt).not.toBeNull();
    expect(stack?.demand).toBe(1);
    const demand = await getJoinDemand(database.db, organizationId);
    expect(demand.filter((entry) => entry.title.startsWith(row.title))).toEqual([
      expect.objectContaining({ id: second.id, title: `${row.title}, revised`, requests: 1 }),
    ]);
  });

  it('refuses a note that is too long with a field error and stores nothing', async () => {
    const stack = (await search('q=Netiquette')).stacks[0]!;
    const outcome = await submitJoinRequest(database.db, {
      organizationId,
      programId: stack.id,
      userId: teacherId,
      form: form({ intent: 'join', note: 'x'.repeat(501) }),
    });
    expect(outcome.status).toBe('invalid');
    if (outcome.status === 'invalid') {
      expect(outcome.result.error?.note?.[0]).toMatch(/500 characters/);
    }
    const rows = await database.db
      .selectFrom('catalog_join_request')
      .select('id')
      .where('program_id', '=', stack.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('does not take a request for another organization’s stack', async () => {
    const other = await buildOrganization(database.db);
    const outsider = await buildUser(database.db, { organizationId: other.id });
    const stack = (await search('q=Story+of+Self')).stacks[0]!;
    const outcome = await submitJoinRequest(database.db, {
      organizationId: other.id,
      programId: stack.id,
      userId: outsider.id,
      form: form({ intent: 'join' }),
    });
    expect(outcome.status).toBe('not-found');
  });
});
