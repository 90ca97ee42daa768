import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { requireUser, type SessionUser } from '../auth/session.server';
import { administersOrganization, forbidden, notFound } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { redirectWithToast } from '../utils/toast.server';
import { readFormData } from '../http/form.server';
import { isUniqueViolation } from '../../db/errors';

type Executor = Kysely<Database>;

export const MAX_CRITERIA = 8;

/** Only org admins of the program's organization manage its micro-credentials. */
export async function requireProgramAdmin(
  db: Executor,
  request: Request,
  programId: string | undefined,
): Promise<{ user: SessionUser; program: { id: string; title: string; organizationId: string } }> {
  const user = await requireUser(db, request);
  if (!isUuid(programId)) notFound('We could not find that program.');
  const program = await db
    .selectFrom('program')
    .select(['id', 'title', 'organization_id as organizationId'])
    .where('id', '=', programId)
    .executeTakeFirst();
  if (!program) notFound('We could not find that program.');
  if (!administersOrganization(user, program.organizationId)) {
    forbidden('Only an org admin of this organization manages its micro-credentials.');
  }
  return { user, program };
}

export async function getCredentialsAdminView(db: Executor, programId: string) {
  const [credentials, competencies] = await Promise.all([
    db
      .selectFrom('micro_credential')
      .select((eb) => [
        'micro_credential.id',
        'micro_credential.code',
        'micro_credential.title',
        'micro_credential.description',
        'micro_credential.evidence_requirements as evidenceRequirements',
        'micro_credential.hours',
        'micro_credential.competency_id as competencyId',
        jsonArrayFrom(
          eb
            .selectFrom('rubric_criterion')
            .select(['id', 'title', 'meets_description as meetsDescription', 'position'])
            .whereRef('rubric_criterion.micro_credential_id', '=', 'micro_credential.id')
            .orderBy('position'),
        ).as('criteria'),
        eb
          .selectFrom('submission')
          .select(sql<string>`count(*)`.as('count'))
          .whereRef('submission.micro_credential_id', '=', 'micro_credential.id')
          .as('submissions'),
      ])
      .where('micro_credential.program_id', '=', programId)
      .orderBy('micro_credential.position')
      .execute(),
    db
      .selectFrom('competency')
      .select(['id', 'code', 'title'])
      .where('program_id', '=', programId)
      .orderBy('position')
      .execute(),
  ]);
  return {
    credentials: credentials.map((credential) => ({
      ...credential,
      hours: Number(credential.hours),
      submissions: Number(credential.submissions ?? 0),
    })),
    competencies,
  };
}

const text = (max: number, message: string) => z.string().trim().max(max, message);

const CredentialSchema = z.object({
  credentialId: z.union([z.literal(''), z.uuid()]),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'Use 1–20 capital letters, digits or dashes, e.g. CM-1.'),
  title: text(200, 'Keep the title under 200 characters.').min(1, 'Give it a title.'),
  competencyId: z.union([z.literal(''), z.uuid()]),
  description: text(4000, 'Keep the competency statement under 4,000 characters.'),
  evidenceRequirements: text(4000, 'Keep the requirements under 4,000 characters.').min(
    1,
    'Say what evidence is required.',
  ),
  hours: z.coerce
    .number({ message: 'Hours must be a number.' })
    .min(0, 'Hours cannot be negative.')
    .max(1000, 'That is more hours than any credential carries.'),
});

export interface CredentialFormReply {
  errors: Record<string, string>;
  values: Record<string, string>;
}

function parseCriteria(form: FormData, errors: Record<string, string>) {
  const criteria: { id: string | null; title: string; meetsDescription: string }[] = [];
  for (let index = 0; index < MAX_CRITERIA; index += 1) {
    const id = String(form.get(`criterion-${index}-id`) ?? '');
    const title = String(form.get(`criterion-${index}-title`) ?? '').trim();
    const meets = String(form.get(`criterion-${index}-meets`) ?? '').trim();
    if (!title && !meets) {
      if (id) criteria.push({ id, title: '', meetsDescription: '' });
      continue;
    }
    if (!title || !meets) {
      errors[`criterion-${index}`] =
        'Each criterion needs both a title and what “meets” looks like.';
    } else if (title.length > 200 || meets.length > 4000) {
      errors[`criterion-${index}`] =
        'Keep titles under 200 and descriptions under 4,000 characters.';
    }
    criteria.push({ id: isUuid(id) ? id : null, title, meetsDescription: meets });
  }
  if (criteria.filter((criterion) => criterion.title).length === 0) {
    errors.criteria = 'Add at least one rubric criterion.';
  }
  return criteria;
}

/** Creates or edits a micro-credential and its rubric; returns field errors or redirects. */
export async function handleCredentialSave(
  context: AppLoadContext,
  request: Request,
  programId: string | undefined,
) {
  const { user, program } = await requireProgramAdmin(context.db, request, programId);
  const back = `/programs/${program.id}/credentials`;
  const form = await readFormData(request);
  const values = Object.fromEntries(
    [...form.entries()].map(([key, value]) => [key, String(value)]),
  );
  const errors: Record<string, string> = {};
  const parsed = CredentialSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  }
  const criteria = parseCriteria(form, errors);
  if (!parsed.success || Object.keys(errors).length > 0) {
    return data<CredentialFormReply>({ errors, values }, { status: 400 });
  }
  const input = parsed.data;
  if (input.competencyId) {
    const competency = await context.db
      .selectFrom('competency')
      .select('id')
      .where('id', '=', input.competencyId)
      .where('program_id', '=', program.id)
      .executeTakeFirst();
    if (!competency) {
      return data<CredentialFormReply>(
        { errors: { competencyId: 'Choose one of this program’s competencies.' }, values },
        { status: 400 },
      );
    }
  }

  const outcome = await withTransaction(context.db, async (trx) => {
    const row = {
      code: input.code,
      title: input.title,
      competency_id: input.competencyId || null,
      description: input.description,
      evidence_requirements: input.evidenceRequirements,
      hours: input.hours,
    };
    let credentialId = input.credentialId;
    if (credentialId) {
      const updated = await trx
        .updateTable('micro_credential')
        .set(row)
        .where('id', '=', credentialId)
        .where('program_id', '=', program.id)
        .returning('id')
        .executeTakeFirst();
      if (!updated) return { status: 'not-found' as const };
    } else {
      const position = await trx
        .selectFrom('micro_credential')
        .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
        .where('program_id', '=', program.id)
        .executeTakeFirstOrThrow();
      const created = await trx
        .insertInto('micro_credential')
        .values({ ...row, program_id: program.id, position: Number(position.next) })
        .returning('id')
        .executeTakeFirstOrThrow();
      credentialId = created.id;
    }
    const existing = await trx
      .selectFrom('rubric_criterion')
      .select(['id'])
      .where('micro_credential_id', '=', credentialId)
      .execute();
    const existingIds = new Set(existing.map((row) => row.id));
    const kept = criteria.filter((criterion) => criterion.title);
    const removed = existing.filter((row) => !kept.some((criterion) => criterion.id === row.id));
    if (removed.length > 0) {
      const scored = await trx
        .selectFrom('score_criterion')
        .select('criterion_id')
        .where(
          'criterion_id',
          'in',
          removed.map((row) => row.id),
        )
        .executeTakeFirst();
      const critiqued = await trx
        .selectFrom('critique_note')
        .select('criterion_id')
        .where(
          'criterion_id',
          'in',
          removed.map((row) => row.id),
        )
        .executeTakeFirst();
      // partners' and coaches' words about a criterion are never thrown away with it
      if (scored || critiqued) return { status: 'scored-criterion' as const };
      await trx
        .deleteFrom('rubric_criterion')
        .where(
          'id',
          'in',
          removed.map((row) => row.id),
        )
        .execute();
    }
    // positions are unique but deferred, so criteria can be renumbered in place
    for (const [index, criterion] of kept.entries()) {
      if (criterion.id && existingIds.has(criterion.id)) {
        await trx
          .updateTable('rubric_criterion')
          .set({
            title: criterion.title,
            meets_description: criterion.meetsDescription,
            position: index + 1,
          })
          .where('id', '=', criterion.id)
          .execute();
      } else {
        await trx
          .insertInto('rubric_criterion')
          .values({
            micro_credential_id: credentialId,
            title: criterion.title,
            meets_description: criterion.meetsDescription,
            position: index + 1,
          })
          .execute();
      }
    }
    await recordAudit(trx, {
      organizationId: program.organizationId,
      actorId: user.id,
      action: input.credentialId ? 'micro_credential.updated' : 'micro_credential.created',
      targetType: 'micro_credential',
      targetId: credentialId,
      after: { ...row, criteria: kept.map((criterion) => criterion.title) },
    });
    return { status: 'saved' as const };
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) {
      return { status: 'duplicate-code' as const };
    }
    throw error;
  });

  if (outcome.status === 'duplicate-code') {
    return data<CredentialFormReply>(
      { errors: { code: 'Another micro-credential of this program uses that code.' }, values },
      { status: 400 },
    );
  }
  if (outcome.status === 'scored-criterion') {
    return data<CredentialFormReply>(
      {
        errors: {
          criteria:
            'A criterion that has already been critiqued or scored cannot be removed; edit its wording instead.',
        },
        values,
      },
      { status: 400 },
    );
  }
  if (outcome.status === 'not-found') {
    throw await redirectWithToast(back, {
      kind: 'error',
      message: 'That micro-credential no longer exists.',
    });
  }
  throw await redirectWithToast(back, {
    kind: 'success',
    message: `“${input.title}” was saved.`,
  });
}
