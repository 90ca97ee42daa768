import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import type { Database, SubmissionPartKind } from '../../db/schema';
import { isUniqueViolation } from '../../db/errors';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { forbidden, notFound } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { DRAFT_ONLY, lockDraftProgram } from './drafts.server';
import { requireAuthor, type AuthoredProgram } from './programs.server';
import { MicroCredentialSchema } from './schemas.server';

type Executor = Kysely<Database>;

export async function getCredentialForEditing(
  db: Executor,
  programId: string,
  credentialId: string,
) {
  if (!isUuid(credentialId)) return null;
  const credential = await db
    .selectFrom('micro_credential')
    .select([
      'id',
      'code',
      'title',
      'competency_id as competencyId',
      'description',
      'evidence_requirements as evidenceRequirements',
      'competency_statement as competencyStatement',
      'key_method as keyMethod',
      'research',
      'submission_parts as submissionParts',
      'evidence_types as evidenceTypes',
      'needs_classroom_data as needsClassroomData',
      'audiences',
      'hours',
    ])
    .where('id', '=', credentialId)
    .where('program_id', '=', programId)
    .executeTakeFirst();
  if (!credential) return null;
  const criteria = await db
    .selectFrom('rubric_criterion')
    .select(['id', 'part', 'title', 'meets_description as meets', 'not_yet_description as notYet'])
    .where('micro_credential_id', '=', credential.id)
    .orderBy('position')
    .execute();
  return { ...credential, hours: Number(credential.hours), criteria };
}

export type CredentialForEditing = NonNullable<Awaited<ReturnType<typeof getCredentialForEditing>>>;

/**
 * The editor's values. A micro-credential written before the editor had its parts keeps what
 * it had: its description offered as the competency statement, its evidence requirements as
 * the work examples asked for.
 */
export function credentialFormValues(credential: CredentialForEditing) {
  const parts = credential.submissionParts;
  const prompt = (kind: SubmissionPartKind) =>
    parts.find((part) => part.kind === kind)?.prompt ??
    (kind === 'artifact' && parts.length === 0 ? credential.evidenceRequirements : '');
  return {
    code: credential.code,
    title: credential.title,
    competencyId: credential.competencyId ?? '',
    competencyStatement: credential.competencyStatement || credential.description,
    keyMethod: credential.keyMethod,
    research: credential.research,
    overviewPrompt: prompt('overview'),
    artifactPrompt: prompt('artifact'),
    reflectionPrompt: prompt('reflection'),
    evidenceTypes: credential.evidenceTypes,
    needsClassroomData: credential.needsClassroomData ? 'yes' : 'no',
    audiences: credential.audiences,
    hours: String(credential.hours),
    criteria: credential.criteria.map((criterion) => ({
      id: criterion.id,
      part: criterion.part ?? '',
      title: criterion.title,
      meets: criterion.meets,
      notYet: criterion.notYet,
    })),
  };
}

/** what a participant reads under "evidence required", made from the parts and types */
function evidenceSummary(parts: { kind: SubmissionPartKind }[], types: string[]) {
  const names = {
    overview: 'overview questions',
    artifact: 'work examples',
    reflection: 'a reflection',
  };
  return `${parts.map((part) => names[part.kind]).join(', ')}; accepted as: ${types.join(', ')}.`;
}

/** Creates (no `credentialId`) or edits a micro-credential and its rubric in a draft program. */
export async function saveCredential(
  db: Executor,
  form: FormData,
  input: { user: SessionUser; program: AuthoredProgram; credentialId: string | null },
) {
  const submission = parseWithZod(form, { schema: MicroCredentialSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  const values = submission.value;
  const parts = (
    [
      ['overview', values.overviewPrompt],
      ['artifact', values.artifactPrompt],
      ['reflection', values.reflectionPrompt],
    ] as const
  )
    .filter(([, prompt]) => prompt)
    .map(([kind, prompt]) => ({ kind: kind as SubmissionPartKind, prompt }));
  const criteria = values.criteria.filter((row) => row.title || row.meets || row.notYet);
  const row = {
    code: values.code,
    title: values.title,
    competency_id: values.competencyId ?? null,
    description: values.competencyStatement,
    competency_statement: values.competencyStatement,
    key_method: values.keyMethod,
    research: values.research,
    submission_parts: parts,
    evidence_types: values.evidenceTypes,
    evidence_requirements: evidenceSummary(parts, values.evidenceTypes),
    needs_classroom_data: values.needsClassroomData === 'yes',
    audiences: values.audiences,
    hours: values.hours,
  };
  try {
    return await withTransaction(db, async (trx) => {
      if (!(await lockDraftProgram(trx, input.program.id))) {
        return {
          status: 'invalid' as const,
          result: submission.reply({ formErrors: [DRAFT_ONLY] }),
        };
      }
      if (values.competencyId) {
        const competency = await trx
          .selectFrom('competency')
          .select('id')
          .where('id', '=', values.competencyId)
          .where('program_id', '=', input.program.id)
          .executeTakeFirst();
        if (!competency) {
          return {
            status: 'invalid' as const,
            result: submission.reply({
              fieldErrors: { competencyId: ['Choose one of this program’s competencies.'] },
            }),
          };
        }
      }
      let credentialId = input.credentialId;
      if (credentialId) {
        const updated = await trx
          .updateTable('micro_credential')
          .set(row)
          .where('id', '=', credentialId)
          .where('program_id', '=', input.program.id)
          .returning('id')
          .executeTakeFirst();
        if (!updated) return { status: 'missing' as const };
      } else {
        const next = await trx
          .selectFrom('micro_credential')
          .select(sql<number>`coalesce(max(position), 0) + 1`.as('position'))
          .where('program_id', '=', input.program.id)
          .executeTakeFirstOrThrow();
        const created = await trx
          .insertInto('micro_credential')
          .values({ ...row, program_id: input.program.id, position: Number(next.position) })
          .returning('id')
          .executeTakeFirstOrThrow();
        credentialId = created.id;
      }
      // a draft's rubric is nobody's score yet: rewrite it in the order shown
      await trx
        .deleteFrom('rubric_criterion')
        .where('micro_credential_id', '=', credentialId)
        .execute();
      await trx
        .insertInto('rubric_criterion')
        .values(
          criteria.map((criterion, index) => ({
            micro_credential_id: credentialId!,
            position: index + 1,
            part: (criterion.part || null) as SubmissionPartKind | null,
            title: criterion.title,
            meets_description: criterion.meets,
            not_yet_description: criterion.notYet,
          })),
        )
        .execute();
      await recordAudit(trx, {
        organizationId: input.program.organizationId,
        actorId: input.user.id,
        action: input.credentialId ? 'micro_credential.updated' : 'micro_credential.created',
        targetType: 'micro_credential',
        targetId: credentialId,
        after: {
          code: row.code,
          title: row.title,
          hours: row.hours,
          criteria: criteria.map((criterion) => criterion.title),
        },
      });
      return { status: 'saved' as const, credentialId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        status: 'invalid' as const,
        result: submission.reply({
          fieldErrors: { code: ['Another micro-credential of this program uses that code.'] },
        }),
      };
    }
    throw error;
  }
}

export async function deleteCredential(
  db: Executor,
  input: { user: SessionUser; program: AuthoredProgram; credentialId: string },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) return { status: 'refused' as const };
    const used = await trx
      .selectFrom('submission')
      .select('id')
      .where('micro_credential_id', '=', input.credentialId)
      .executeTakeFirst();
    if (used) return { status: 'refused' as const };
    const removed = await trx
      .deleteFrom('micro_credential')
      .where('id', '=', input.credentialId)
      .where('program_id', '=', input.program.id)
      .returning(['code', 'title'])
      .executeTakeFirst();
    if (!removed) return { status: 'missing' as const };
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'micro_credential.deleted',
      targetType: 'micro_credential',
      targetId: input.credentialId,
      before: removed,
    });
    return { status: 'deleted' as const };
  });
}

/**
 * Where the old per-program micro-credential page now leads: the authoring editor of that
 * program version (or of one of its micro-credentials, for `?edit=` and `?new=1`), where
 * changes are made in a draft version. Another organization's program is refused as before.
 */
export async function legacyCredentialsLocation(
  db: Executor,
  request: Request,
  programId: string | undefined,
) {
  const user = await requireAuthor(db, request);
  if (!isUuid(programId)) notFound('We could not find that program.');
  const program = await db
    .selectFrom('program')
    .select(['id', 'organization_id as organizationId'])
    .where('id', '=', programId)
    .executeTakeFirst();
  if (!program) notFound('We could not find that program.');
  if (program.organizationId !== user.organizationId) {
    forbidden('Only an author of this organization manages its micro-credentials.');
  }
  const base = `/authoring/programs/${program.id}`;
  const params = new URL(request.url).searchParams;
  if (params.get('new') === '1') return `${base}/credentials/new`;
  const editing = params.get('edit');
  if (editing && (await getCredentialForEditing(db, program.id, editing))) {
    return `${base}/credentials/${editing}`;
  }
  return base;
}
