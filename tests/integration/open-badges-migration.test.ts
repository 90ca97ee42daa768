import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';

/**
 * The Open Badges conformance migration on a database that already holds a credential signed
 * with the first (Ed25519-only) key: migrated to the migration before it, filled, upgraded.
 */

const MIGRATION = '2026_12_05_0600_open_badges_conformance';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

const backends = emptyDatabaseBackends;

describe.each(backends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('keeps the old credential and key as signed, names its address and gives its earner a subject id', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);
    const people = await buildCohortWithPeople(db, { participants: 1 });
    const cohort = await db
      .selectFrom('cohort')
      .select(['id', 'program_id', 'organization_id'])
      .executeTakeFirstOrThrow();
    const earner = people.participants[0]!;
    // the tables as that migration left them (no origin yet): written through an untyped handle
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema before the migration
    const before = db as unknown as Kysely<any>;
    const { id: keyId } = await before
      .insertInto('signing_key')
      .values({
        organization_id: cohort.organization_id,
        public_jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' },
        private_key_sealed: 'plain:e30',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const document = { id: 'https://old.example.org/credentials/1', name: 'Old badge' };
    await before
      .insertInto('credential')
      .values({
        organization_id: cohort.organization_id,
        user_id: earner.id,
        cohort_id: cohort.id,
        program_id: cohort.program_id,
        kind: 'stack',
        title: 'Old badge',
        signing_key_id: keyId,
        document,
        jwt: 'old.jwt.value',
      })
      .execute();

    await migrateToLatest(db);

    const credential = await db
      .selectFrom('credential')
      .select(['document', 'jwt', 'origin', 'status_list_index', 'signing_key_id'])
      .executeTakeFirstOrThrow();
    expect(credential).toEqual({
      document,
      jwt: 'old.jwt.value',
      origin: 'https://old.example.org',
      status_list_index: null,
      signing_key_id: keyId,
    });
    const subjects = await db.selectFrom('credential_subject').select('user_id').execute();
    expect(subjects).toEqual([{ user_id: earner.id }]);
    // the old Ed25519 key stays current for proofs; an RS256 key now sits beside it
    await db
      .insertInto('signing_key')
      .values({
        organization_id: cohort.organization_id,
        algorithm: 'RS256',
        public_jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
        private_key_sealed: 'plain:e30',
      })
      .execute();
    const keys = await db
      .selectFrom('signing_key')
      .select(['algorithm', 'retired_at'])
      .orderBy('algorithm')
      .execute();
    expect(keys).toEqual([
      { algorithm: 'EdDSA', retired_at: null },
      { algorithm: 'RS256', retired_at: null },
    ]);
  });
});
