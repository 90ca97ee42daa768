import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { reverseEntry, toHours } from '../hours/ledger.server';
import { administersOrganization } from '../permissions/policy';
import { isUuid } from '../utils/ids';
import { listPublicKeys } from './keys.server';
import { checkCredentialJwt, issuerProfile, type OpenBadgeCredential } from './open-badges.server';

type Executor = Kysely<Database>;
type Viewer = Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'> | null;

/** how the person looking at a credential relates to it; decides what they may see and do */
export type CredentialRelation = 'earner' | 'staff' | 'org-admin' | 'public';

async function relationTo(
  db: Executor,
  viewer: Viewer,
  credential: { userId: string; cohortId: string; organizationId: string },
): Promise<CredentialRelation> {
  if (!viewer) return 'public';
  if (viewer.id === credential.userId) return 'earner';
  if (administersOrganization(viewer, credential.organizationId)) return 'org-admin';
  const staff = await db
    .selectFrom('cohort_member')
    .select('id')
    .where('cohort_id', '=', credential.cohortId)
    .where('user_id', '=', viewer.id)
    .where('role', 'in', ['facilitator', 'coach'])
    .where('status', 'in', ['active', 'completed'])
    .executeTakeFirst();
  return staff ? 'staff' : 'public';
}

async function loadCredential(db: Executor, credentialId: string) {
  if (!isUuid(credentialId)) return undefined;
  return db
    .selectFrom('credential')
    .innerJoin('organization', 'organization.id', 'credential.organization_id')
    .innerJoin('app_user', 'app_user.id', 'credential.user_id')
    .innerJoin('cohort', 'cohort.id', 'credential.cohort_id')
    .leftJoin('app_user as revoker', 'revoker.id', 'credential.revoked_by')
    .select([
      'credential.id',
      'credential.kind',
      'credential.title',
      'credential.hours',
      'credential.issued_at as issuedAt',
      'credential.document',
      'credential.jwt',
      'credential.shared_at as sharedAt',
      'credential.revoked_at as revokedAt',
      'credential.revoked_reason as revokedReason',
      'credential.micro_credential_id as microCredentialId',
      'credential.status_list_index as statusListIndex',
      'credential.user_id as userId',
      'credential.cohort_id as cohortId',
      'credential.organization_id as organizationId',
      'organization.name as organizationName',
      'organization.slug as organizationSlug',
      'organization.timezone',
      'app_user.name as earnerName',
      'cohort.name as cohortName',
      'revoker.name as revokedBy',
    ])
    .where('credential.id', '=', credentialId)
    .executeTakeFirst();
}

/**
 * A credential as its public page shows it. Anyone with the link learns whether it is
 * genuine and current; the earner's name, rubric results and evidence appear only when
 * the earner has chosen to share it (or to the earner, their cohort's staff and org admins).
 */
export async function getCredentialPage(
  db: Executor,
  input: { credentialId: string | undefined; viewer: Viewer },
) {
  const row = await loadCredential(db, input.credentialId ?? '');
  if (!row) return null;
  const relation = await relationTo(db, input.viewer, row);
  const shared = row.sharedAt !== null;
  const showDetails = shared || relation !== 'public';
  const keys = await listPublicKeys(db, row.organizationId);
  const check = await checkCredentialJwt(row.jwt, keys, row.document);
  const document = row.document as OpenBadgeCredential;
  const achievement = document.credentialSubject.achievement;
  const criteria = new Map(
    (('resultDescription' in achievement ? achievement.resultDescription : undefined) ?? []).map(
      (description) => [description.id, description.name],
    ),
  );
  const parts =
    row.kind === 'stack'
      ? await db
          .selectFrom('credential_part')
          .innerJoin('credential', 'credential.id', 'credential_part.part_credential_id')
          .select([
            'credential.id',
            'credential.title',
            sql<boolean>`credential.revoked_at is not null`.as('revoked'),
          ])
          .where('credential_part.stack_credential_id', '=', row.id)
          .orderBy('credential.title')
          .execute()
      : [];
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: achievement.description,
    criteria: achievement.criteria.narrative,
    achievementType: achievement.achievementType,
    hours: toHours(row.hours),
    issuedAt: new Date(row.issuedAt).toISOString(),
    timezone: row.timezone,
    issuer: { name: row.organizationName, slug: row.organizationSlug },
    relation,
    shared,
    showDetails,
    earnerName: showDetails ? row.earnerName : null,
    cohortName: showDetails ? row.cohortName : null,
    results: showDetails
      ? document.credentialSubject.result.map((result) => ({
          criterion: criteria.get(result.resultDescription) ?? 'Criterion',
          value: result.value,
        }))
      : [],
    evidence: showDetails && row.kind !== 'stack' ? document.evidence : [],
    parts,
    revoked: row.revokedAt
      ? {
          at: new Date(row.revokedAt).toISOString(),
          reason: row.revokedReason ?? '',
          by: relation === 'org-admin' ? row.revokedBy : null,
        }
      : null,
    verification: check,
    /** whether the revocation list has a bit for it (credentials issued before it had none) */
    listed: row.statusListIndex !== null,
    canRevoke: relation === 'org-admin' && row.revokedAt === null,
    /** what revoking it would touch, for the confirmation */
    revokeEffects:
      relation === 'org-admin' && row.revokedAt === null
        ? await revokeEffects(db, row).then(({ hours, stacks }) => ({ hours, stacks }))
        : { hours: 0, stacks: [] as { id: string; title: string }[] },
    canShare: relation === 'earner',
    downloadable: showDetails,
  };
}

export type CredentialPage = NonNullable<Awaited<ReturnType<typeof getCredentialPage>>>;

/** The signed document and JWT, for whoever may see the details (see getCredentialPage). */
export async function getCredentialDocument(
  db: Executor,
  input: { credentialId: string | undefined; viewer: Viewer },
) {
  const row = await loadCredential(db, input.credentialId ?? '');
  if (!row) return null;
  const relation = await relationTo(db, input.viewer, row);
  if (row.sharedAt === null && relation === 'public') return null;
  return { document: row.document, jwt: row.jwt };
}

const checkbox = z
  .enum(['on'], { error: 'That choice was not understood.' })
  .optional()
  .transform((value) => value === 'on');

export const RevokeSchema = z.object({
  intent: z.literal('revoke'),
  reason: z
    .string({ error: 'Say why the credential is revoked.' })
    .trim()
    .min(3, 'Say why the credential is revoked.')
    .max(500, 'Keep the reason under 500 characters.'),
  /** add one reversal entry for the hours the credential gave */
  reverseHours: checkbox,
  /** revoke the stack credentials that include it too (else they stay, marked) */
  revokeStacks: checkbox,
});

/** the micro-credential's hours entry still standing, and the stacks still including it */
async function revokeEffects(
  db: Executor,
  credential: { id: string; userId: string; microCredentialId: string | null },
) {
  const [entry, stacks] = await Promise.all([
    credential.microCredentialId
      ? db
          .selectFrom('hours_entry')
          .select(['id', 'hours', 'cohort_id as cohortId'])
          .where('user_id', '=', credential.userId)
          .where('micro_credential_id', '=', credential.microCredentialId)
          .where('source', '=', 'micro-credential')
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('hours_entry as reversal')
                  .select('reversal.id')
                  .whereRef('reversal.reverses_entry_id', '=', 'hours_entry.id'),
              ),
            ),
          )
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('credential_part')
      .innerJoin('credential', 'credential.id', 'credential_part.stack_credential_id')
      .select(['credential.id', 'credential.title'])
      .where('credential_part.part_credential_id', '=', credential.id)
      .where('credential.revoked_at', 'is', null)
      .orderBy('credential.title')
      .execute(),
  ]);
  return { hours: entry ? toHours(entry.hours) : 0, entry, stacks };
}

export const ShareSchema = z.object({
  intent: z.literal('share'),
  share: z.enum(['on', 'off'], { error: 'Choose whether to share the credential.' }),
});

export const CredentialActionSchema = z.discriminatedUnion('intent', [RevokeSchema, ShareSchema], {
  error: 'That action was not understood.',
});

export type CredentialActionOutcome =
  | { status: 'revoked' | 'shared' | 'unshared' }
  | { status: 'invalid'; message: string }
  | { status: 'forbidden' };

/**
 * Revocation is an org admin's call; it is kept with its reason and audited, and flips the
 * credential's bit in the public revocation list at once. In the same step the admin may
 * reverse the hours it gave (one compensating ledger entry) and revoke the stack credentials
 * that include it; stacks kept show the revoked part on their page.
 */
export async function revokeCredential(
  db: Executor,
  input: {
    credentialId: string;
    reason: string;
    reverseHours?: boolean;
    revokeStacks?: boolean;
    actor: Viewer;
  },
): Promise<CredentialActionOutcome> {
  return withTransaction(db, async (trx) => {
    const row = await loadCredential(trx, input.credentialId);
    if (!row) return { status: 'invalid', message: 'That credential does not exist.' };
    const actor = input.actor;
    if ((await relationTo(trx, actor, row)) !== 'org-admin' || !actor) {
      return { status: 'forbidden' };
    }
    const effects = await revokeEffects(trx, row);
    const revokedAt = new Date();
    const updated = await trx
      .updateTable('credential')
      .set({ revoked_at: revokedAt, revoked_by: actor.id, revoked_reason: input.reason })
      .where('id', '=', row.id)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return { status: 'invalid', message: 'That credential is already revoked.' };
    let hoursReversed = 0;
    if (input.reverseHours && effects.entry) {
      const reversal = await reverseEntry(trx, {
        cohortId: effects.entry.cohortId,
        entryId: effects.entry.id,
        reason: `Credential revoked: ${input.reason}`.slice(0, 500),
        actor: { id: actor.id, organizationId: row.organizationId },
      });
      if (reversal.status === 'saved') hoursReversed = effects.hours;
    }
    const stacksRevoked: string[] = [];
    if (input.revokeStacks) {
      for (const stack of effects.stacks) {
        const reason = `It included ${row.title}, which was revoked: ${input.reason}`.slice(0, 500);
        const done = await trx
          .updateTable('credential')
          .set({ revoked_at: revokedAt, revoked_by: actor.id, revoked_reason: reason })
          .where('id', '=', stack.id)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (done) stacksRevoked.push(stack.id);
        await recordAudit(trx, {
          organizationId: row.organizationId,
          actorId: actor.id,
          action: 'credential.revoked',
          targetType: 'credential',
          targetId: stack.id,
          after: { title: stack.title, earner: row.earnerName, reason },
        });
      }
    }
    await recordAudit(trx, {
      organizationId: row.organizationId,
      actorId: actor.id,
      action: 'credential.revoked',
      targetType: 'credential',
      targetId: row.id,
      after: {
        title: row.title,
        earner: row.earnerName,
        reason: input.reason,
        hoursReversed,
        stacksRevoked,
        stacksKept: effects.stacks.filter((stack) => !stacksRevoked.includes(stack.id)).length,
      },
    });
    return { status: 'revoked' };
  });
}

/** The earner's consent to show their name, results and evidence on the public page. */
export async function setCredentialSharing(
  db: Executor,
  input: { credentialId: string; share: boolean; actor: Viewer },
): Promise<CredentialActionOutcome> {
  if (!input.actor || !isUuid(input.credentialId)) return { status: 'forbidden' };
  const updated = await db
    .updateTable('credential')
    .set({ shared_at: input.share ? new Date() : null })
    .where('id', '=', input.credentialId)
    .where('user_id', '=', input.actor.id)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return { status: 'forbidden' };
  return { status: input.share ? 'shared' : 'unshared' };
}

/** The issuer's Profile at its stable address, naming where its keys are published. */
export async function getIssuerProfile(db: Executor, input: { slug: string; origin: string }) {
  const organization = await db
    .selectFrom('organization')
    .select(['id', 'name', 'slug'])
    .where('slug', '=', input.slug)
    .executeTakeFirst();
  if (!organization) return null;
  const keys = await listPublicKeys(db, organization.id);
  return { organization, profile: issuerProfile(input.origin, organization), keys };
}
