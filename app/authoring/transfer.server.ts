import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, ModuleKind, SubmissionPartKind } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { detectFileType, evidenceFileTypes } from '../storage/file-types.server';
import type { Storage } from '../storage/storage.server';
import { AUTHORING_IMAGE_PATH, authoringImagePath, readStored, storeBytes } from './images.server';
import { CODE } from './schemas.server';
import { AUDIENCES, EVIDENCE_TYPES, GRADE_LEVELS, FORMATS } from './vocabulary';

type Executor = Kysely<Database>;

export const EXPORT_FORMAT = 'cadre.program';
export const EXPORT_FORMAT_VERSION = 1;
/** the largest export accepted for import (images travel inside it as base64) */
export const IMPORT_MAX_BYTES = 8 * 1024 * 1024;

/** the ids of the organization's images a text shows */
function imageIdsIn(text: string) {
  return [...text.matchAll(AUTHORING_IMAGE_PATH)].map((match) => match[1]!.toLowerCase());
}

/**
 * One program version as a self-contained JSON document: its details, competencies,
 * modules (Markdown bodies and resources) and micro-credentials with their rubrics, each
 * under its id, so an import elsewhere can keep the ids and the version.
 */
export async function exportProgram(db: Executor, programId: string, storage: Storage) {
  const program = await db
    .selectFrom('program')
    .selectAll()
    .where('id', '=', programId)
    .executeTakeFirstOrThrow();
  const [competencies, modules, links, credentials, criteria] = await Promise.all([
    db
      .selectFrom('competency')
      .select(['id', 'code', 'title', 'description'])
      .where('program_id', '=', programId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('module')
      .select(['id', 'title', 'kind', 'minutes', 'body', 'resources'])
      .where('program_id', '=', programId)
      .orderBy('position')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('module_competency')
      .innerJoin('module', 'module.id', 'module_competency.module_id')
      .innerJoin('competency', 'competency.id', 'module_competency.competency_id')
      .select(['module_competency.module_id', 'module_competency.competency_id'])
      .where('module.program_id', '=', programId)
      .orderBy('competency.position')
      .execute(),
    db
      .selectFrom('micro_credential')
      .selectAll()
      .where('program_id', '=', programId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('rubric_criterion')
      .innerJoin('micro_credential', 'micro_credential.id', 'rubric_criterion.micro_credential_id')
      .select([
        'rubric_criterion.id',
        'rubric_criterion.micro_credential_id',
        'rubric_criterion.part',
        'rubric_criterion.title',
        'rubric_criterion.meets_description',
        'rubric_criterion.not_yet_description',
      ])
      .where('micro_credential.program_id', '=', programId)
      .orderBy('rubric_criterion.position')
      .execute(),
  ]);
  const texts = [
    program.description,
    ...modules.map((module) => module.body),
    ...credentials.map((credential) => credential.research),
  ];
  const imageIds = [...new Set(texts.flatMap(imageIdsIn))];
  const imageRows =
    imageIds.length === 0
      ? []
      : await db
          .selectFrom('authoring_image')
          .select(['id', 'storage_key', 'content_type'])
          .where('organization_id', '=', program.organization_id)
          .where('id', 'in', imageIds)
          .orderBy('id')
          .execute();
  const images = [];
  for (const row of imageRows) {
    const bytes = await readStored(storage, row.storage_key);
    if (bytes) {
      images.push({
        id: row.id,
        contentType: row.content_type,
        data: Buffer.from(bytes).toString('base64'),
      });
    }
  }
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    program: {
      id: program.id,
      lineageId: program.lineage_id,
      version: program.version,
      title: program.title,
      summary: program.summary,
      description: program.description,
      audience: program.audience,
      topics: program.topics,
      outcomes: program.outcomes,
      audiences: program.audiences,
      gradeLevels: program.grade_levels,
      format: program.format,
      hoursPerCredential: Number(program.hours_per_credential),
      hoursForCompleting: Number(program.hours_for_completing),
      hoursForAttaining: Number(program.hours_for_attaining),
    },
    competencies,
    modules: modules.map((module) => ({
      ...module,
      competencyIds: links
        .filter((link) => link.module_id === module.id)
        .map((link) => link.competency_id),
    })),
    microCredentials: credentials.map((credential) => ({
      id: credential.id,
      code: credential.code,
      title: credential.title,
      competencyId: credential.competency_id,
      description: credential.description,
      evidenceRequirements: credential.evidence_requirements,
      competencyStatement: credential.competency_statement,
      keyMethod: credential.key_method,
      research: credential.research,
      submissionParts: credential.submission_parts,
      evidenceTypes: credential.evidence_types,
      needsClassroomData: credential.needs_classroom_data,
      audiences: credential.audiences,
      hours: Number(credential.hours),
      criteria: criteria
        .filter((criterion) => criterion.micro_credential_id === credential.id)
        .map((criterion) => ({
          id: criterion.id,
          part: criterion.part,
          title: criterion.title,
          meets: criterion.meets_description,
          notYet: criterion.not_yet_description,
        })),
    })),
    images,
  };
}

export type ProgramExport = Awaited<ReturnType<typeof exportProgram>>;

const str = (max: number) => z.string().max(max);
const hours = z.number().min(0).max(500);

const ImportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  program: z.object({
    id: z.uuid(),
    lineageId: z.uuid(),
    version: z.number().int().min(1).max(10000),
    title: str(200).trim().min(1),
    summary: str(1000),
    description: str(20000),
    audience: str(1000),
    topics: z.array(str(100)).max(20),
    outcomes: z.array(str(300)).max(20),
    audiences: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length),
    gradeLevels: z.array(z.enum(GRADE_LEVELS)).max(GRADE_LEVELS.length),
    format: z.enum(FORMATS.map((format) => format.value) as [string, ...string[]]),
    hoursPerCredential: hours,
    hoursForCompleting: hours,
    hoursForAttaining: hours,
  }),
  competencies: z
    .array(
      z.object({
        id: z.uuid(),
        code: z.string().regex(CODE),
        title: str(200).trim().min(1),
        description: str(4000),
      }),
    )
    .max(40),
  modules: z
    .array(
      z.object({
        id: z.uuid(),
        title: str(200).trim().min(1),
        kind: z.enum(['online', 'coaching', 'action-plan']),
        minutes: z.number().int().min(1).max(1440),
        body: str(100000),
        resources: z
          .array(
            z.object({
              title: str(200).min(1),
              url: str(2000).regex(/^https?:\/\/\S+$/i),
              embed: z.boolean().optional(),
            }),
          )
          .max(30),
        competencyIds: z.array(z.uuid()).max(40),
      }),
    )
    .max(200),
  microCredentials: z
    .array(
      z.object({
        id: z.uuid(),
        code: z.string().regex(CODE),
        title: str(200).trim().min(1),
        competencyId: z.uuid().nullable(),
        description: str(4000),
        evidenceRequirements: str(4000).min(1),
        competencyStatement: str(4000),
        keyMethod: str(4000),
        research: str(20000),
        submissionParts: z
          .array(
            z.object({
              kind: z.enum(['overview', 'artifact', 'reflection']),
              prompt: str(4000),
            }),
          )
          .max(3),
        evidenceTypes: z.array(z.enum(EVIDENCE_TYPES)).max(EVIDENCE_TYPES.length),
        needsClassroomData: z.boolean(),
        audiences: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length),
        hours,
        criteria: z
          .array(
            z.object({
              id: z.uuid(),
              part: z.enum(['overview', 'artifact', 'reflection']).nullable(),
              title: str(200).min(1),
              meets: str(4000).min(1),
              notYet: str(4000),
            }),
          )
          .max(12),
      }),
    )
    .max(100),
  images: z
    .array(
      z.object({
        id: z.uuid(),
        contentType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
        data: z.base64().max(2 * 1024 * 1024),
      }),
    )
    .max(50)
    .default([]),
});

export type ImportDocument = z.infer<typeof ImportSchema>;

/** Reads an export; a message saying what is wrong when it is not one Cadre can import. */
export function parseImport(
  text: string,
): { status: 'ok'; document: ImportDocument } | { status: 'invalid'; message: string } {
  if (text.length > IMPORT_MAX_BYTES) {
    return { status: 'invalid', message: 'That file is too large to be a program export.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'invalid', message: 'That file is not JSON. Choose a program export.' };
  }
  // PostgreSQL cannot store a NUL character in text
  if (JSON.stringify(json).includes('\\u0000')) {
    return { status: 'invalid', message: 'That file holds characters Cadre cannot store.' };
  }
  const parsed = ImportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      status: 'invalid',
      message: `That file is not a program export Cadre can read (${issue?.path.join('.') || 'format'}: ${issue?.message ?? 'invalid'}).`,
    };
  }
  const document = parsed.data;
  const competencyIds = new Set(document.competencies.map((competency) => competency.id));
  const dangling =
    document.modules.some((module) => module.competencyIds.some((id) => !competencyIds.has(id))) ||
    document.microCredentials.some(
      (credential) =>
        credential.competencyId !== null && !competencyIds.has(credential.competencyId),
    );
  const codes = document.competencies.map((competency) => competency.code);
  const credentialCodes = document.microCredentials.map((credential) => credential.code);
  const ids = [
    document.program.id,
    ...document.competencies.map((row) => row.id),
    ...document.modules.map((row) => row.id),
    ...document.microCredentials.flatMap((row) => [row.id, ...row.criteria.map((c) => c.id)]),
  ];
  if (
    dangling ||
    new Set(codes).size !== codes.length ||
    new Set(credentialCodes).size !== credentialCodes.length ||
    new Set(ids).size !== ids.length
  ) {
    return {
      status: 'invalid',
      message: 'That export contradicts itself (repeated codes or ids, or unknown competencies).',
    };
  }
  return { status: 'ok', document };
}

/** Which of the document's ids are already used in this database (then new ones are made). */
async function takenIds(db: Executor, document: ImportDocument) {
  const lookup = async (
    table:
      | 'program'
      | 'competency'
      | 'module'
      | 'micro_credential'
      | 'rubric_criterion'
      | 'authoring_image',
    ids: string[],
  ) =>
    ids.length === 0
      ? []
      : (await db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map(
          (row) => row.id,
        );
  const taken = await Promise.all([
    lookup('program', [document.program.id]),
    lookup(
      'competency',
      document.competencies.map((row) => row.id),
    ),
    lookup(
      'module',
      document.modules.map((row) => row.id),
    ),
    lookup(
      'micro_credential',
      document.microCredentials.map((row) => row.id),
    ),
    lookup(
      'authoring_image',
      document.images.map((row) => row.id),
    ),
    lookup(
      'rubric_criterion',
      document.microCredentials.flatMap((row) => row.criteria.map((criterion) => criterion.id)),
    ),
  ]);
  const lineage = await db
    .selectFrom('program')
    .select(['organization_id', 'version'])
    .where('lineage_id', '=', document.program.lineageId)
    .execute();
  return { ids: new Set(taken.flat()), lineage };
}

/** What an import would create, for the page to show before anything changes. */
export async function previewImport(
  db: Executor,
  document: ImportDocument,
  organizationId: string,
) {
  const { ids, lineage } = await takenIds(db, document);
  const keepsLineage =
    lineage.every((row) => row.organization_id === organizationId) &&
    !lineage.some((row) => row.version === document.program.version);
  return {
    title: document.program.title,
    version: document.program.version,
    keepsIds: ids.size === 0,
    keepsLineage,
    competencies: document.competencies.map((row) => `${row.code} ${row.title}`),
    modules: document.modules.map((row) => row.title),
    microCredentials: document.microCredentials.map(
      (row) => `${row.code} ${row.title} (${row.criteria.length} rubric criteria)`,
    ),
    images: document.images.length,
  };
}

/**
 * Creates the program as a draft in the importer's organization. Ids and the version are
 * kept when this database does not already use them (an export moved to another Cadre);
 * otherwise fresh ids are made and, if the lineage belongs elsewhere, a new lineage begins.
 */
export async function importProgram(
  db: Executor,
  document: ImportDocument,
  user: SessionUser,
  storage: Storage,
): Promise<{ programId: string }> {
  // the images' bytes must be what they claim before anything is stored
  const images: { id: string; contentType: string; bytes: Uint8Array }[] = [];
  for (const image of document.images) {
    const bytes = new Uint8Array(Buffer.from(image.data, 'base64'));
    const detected = await detectFileType({
      size: () => bytes.byteLength,
      read: async (offset, length) => bytes.subarray(offset, offset + length),
    });
    const type = detected ? (evidenceFileTypes[detected]?.contentType as string) : null;
    if (type !== image.contentType)
      throw new ImportRefused('An image in the export is not what it says.');
    images.push({ ...image, bytes });
  }
  const keys: string[] = [];
  try {
    for (const image of images) keys.push(await storeBytes(storage, image.bytes));
    return await withTransaction(db, (trx) => importRows(trx, document, user, images, keys));
  } catch (error) {
    await Promise.all(keys.map((key) => storage.remove(key)));
    throw error;
  }
}

export class ImportRefused extends Error {}

async function importRows(
  trx: Executor,
  document: ImportDocument,
  user: SessionUser,
  images: { id: string; contentType: string; bytes: Uint8Array }[],
  keys: string[],
) {
  const { ids, lineage } = await takenIds(trx, document);
  const keep = (id: string) => (ids.has(id) ? crypto.randomUUID() : id);
  // images first: a body's image addresses follow the ids the images get here
  const imageIds = new Map<string, string>();
  for (const [index, image] of images.entries()) {
    const id = keep(image.id);
    imageIds.set(image.id.toLowerCase(), id);
    await trx
      .insertInto('authoring_image')
      .values({
        id,
        organization_id: user.organizationId,
        storage_key: keys[index]!,
        content_type: image.contentType,
        byte_size: image.bytes.byteLength,
        created_by: user.id,
      })
      .execute();
  }
  const relink = (text: string) =>
    text.replace(AUTHORING_IMAGE_PATH, (whole, id: string) => {
      const next = imageIds.get(id.toLowerCase());
      return next ? authoringImagePath(next) : whole;
    });
  const keepsLineage =
    lineage.every((row) => row.organization_id === user.organizationId) &&
    !lineage.some((row) => row.version === document.program.version);
  const source = document.program;
  const programId = keep(source.id);
  await trx
    .insertInto('program')
    .values({
      id: programId,
      organization_id: user.organizationId,
      lineage_id: keepsLineage ? source.lineageId : crypto.randomUUID(),
      version: source.version,
      status: 'draft',
      title: source.title,
      summary: source.summary,
      description: relink(source.description),
      audience: source.audience,
      topics: source.topics,
      outcomes: source.outcomes,
      audiences: source.audiences,
      grade_levels: source.gradeLevels,
      format: source.format,
      hours_per_credential: source.hoursPerCredential,
      hours_for_completing: source.hoursForCompleting,
      hours_for_attaining: source.hoursForAttaining,
      created_by: user.id,
    })
    .execute();
  const competencyIds = new Map<string, string>();
  for (const [index, competency] of document.competencies.entries()) {
    const id = keep(competency.id);
    competencyIds.set(competency.id, id);
    await trx
      .insertInto('competency')
      .values({
        id,
        program_id: programId,
        code: competency.code,
        title: competency.title,
        description: competency.description,
        position: index + 1,
      })
      .execute();
  }
  for (const [index, module] of document.modules.entries()) {
    const id = keep(module.id);
    await trx
      .insertInto('module')
      .values({
        id,
        program_id: programId,
        title: module.title,
        kind: module.kind as ModuleKind,
        minutes: module.minutes,
        body: relink(module.body),
        resources: module.resources,
        position: index + 1,
      })
      .execute();
    if (module.competencyIds.length > 0) {
      await trx
        .insertInto('module_competency')
        .values(
          [...new Set(module.competencyIds)].map((competencyId) => ({
            module_id: id,
            competency_id: competencyIds.get(competencyId)!,
          })),
        )
        .execute();
    }
  }
  for (const [index, credential] of document.microCredentials.entries()) {
    const id = keep(credential.id);
    await trx
      .insertInto('micro_credential')
      .values({
        id,
        program_id: programId,
        competency_id: credential.competencyId
          ? (competencyIds.get(credential.competencyId) ?? null)
          : null,
        code: credential.code,
        title: credential.title,
        description: credential.description,
        evidence_requirements: credential.evidenceRequirements,
        competency_statement: credential.competencyStatement,
        key_method: credential.keyMethod,
        research: relink(credential.research),
        submission_parts: credential.submissionParts as {
          kind: SubmissionPartKind;
          prompt: string;
        }[],
        evidence_types: credential.evidenceTypes,
        needs_classroom_data: credential.needsClassroomData,
        audiences: credential.audiences,
        hours: credential.hours,
        position: index + 1,
      })
      .execute();
    if (credential.criteria.length > 0) {
      await trx
        .insertInto('rubric_criterion')
        .values(
          credential.criteria.map((criterion, position) => ({
            id: keep(criterion.id),
            micro_credential_id: id,
            position: position + 1,
            part: criterion.part,
            title: criterion.title,
            meets_description: criterion.meets,
            not_yet_description: criterion.notYet,
          })),
        )
        .execute();
    }
  }
  await recordAudit(trx, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: 'program.imported',
    targetType: 'program',
    targetId: programId,
    after: {
      sourceProgramId: source.id,
      version: source.version,
      keptIds: ids.size === 0,
      keptLineage: keepsLineage,
      images: images.length,
    },
  });
  return { programId };
}
