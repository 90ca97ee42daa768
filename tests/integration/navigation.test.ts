import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCohort,
  buildMember,
  buildOrganization,
  buildProgram,
  buildUser,
} from '../../db/builders';
import { getNavigation } from '../../app/navigation/navigation.server';
import { notify } from '../../app/notifications/notify.server';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function organizationWithCohorts() {
  const { db } = database;
  const organization = await buildOrganization(db, { name: 'Keystone Educators' });
  await db
    .updateTable('organization')
    .set({ short_name: 'KE', support_email: 'help@keystone.test', support_phone: null })
    .where('id', '=', organization.id)
    .execute();
  const program = await buildProgram(db, organization.id);
  const facilitator = await buildUser(db, { organizationId: organization.id, name: 'Fran' });
  const participant = await buildUser(db, { organizationId: organization.id, name: 'Pat' });
  const admin = await buildUser(db, { organizationId: organization.id, isOrgAdmin: true });
  const cohort = (name: string, startsOn: string, status: 'learning' | 'completed' = 'learning') =>
    buildCohort(db, {
      organizationId: organization.id,
      programId: program.id,
      facilitatorId: facilitator.id,
      name,
      startsOn,
      endsOn: '2027-12-01',
      status,
    });
  const older = await cohort('Older', '2026-09-01');
  const newer = await cohort('Newer', '2027-01-11');
  const finished = await cohort('Finished', '2027-02-01', 'completed');
  const notMine = await cohort('Not mine', '2027-03-01');
  for (const joined of [older, newer, finished]) {
    await buildMember(db, { cohortId: joined.id, userId: participant.id, role: 'participant' });
  }
  return { organization, facilitator, participant, admin, older, newer, finished, notMine };
}

describe('the header’s navigation, read in one statement', () => {
  it('lists a participant’s cohorts, the one on screen first, running before finished, latest first', async () => {
    const world = await organizationWithCohorts();
    const navigation = await getNavigation(database.db, world.participant, {
      currentCohortId: world.older.id,
      limit: 6,
    });
    expect(navigation.cohorts).toEqual([
      { id: world.older.id, name: 'Older', role: 'participant' },
      { id: world.newer.id, name: 'Newer', role: 'participant' },
      { id: world.finished.id, name: 'Finished', role: 'participant' },
    ]);
    expect(navigation.mayCreateCohorts).toBe(false);
    expect(navigation.unreadNotices).toBe(0);
    expect(navigation.organization).toEqual({
      name: 'Keystone Educators',
      shortName: 'KE',
      logoUrl: null,
      support: { email: 'help@keystone.test', phone: null },
    });
  });

  it('stops at the limit, and ignores a cohort id that is not one', async () => {
    const world = await organizationWithCohorts();
    const navigation = await getNavigation(database.db, world.participant, {
      currentCohortId: 'not-a-uuid',
      limit: 2,
    });
    expect(navigation.cohorts.map((cohort) => cohort.name)).toEqual(['Newer', 'Older']);
  });

  it('counts only unread notices, and lets a facilitator start cohorts', async () => {
    const world = await organizationWithCohorts();
    const notice = { cohortId: null, kind: 'test.notice', href: '/' };
    await notify(database.db, [
      { ...notice, userId: world.facilitator.id, title: 'One' },
      { ...notice, userId: world.facilitator.id, title: 'Two' },
      { ...notice, userId: world.participant.id, title: 'Someone else’s' },
    ]);
    await database.db
      .updateTable('notification')
      .set({ read_at: new Date() })
      .where('user_id', '=', world.facilitator.id)
      .where('title', '=', 'One')
      .execute();
    const navigation = await getNavigation(database.db, world.facilitator, {
      currentCohortId: null,
      limit: 6,
    });
    expect(navigation.unreadNotices).toBe(1);
    expect(navigation.mayCreateCohorts).toBe(true);
    expect(navigation.cohorts.map((cohort) => cohort.role)).toEqual([
      'facilitator',
      'facilitator',
      'facilitator',
      'facilitator',
    ]);
  });

  it('shows an org admin the organization’s cohorts as org admin', async () => {
    const world = await organizationWithCohorts();
    const navigation = await getNavigation(database.db, world.admin, {
      currentCohortId: world.notMine.id,
      limit: 6,
    });
    expect(navigation.mayCreateCohorts).toBe(true);
    expect(navigation.cohorts[0]).toEqual({
      id: world.notMine.id,
      name: 'Not mine',
      role: 'org-admin',
    });
    expect(navigation.cohorts).toHaveLength(4);
  });
});
