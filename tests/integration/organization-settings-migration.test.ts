import { afterEach, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';

/**
 * The organization-settings and membership migration on a database that already holds an
 * organization and a cohort: migrated to the migration before it, filled, then upgraded.
 */

const MIGRATION = '2026_12_04_1200_add_organization_settings_and_membership';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

const backends = emptyDatabaseBackends;

describe.each(backends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('keeps every organization and person, with the defaults and the coaches marked', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);
    const people = await buildCohortWithPeople(db, { participants: 2 });
    const usersBefore = await db
      .selectFrom('app_user')
      .select(['id', 'email', 'name'])
      .orderBy('id')
      .execute();

    await migrateToLatest(db);

    const usersAfter = await db
      .selectFrom('app_user')
      .select(['id', 'email', 'name', 'may_coach', 'may_author', 'member_since', 'deactivated_at'])
      .orderBy('id')
      .execute();
    expect(usersAfter.map(({ id, email, name }) => ({ id, email, name }))).toEqual(usersBefore);
    const byId = new Map(usersAfter.map((user) => [user.id, user]));
    expect(byId.get(people.coach.id)?.may_coach).toBe(true);
    expect(byId.get(people.facilitator.id)?.may_coach).toBe(false);
    expect(byId.get(people.participants[0]!.id)?.may_coach).toBe(false);
    expect(byId.get(people.admin.id)?.may_author).toBe(true);
    expect(
      usersAfter.every((user) => user.member_since === null && user.deactivated_at === null),
    ).toBe(true);

    const organization = await db
      .selectFrom('organization')
      .selectAll()
      .where('id', '=', people.organization.id)
      .executeTakeFirstOrThrow();
    expect(organization.nonmember_fee_cents).toBe(12500);
    expect(Number(organization.default_completion_hours)).toBe(15);
    expect(Number(organization.default_attainment_hours)).toBe(5);
    expect(organization.password_sign_in).toBe(true);
  });
});
