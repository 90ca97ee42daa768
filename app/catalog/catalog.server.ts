import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { isUniqueViolation } from '../../db/errors';
import { recordAudit } from '../audit/audit.server';
import { isUuid } from '../utils/ids';

type Executor = Kysely<Database>;

export const CATALOG_PAGE_SIZE = 24;

const optionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((value) => (value ? value : undefined))
  .catch(undefined);

/** The catalog's filters as they arrive in the URL; anything unreadable is simply ignored. */
export const CatalogFiltersSchema = z.object({
  q: optionalText,
  stack: z
    .string()
    .optional()
    .transform((value) => (value && isUuid(value) ? value : undefined))
    .catch(undefined),
  topic: optionalText,
  audience: optionalText,
  evidence: optionalText,
  data: z.enum(['none', 'needs']).optional().catch(undefined),
  format: optionalText,
  hours: z.coerce.number().int().min(1).max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
});
export type CatalogFilters = z.infer<typeof CatalogFiltersSchema>;

export function readCatalogFilters(url: URL): CatalogFilters {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(CatalogFiltersSchema.shape)) {
    const value = url.searchParams.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  return CatalogFiltersSchema.parse(raw);
}

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

function publishedPrograms(db: Executor, organizationId: string) {
  return db
    .selectFrom('program')
    .where('program.organization_id', '=', organizationId)
    .where('program.status', '=', 'published');
}

/**
 * One page of the organization's published stacks and micro-credentials matching the filters.
 * Stack filters (stack, topic, format) narrow both lists; micro-credential filters (evidence,
 * classroom data, hours, audience, words) narrow the micro-credentials and keep the stacks
 * that still hold one.
 */
export async function searchCatalog(
  db: Executor,
  input: { organizationId: string; filters: CatalogFilters },
) {
  const { filters } = input;
  const page = filters.page ?? 1;
  const credentialFiltered =
    filters.evidence !== undefined ||
    filters.data !== undefined ||
    filters.hours !== undefined ||
    filters.audience !== undefined ||
    filters.q !== undefined;

  let credentials = publishedPrograms(db, input.organizationId).innerJoin(
    'micro_credential',
    'micro_credential.program_id',
    'program.id',
  );
  if (filters.stack) credentials = credentials.where('program.id', '=', filters.stack);
  if (filters.topic) {
    credentials = credentials.where(sql<boolean>`program.topics @> ${sql.val([filters.topic])}`);
  }
  if (filters.format) credentials = credentials.where('program.format', '=', filters.format);
  if (filters.evidence) {
    credentials = credentials.where(
      sql<boolean>`micro_credential.evidence_types @> ${sql.val([filters.evidence])}`,
    );
  }
  if (filters.data) {
    credentials = credentials.where(
      'micro_credential.needs_classroom_data',
      '=',
      filters.data === 'needs',
    );
  }
  if (filters.hours)
    credentials = credentials.where('micro_credential.hours', '<=', String(filters.hours));
  if (filters.audience) {
    credentials = credentials.where(
      sql<boolean>`(micro_credential.audiences @> ${sql.val([filters.audience])} or program.audiences @> ${sql.val([filters.audience])})`,
    );
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    credentials = credentials.where((eb) =>
      eb.or([
        eb('micro_credential.title', 'ilike', pattern),
        eb('micro_credential.description', 'ilike', pattern),
        eb('program.title', 'ilike', pattern),
      ]),
    );
  }

  let stacks = publishedPrograms(db, input.organizationId);
  if (filters.stack) stacks = stacks.where('program.id', '=', filters.stack);
  if (filters.topic)
    stacks = stacks.where(sql<boolean>`program.topics @> ${sql.val([filters.topic])}`);
  if (filters.format) stacks = stacks.where('program.format', '=', filters.format);
  if (credentialFiltered) {
    const matching = credentials.select('program.id');
    stacks = stacks.where((eb) =>
      eb.or([
        eb('program.id', 'in', matching),
        ...(filters.q && !filters.evidence && !filters.data && !filters.hours && !filters.audience
          ? [
              eb('program.title', 'ilike', likePattern(filters.q)),
              eb('program.summary', 'ilike', likePattern(filters.q)),
            ]
          : []),
      ]),
    );
  }

  const [stackRows, credentialRows, total] = await Promise.all([
    stacks
      .select([
        'program.id',
        'program.title',
        'program.summary',
        'program.description',
        'program.topics',
        'program.format',
        'program.hours_per_credential as hoursPerCredential',
        sql<string>`(select count(*) from micro_credential mc where mc.program_id = program.id)`.as(
          'credentialCount',
        ),
      ])
      .orderBy('program.title')
      .limit(50)
      .execute(),
    credentials
      .select([
        'micro_credential.id',
        'micro_credential.title',
        'micro_credential.description',
        'micro_credential.hours',
        'micro_credential.evidence_types as evidenceTypes',
        'micro_credential.needs_classroom_data as needsClassroomData',
        'program.id as programId',
        'program.title as programTitle',
      ])
      .orderBy('micro_credential.title')
      .orderBy('micro_credential.id')
      .limit(CATALOG_PAGE_SIZE)
      .offset((page - 1) * CATALOG_PAGE_SIZE)
      .execute(),
    credentials.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  const count = Number(total.count);
  return {
    stacks: stackRows.map((row) => ({
      ...row,
      summary: row.summary || row.description,
      hoursPerCredential: Number(row.hoursPerCredential),
      credentialCount: Number(row.credentialCount),
    })),
    credentials: credentialRows.map((row) => ({ ...row, hours: Number(row.hours) })),
    credentialTotal: count,
    page,
    pageCount: Math.max(1, Math.ceil(count / CATALOG_PAGE_SIZE)),
  };
}

/** What the filter bar offers: the values the published catalog actually holds. */
export async function getCatalogFilterOptions(db: Executor, organizationId: string) {
  const distinct = async (expression: string) => {
    const rows = await sql<{ value: string }>`
      select distinct value from program
      join micro_credential on micro_credential.program_id = program.id,
      lateral jsonb_array_elements_text(${sql.raw(expression)}) as value
      where program.organization_id = ${organizationId} and program.status = 'published'
      order by value`.execute(db);
    return rows.rows.map((row) => row.value);
  };
  const [topics, evidence, audiences, stacks, formats] = await Promise.all([
    distinct('program.topics'),
    distinct('micro_credential.evidence_types'),
    distinct(`micro_credential.audiences || program.audiences`),
    publishedPrograms(db, organizationId)
      .select(['program.id', 'program.title'])
      .orderBy('program.title')
      .limit(100)
      .execute(),
    publishedPrograms(db, organizationId)
      .select('program.format')
      .distinct()
      .orderBy('program.format')
      .execute(),
  ]);
  return {
    topics,
    evidence,
    audiences,
    stacks,
    formats: formats.map((row) => row.format),
  };
}

/** A published stack of the organization with its micro-credentials, or null. */
export async function getCatalogStack(
  db: Executor,
  input: { organizationId: string; programId: string; userId: string },
) {
  if (!isUuid(input.programId)) return null;
  const stack = await publishedPrograms(db, input.organizationId)
    .select([
      'program.id',
      'program.title',
      'program.summary',
      'program.description',
      'program.audience',
      'program.topics',
      'program.outcomes',
      'program.audiences',
      'program.grade_levels as gradeLevels',
      'program.format',
      'program.hours_per_credential as hoursPerCredential',
      'program.hours_for_completing as hoursForCompleting',
      'program.hours_for_attaining as hoursForAttaining',
      'program.published_at as publishedAt',
      'program.lineage_id as lineageId',
    ])
    .where('program.id', '=', input.programId)
    .executeTakeFirst();
  if (!stack) return null;
  const { lineageId, ...shown } = stack;
  const [credentials, request, demand] = await Promise.all([
    db
      .selectFrom('micro_credential')
      .select([
        'id',
        'title',
        'description',
        'hours',
        'evidence_types as evidenceTypes',
        'needs_classroom_data as needsClassroomData',
      ])
      .where('program_id', '=', stack.id)
      .orderBy('position')
      .orderBy('title')
      .execute(),
    db
      .selectFrom('catalog_join_request')
      .select(['created_at as createdAt'])
      .where('lineage_id', '=', lineageId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst(),
    countJoinRequests(db, lineageId),
  ]);
  return {
    ...shown,
    hoursPerCredential: Number(stack.hoursPerCredential),
    hoursForCompleting: Number(stack.hoursForCompleting),
    hoursForAttaining: Number(stack.hoursForAttaining),
    publishedAt: stack.publishedAt ? new Date(stack.publishedAt).toISOString() : null,
    credentials: credentials.map((row) => ({ ...row, hours: Number(row.hours) })),
    joinRequestedAt: request ? new Date(request.createdAt).toISOString() : null,
    demand,
  };
}

/** Demand for a stack counts every version's askers: a request belongs to the lineage. */
async function countJoinRequests(db: Executor, lineageId: string) {
  const row = await db
    .selectFrom('catalog_join_request')
    .select(sql<string>`count(*)`.as('count'))
    .where('lineage_id', '=', lineageId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A published micro-credential of the organization with its stack and rubric, or null. */
export async function getCatalogCredential(
  db: Executor,
  input: { organizationId: string; credentialId: string },
) {
  if (!isUuid(input.credentialId)) return null;
  const credential = await publishedPrograms(db, input.organizationId)
    .innerJoin('micro_credential', 'micro_credential.program_id', 'program.id')
    .select([
      'micro_credential.id',
      'micro_credential.code',
      'micro_credential.title',
      'micro_credential.description',
      'micro_credential.evidence_requirements as evidenceRequirements',
      'micro_credential.competency_statement as competencyStatement',
      'micro_credential.key_method as keyMethod',
      'micro_credential.hours',
      'micro_credential.evidence_types as evidenceTypes',
      'micro_credential.needs_classroom_data as needsClassroomData',
      'micro_credential.audiences',
      'program.id as programId',
      'program.title as programTitle',
      'program.summary as programSummary',
      'program.topics',
      'program.format',
      'program.audiences as programAudiences',
    ])
    .where('micro_credential.id', '=', input.credentialId)
    .executeTakeFirst();
  if (!credential) return null;
  const criteria = await db
    .selectFrom('rubric_criterion')
    .select(['id', 'title', 'meets_description as meetsDescription'])
    .where('micro_credential_id', '=', credential.id)
    .orderBy('position')
    .execute();
  return {
    ...credential,
    hours: Number(credential.hours),
    audiences: credential.audiences.length > 0 ? credential.audiences : credential.programAudiences,
    criteria,
  };
}

export const JoinRequestSchema = z.object({
  intent: z.literal('join', { error: 'That request was not understood; reload the page.' }),
  note: z
    .string()
    .trim()
    .max(500, 'Keep the note under 500 characters.')
    .optional()
    .transform((value) => value ?? ''),
});

/**
 * Asks to join the next cohort of a published stack: one request per person per stack
 * (its lineage, whatever the version on show), so a second ask changes nothing and says so.
 */
export async function submitJoinRequest(
  db: Executor,
  input: { organizationId: string; programId: string; userId: string; form: FormData },
) {
  const submission = parseWithZod(input.form, { schema: JoinRequestSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  if (!isUuid(input.programId)) return { status: 'not-found' as const };
  try {
    return await withTransaction(db, async (trx) => {
      const program = await publishedPrograms(trx, input.organizationId)
        .select(['program.id', 'program.title', 'program.lineage_id as lineageId'])
        .where('program.id', '=', input.programId)
        .executeTakeFirst();
      if (!program) return { status: 'not-found' as const };
      const existing = await trx
        .selectFrom('catalog_join_request')
        .select('id')
        .where('lineage_id', '=', program.lineageId)
        .where('user_id', '=', input.userId)
        .executeTakeFirst();
      if (existing) return { status: 'already' as const, title: program.title };
      const created = await trx
        .insertInto('catalog_join_request')
        .values({
          organization_id: input.organizationId,
          lineage_id: program.lineageId,
          program_id: program.id,
          user_id: input.userId,
          note: submission.value.note,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.userId,
        action: 'catalog.join_requested',
        targetType: 'program',
        targetId: program.id,
        after: { joinRequestId: created.id, note: submission.value.note },
      });
      return { status: 'requested' as const, title: program.title };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'catalog_join_request_once')) {
      return { status: 'already' as const, title: '' };
    }
    throw error;
  }
}

/**
 * Demand per stack for the org admin: how many asked for any version of it, and the latest
 * ask. A stack is shown as its published version (or, if none is, its newest one).
 */
export async function getJoinDemand(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('catalog_join_request')
    .select([
      'lineage_id as lineageId',
      sql<string>`count(*)`.as('requests'),
      sql<Date>`max(created_at)`.as('latest'),
    ])
    .where('organization_id', '=', organizationId)
    .groupBy('lineage_id')
    .execute();
  if (rows.length === 0) return [];
  const shown = await db
    .selectFrom('program')
    .distinctOn('lineage_id')
    .select(['id', 'title', 'lineage_id as lineageId'])
    .where('organization_id', '=', organizationId)
    .where(
      'lineage_id',
      'in',
      rows.map((row) => row.lineageId),
    )
    .orderBy('lineage_id')
    .orderBy(sql`status = 'published'`, 'desc')
    .orderBy('version', 'desc')
    .execute();
  const byLineage = new Map(shown.map((program) => [program.lineageId, program]));
  return rows
    .flatMap((row) => {
      const program = byLineage.get(row.lineageId);
      if (!program) return [];
      return [
        {
          id: program.id,
          title: program.title,
          requests: Number(row.requests),
          latest: new Date(row.latest).toISOString(),
        },
      ];
    })
    .sort((a, b) => b.requests - a.requests || a.title.localeCompare(b.title))
    .slice(0, 100);
}

/** Who asked to join a stack (any of its versions), newest first (one page), for the org admin. */
export async function listJoinRequests(
  db: Executor,
  input: { organizationId: string; programId: string },
) {
  if (!isUuid(input.programId)) return [];
  const rows = await db
    .selectFrom('catalog_join_request')
    .innerJoin('app_user', 'app_user.id', 'catalog_join_request.user_id')
    .select([
      'catalog_join_request.id',
      'app_user.name',
      'app_user.email',
      'catalog_join_request.note',
      'catalog_join_request.created_at as createdAt',
    ])
    .where('catalog_join_request.organization_id', '=', input.organizationId)
    .where('catalog_join_request.lineage_id', '=', (eb) =>
      eb.selectFrom('program').select('lineage_id').where('program.id', '=', input.programId),
    )
    .orderBy('catalog_join_request.created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
}
