import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, HoursSource } from '../../db/schema';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { toHours } from '../hours/ledger.server';
import { administersOrganization } from '../permissions/policy';
import { isUuid } from '../utils/ids';
import { addDataIntegrityProof } from './data-integrity.server';
import { getOrCreateSigningKey, listPublicKeys } from './keys.server';
import {
  checkCredentialJwt,
  CREDENTIAL_CONTEXT,
  dateTime,
  issuerProfile,
  issuerUrl,
  keyUrl,
  OPEN_BADGE_SCHEMA,
  signCredential,
} from './open-badges.server';
import { getSubjectId } from './status-list.server';

type Executor = Kysely<Database>;
type Viewer = Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'> | null;

export const CLR_SCHEMA =
  'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json';

export const CLR_CONTEXT = [
  CREDENTIAL_CONTEXT[0],
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
  CREDENTIAL_CONTEXT[1],
  CREDENTIAL_CONTEXT[2],
] as const;

/** the one-button form that issues a learner record */
export const IssueLearnerRecordSchema = z.object({
  intent: z.literal('issue', { error: 'That action was not understood.' }),
});

export const learnerRecordUrl = (origin: string, id: string) => `${origin}/learner-records/${id}`;

const SOURCES: { source: HoursSource; name: string }[] = [
  { source: 'completion', name: 'Hours for completing the cohort' },
  { source: 'micro-credential', name: 'Hours for earned micro-credentials' },
  { source: 'adjustment', name: 'Adjustments' },
];

/**
 * Issues a participant's Comprehensive Learner Record (1EdTech CLR 2.0): a ClrCredential
 * whose subject holds every Open Badge the organization issued them (as signed, revoked ones
 * left out) and, per cohort, an AchievementCredential of their professional-learning hours
 * with one result per kind of hours. Signed as the badges are: a Data Integrity proof, then
 * the RS256 VC-JWT. Only the person and an admin of their organization may issue it.
 */
export async function issueLearnerRecord(
  db: Executor,
  input: { userId: string; viewer: Viewer; origin: string },
): Promise<{ status: 'issued'; id: string } | { status: 'forbidden' }> {
  if (!input.viewer || !isUuid(input.userId)) return { status: 'forbidden' };
  const person = await db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.id',
      'organization.id as organizationId',
      'organization.name as organizationName',
      'organization.slug',
    ])
    .where('app_user.id', '=', input.userId)
    .executeTakeFirst();
  const viewer = input.viewer;
  if (
    !person ||
    !(viewer.id === person.id || administersOrganization(viewer, person.organizationId))
  ) {
    return { status: 'forbidden' };
  }
  const organization = { name: person.organizationName, slug: person.slug };
  const [badges, hours] = await Promise.all([
    db
      .selectFrom('credential')
      .select(['document'])
      .where('user_id', '=', person.id)
      .where('organization_id', '=', person.organizationId)
      .where('revoked_at', 'is', null)
      .orderBy('issued_at')
      .execute(),
    db
      .selectFrom('hours_entry')
      .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
      .innerJoin('program', 'program.id', 'cohort.program_id')
      .leftJoin('hours_entry as reversed', 'reversed.id', 'hours_entry.reverses_entry_id')
      .select([
        'cohort.id as cohortId',
        'cohort.name as cohortName',
        'program.title as programTitle',
        'hours_entry.source',
        'reversed.source as reversedSource',
        'hours_entry.hours',
        'hours_entry.awarded_at as awardedAt',
      ])
      .where('hours_entry.user_id', '=', person.id)
      .where('hours_entry.organization_id', '=', person.organizationId)
      .orderBy('hours_entry.awarded_at')
      .execute(),
  ]);

  const id = randomUUID();
  const url = learnerRecordUrl(input.origin, id);
  const issuer = issuerProfile(input.origin, organization);
  const subject = `urn:uuid:${await getSubjectId(db, { organizationId: person.organizationId, userId: person.id })}`;
  const now = new Date();
  const proofKey = await getOrCreateSigningKey(db, person.organizationId, 'EdDSA');
  const prove = <T extends object>(document: T) =>
    addDataIntegrityProof(document, {
      privateJwk: proofKey.privateJwk,
      keyId: keyUrl(input.origin, organization.slug, proofKey.id),
      controller: issuerUrl(input.origin, organization.slug),
      created: now,
    });

  const cohorts = new Map<
    string,
    { name: string; title: string; bySource: Map<HoursSource, number>; first: Date; last: Date }
  >();
  for (const row of hours) {
    const cohort = cohorts.get(row.cohortId) ?? {
      name: row.cohortName,
      title: row.programTitle,
      bySource: new Map<HoursSource, number>(),
      first: new Date(row.awardedAt),
      last: new Date(row.awardedAt),
    };
    // a reversal counts against what it reverses
    const source = row.source === 'reversal' ? (row.reversedSource ?? 'adjustment') : row.source;
    cohort.bySource.set(source, (cohort.bySource.get(source) ?? 0) + toHours(row.hours));
    cohort.last = new Date(row.awardedAt);
    cohorts.set(row.cohortId, cohort);
  }
  const hoursAchievementId = `${issuer.id}/achievements/professional-learning-hours`;
  const hoursCredentials = await Promise.all(
    [...cohorts.entries()].map(([cohortId, cohort]) => {
      const total = [...cohort.bySource.values()].reduce((sum, value) => sum + value, 0);
      return prove({
        '@context': [...CREDENTIAL_CONTEXT],
        id: `${url}#hours-${cohortId}`,
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        name: `Professional learning hours: ${cohort.title}, ${cohort.name}`,
        issuer,
        validFrom: dateTime(now),
        credentialSubject: {
          id: subject,
          type: ['AchievementSubject'],
          activityStartDate: dateTime(cohort.first),
          activityEndDate: dateTime(cohort.last),
          creditsEarned: Math.round(total * 100) / 100,
          achievement: {
            id: hoursAchievementId,
            type: ['Achievement'],
            name: 'Professional learning hours',
            description: `Professional-learning hours recorded by ${organization.name}, from its append-only hours ledger.`,
            criteria: {
              narrative:
                'Hours are recorded for completing a cohort and for earning micro-credentials; adjustments and reversals are made as separate entries.',
            },
            achievementType: 'LearningProgram',
            image: issuer.image,
            resultDescription: SOURCES.map(({ source, name }) => ({
              id: `${hoursAchievementId}#${source}`,
              type: ['ResultDescription'],
              name,
              resultType: 'ext:Hours',
            })),
          },
          result: SOURCES.map(({ source }) => ({
            type: ['Result'],
            resultDescription: `${hoursAchievementId}#${source}`,
            value: String(Math.round((cohort.bySource.get(source) ?? 0) * 100) / 100),
          })),
        },
        credentialSchema: [{ id: OPEN_BADGE_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
      });
    }),
  );
  const totalHours = hours.reduce((sum, row) => sum + toHours(row.hours), 0);
  const unsigned = {
    '@context': [...CLR_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: `Comprehensive Learner Record from ${organization.name}`,
    description: `Every Open Badge ${organization.name} issued to this learner and still holds valid, and their professional-learning hours by cohort.`,
    issuer,
    validFrom: dateTime(now),
    credentialSubject: {
      id: subject,
      type: ['ClrSubject'],
      verifiableCredential: [...badges.map((row) => row.document), ...hoursCredentials],
    },
    credentialSchema: [{ id: CLR_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
  };
  const document = await prove(unsigned);
  const key = await getOrCreateSigningKey(db, person.organizationId, 'RS256');
  const jwt = await signCredential(document, {
    privateKey: key.privateKey,
    kid: keyUrl(input.origin, organization.slug, key.id),
  });
  await db
    .insertInto('learner_record')
    .values({
      id,
      organization_id: person.organizationId,
      user_id: person.id,
      signing_key_id: key.id,
      origin: input.origin,
      issued_at: now,
      credential_count: badges.length,
      hours: Math.round(totalHours * 100) / 100,
      document,
      jwt,
    })
    .execute();
  await recordAudit(db, {
    organizationId: person.organizationId,
    actorId: viewer.id,
    action: 'learner-record.issued',
    targetType: 'user',
    targetId: person.id,
    after: { recordId: id, credentials: badges.length, hours: totalHours },
  });
  return { status: 'issued', id };
}

/**
 * A learner record as its public page shows it: who issued it, when, how many badges and
 * hours, and whether the signature holds. The signed files go to the learner and their
 * organization's admins, who hand them on.
 */
export async function getLearnerRecord(
  db: Executor,
  input: { recordId: string | undefined; viewer: Viewer },
) {
  if (!isUuid(input.recordId)) return null;
  const row = await db
    .selectFrom('learner_record')
    .innerJoin('organization', 'organization.id', 'learner_record.organization_id')
    .innerJoin('app_user', 'app_user.id', 'learner_record.user_id')
    .select([
      'learner_record.id',
      'learner_record.user_id as userId',
      'learner_record.organization_id as organizationId',
      'learner_record.issued_at as issuedAt',
      'learner_record.credential_count as credentialCount',
      'learner_record.hours',
      'learner_record.document',
      'learner_record.jwt',
      'organization.name as organizationName',
      'organization.slug',
      'organization.timezone',
      'app_user.name as learnerName',
    ])
    .where('learner_record.id', '=', input.recordId)
    .executeTakeFirst();
  if (!row) return null;
  const viewer = input.viewer;
  const mayDownload =
    !!viewer && (viewer.id === row.userId || administersOrganization(viewer, row.organizationId));
  const check = await checkCredentialJwt(
    row.jwt,
    await listPublicKeys(db, row.organizationId),
    row.document,
  );
  return {
    id: row.id,
    issuer: { name: row.organizationName, slug: row.slug },
    issuedAt: new Date(row.issuedAt).toISOString(),
    timezone: row.timezone,
    credentialCount: row.credentialCount,
    hours: toHours(row.hours),
    learnerName: mayDownload ? row.learnerName : null,
    verification: check,
    mayDownload,
    files: mayDownload ? { document: row.document, jwt: row.jwt } : null,
  };
}
