import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { formatHours, recordEarningHours, toHours } from '../hours/ledger.server';
import { notify } from '../notifications/notify.server';
import { isUuid } from '../utils/ids';
import { addDataIntegrityProof } from './data-integrity.server';
import { getOrCreateSigningKey } from './keys.server';
import {
  buildOpenBadgeCredential,
  credentialOrigin,
  credentialUrl,
  issuerUrl,
  keyUrl,
  newSalt,
  signCredential,
  type CredentialInput,
} from './open-badges.server';
import { allocateStatusIndex, getSubjectId } from './status-list.server';

type Executor = Kysely<Database>;

export interface EarnedOutcome {
  status: 'recorded' | 'not-earned';
  /** the hours entry made by this call; null when it already existed (or none is due) */
  hoursEntryId: string | null;
  credentialId: string | null;
  /** true when this call issued the credential */
  issued: boolean;
  stackCredentialId: string | null;
}

async function loadEarnedSubmission(db: Executor, submissionId: string) {
  return db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .innerJoin('organization', 'organization.id', 'cohort.organization_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
    .select((eb) => [
      'submission.id',
      'submission.status',
      'submission.earned_at as earnedAt',
      'cohort_member.user_id as userId',
      'app_user.email',
      'cohort.id as cohortId',
      'cohort.name as cohortName',
      'cohort.program_id as programId',
      'organization.id as organizationId',
      'organization.name as organizationName',
      'organization.slug as organizationSlug',
      'micro_credential.id as microCredentialId',
      'micro_credential.code',
      'micro_credential.title',
      'micro_credential.description',
      'micro_credential.evidence_requirements as evidenceRequirements',
      'micro_credential.hours',
      eb
        .selectFrom('score')
        .select(sql<string>`coalesce(score.scored_at, submission.earned_at)`.as('at'))
        .whereRef('score.submission_id', '=', 'submission.id')
        .as('scoredAt'),
    ])
    .where('submission.id', '=', submissionId)
    .executeTakeFirst();
}

async function loadResultsAndEvidence(db: Executor, submissionId: string) {
  const [results, evidence] = await Promise.all([
    db
      .selectFrom('score')
      .innerJoin('score_criterion', 'score_criterion.score_id', 'score.id')
      .innerJoin('rubric_criterion', 'rubric_criterion.id', 'score_criterion.criterion_id')
      .select([
        'rubric_criterion.id as criterionId',
        'rubric_criterion.title',
        'rubric_criterion.meets_description as meetsDescription',
        'score_criterion.result',
      ])
      .where('score.submission_id', '=', submissionId)
      .orderBy('rubric_criterion.position')
      .execute(),
    db
      .selectFrom('evidence_item')
      .select(['id', 'kind', 'label', 'url', 'file_name as fileName'])
      .where('submission_id', '=', submissionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return { results, evidence };
}

async function insertSignedCredential(
  db: Executor,
  input: {
    origin: string;
    organizationId: string;
    userId: string;
    cohortId: string;
    programId: string;
    kind: 'micro-credential' | 'stack';
    microCredentialId: string | null;
    submissionId: string | null;
    hours: number;
    document: Omit<CredentialInput, 'origin' | 'credentialId' | 'subjectId' | 'statusListIndex'>;
  },
) {
  const credentialId = randomUUID();
  const slug = input.document.organization.slug;
  const subjectId = await getSubjectId(db, input);
  const statusListIndex = await allocateStatusIndex(db, input.organizationId);
  const key = await getOrCreateSigningKey(db, input.organizationId, 'RS256');
  const proofKey = await getOrCreateSigningKey(db, input.organizationId, 'EdDSA');
  const unsigned = buildOpenBadgeCredential({
    ...input.document,
    origin: input.origin,
    credentialId,
    subjectId,
    statusListIndex,
  });
  // OB 3.0 §8.2: an embedded proof goes in before the JWT is made, so both forms carry it
  const document = await addDataIntegrityProof(unsigned, {
    privateJwk: proofKey.privateJwk,
    keyId: keyUrl(input.origin, slug, proofKey.id),
    controller: issuerUrl(input.origin, slug),
    created: input.document.validFrom,
  });
  const jwt = await signCredential(document, {
    privateKey: key.privateKey,
    kid: keyUrl(input.origin, slug, key.id),
  });
  const inserted = await db
    .insertInto('credential')
    .values({
      id: credentialId,
      organization_id: input.organizationId,
      user_id: input.userId,
      cohort_id: input.cohortId,
      program_id: input.programId,
      kind: input.kind,
      micro_credential_id: input.microCredentialId,
      submission_id: input.submissionId,
      title: input.document.achievement.name,
      hours: input.hours,
      issued_at: input.document.validFrom,
      signing_key_id: key.id,
      document,
      jwt,
      origin: input.origin,
      status_list_index: statusListIndex,
    })
    .onConflict((oc) =>
      input.kind === 'stack'
        ? oc.columns(['user_id', 'program_id']).where('kind', '=', sql.lit('stack')).doNothing()
        : oc
            .columns(['user_id', 'micro_credential_id'])
            .where('kind', '=', sql.lit('micro-credential'))
            .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/**
 * Everything earning a micro-credential gives, each exactly once however often it is
 * called: the micro-credential's hours in the ledger, the signed OpenBadgeCredential, and
 * the program's stack credential once every micro-credential of the program is earned.
 * Call it inside the scoring transaction after the submission is marked earned.
 */
export async function recordEarnedMicroCredential(
  db: Executor,
  input: { submissionId: string; actorId: string | null; origin?: string | null },
): Promise<EarnedOutcome> {
  const none: EarnedOutcome = {
    status: 'not-earned',
    hoursEntryId: null,
    credentialId: null,
    issued: false,
    stackCredentialId: null,
  };
  if (!isUuid(input.submissionId)) return none;
  return withTransaction(db, async (trx) => {
    const earned = await loadEarnedSubmission(trx, input.submissionId);
    if (!earned || earned.status !== 'earned' || !earned.earnedAt) return none;
    const hours = toHours(earned.hours);
    const hoursEntryId = await recordEarningHours(trx, {
      organizationId: earned.organizationId,
      userId: earned.userId,
      cohortId: earned.cohortId,
      microCredentialId: earned.microCredentialId,
      submissionId: earned.id,
      hours,
      reason: `Earned the micro-credential ${earned.code} ${earned.title}`,
      actorId: input.actorId,
      earnedAt: new Date(earned.earnedAt),
    });

    let credentialId = await existingCredential(trx, {
      userId: earned.userId,
      microCredentialId: earned.microCredentialId,
    });
    let issued = false;
    if (!credentialId) {
      const { results, evidence } = await loadResultsAndEvidence(trx, earned.id);
      credentialId = await insertSignedCredential(trx, {
        // asked only when something is issued, so a repeat call needs no address
        origin: credentialOrigin(input.origin),
        organizationId: earned.organizationId,
        userId: earned.userId,
        cohortId: earned.cohortId,
        programId: earned.programId,
        kind: 'micro-credential',
        microCredentialId: earned.microCredentialId,
        submissionId: earned.id,
        hours,
        document: {
          organization: { name: earned.organizationName, slug: earned.organizationSlug },
          achievement: {
            id: `urn:uuid:${earned.microCredentialId}`,
            name: earned.title,
            description: earned.description,
            criteriaNarrative: earned.evidenceRequirements,
            achievementType: 'MicroCredential',
            humanCode: earned.code,
            creditsAvailable: hours,
          },
          email: earned.email,
          salt: newSalt(),
          validFrom: new Date(earned.earnedAt),
          creditsEarned: hours,
          results,
          // uploaded files are private to the cohort; only links go into the public document
          evidence: evidence
            .filter((item) => item.kind === 'link' && item.url)
            .map((item) => ({ id: item.url!, name: item.label || item.url! })),
        },
      });
      issued = credentialId !== null;
      credentialId ??= await existingCredential(trx, {
        userId: earned.userId,
        microCredentialId: earned.microCredentialId,
      });
      if (issued && credentialId) {
        await notify(trx, {
          userId: earned.userId,
          cohortId: earned.cohortId,
          kind: 'credential.issued',
          title: `You earned ${earned.title} (${formatHours(hours)})`,
          href: `/credentials/${credentialId}`,
        });
      }
    }
    const stackCredentialId = await issueStackIfComplete(trx, {
      origin: input.origin,
      userId: earned.userId,
      email: earned.email,
      programId: earned.programId,
      cohortId: earned.cohortId,
      organization: {
        id: earned.organizationId,
        name: earned.organizationName,
        slug: earned.organizationSlug,
      },
    });
    return { status: 'recorded', hoursEntryId, credentialId, issued, stackCredentialId };
  });
}

async function existingCredential(
  db: Executor,
  input: { userId: string; microCredentialId: string },
) {
  const row = await db
    .selectFrom('credential')
    .select('id')
    .where('user_id', '=', input.userId)
    .where('micro_credential_id', '=', input.microCredentialId)
    .where('kind', '=', 'micro-credential')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The stack credential, issued once every micro-credential of the program is held (and not
 * revoked); it points at each part. Returns its id when it exists.
 */
export async function issueStackIfComplete(
  db: Executor,
  input: {
    /** the address to issue under; APP_ORIGIN when not given */
    origin?: string | null;
    userId: string;
    email: string;
    programId: string;
    cohortId: string;
    organization: { id: string; name: string; slug: string };
  },
): Promise<string | null> {
  const existing = await db
    .selectFrom('credential')
    .select('id')
    .where('user_id', '=', input.userId)
    .where('program_id', '=', input.programId)
    .where('kind', '=', 'stack')
    .executeTakeFirst();
  if (existing) return existing.id;

  const [program, parts] = await Promise.all([
    db
      .selectFrom('program')
      .select(['title', 'description', 'hours_for_completing as hoursForCompleting'])
      .where('id', '=', input.programId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('micro_credential')
      .leftJoin('credential', (join) =>
        join
          .onRef('credential.micro_credential_id', '=', 'micro_credential.id')
          .on('credential.user_id', '=', input.userId)
          .on('credential.kind', '=', 'micro-credential')
          .on('credential.revoked_at', 'is', null),
      )
      .select([
        'micro_credential.code',
        'micro_credential.title',
        'micro_credential.hours',
        'credential.id as credentialId',
        'credential.issued_at as issuedAt',
      ])
      .where('micro_credential.program_id', '=', input.programId)
      .orderBy('micro_credential.position')
      .execute(),
  ]);
  if (parts.length < 2 || parts.some((part) => part.credentialId === null)) return null;

  const origin = credentialOrigin(input.origin);
  const totalHours = parts.reduce((sum, part) => sum + toHours(part.hours), 0);
  const latest = parts.reduce((max, part) => Math.max(max, new Date(part.issuedAt!).getTime()), 0);
  const stackId = await insertSignedCredential(db, {
    origin,
    organizationId: input.organization.id,
    userId: input.userId,
    cohortId: input.cohortId,
    programId: input.programId,
    kind: 'stack',
    microCredentialId: null,
    submissionId: null,
    hours: totalHours,
    document: {
      organization: { name: input.organization.name, slug: input.organization.slug },
      achievement: {
        id: `urn:uuid:${input.programId}`,
        name: `${program.title} (stack)`,
        description:
          program.description ||
          `Every micro-credential of ${program.title}: ${parts.map((part) => part.code).join(', ')}.`,
        criteriaNarrative: `Earn each micro-credential of the stack: ${parts
          .map((part) => `${part.code} ${part.title}`)
          .join('; ')}.`,
        achievementType: 'Certificate',
        creditsAvailable: totalHours,
      },
      email: input.email,
      salt: newSalt(),
      validFrom: new Date(latest),
      creditsEarned: totalHours,
      results: [],
      evidence: parts.map((part) => ({
        id: credentialUrl(origin, part.credentialId!),
        name: `${part.code} ${part.title}`,
        description: 'A micro-credential of this stack',
      })),
    },
  });
  if (!stackId) {
    const raced = await db
      .selectFrom('credential')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('program_id', '=', input.programId)
      .where('kind', '=', 'stack')
      .executeTakeFirst();
    return raced?.id ?? null;
  }
  await db
    .insertInto('credential_part')
    .values(
      parts.map((part) => ({
        stack_credential_id: stackId,
        part_credential_id: part.credentialId!,
      })),
    )
    .execute();
  await notify(db, {
    userId: input.userId,
    cohortId: input.cohortId,
    kind: 'credential.issued',
    title: `You completed the ${program.title} stack`,
    href: `/credentials/${stackId}`,
  });
  return stackId;
}
