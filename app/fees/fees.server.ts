import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, ScoringFeeStatus } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { getSubmissionFacts } from '../evidence/submission-rows.server';
import { announceSubmitted } from '../evidence/submissions.server';
import { DateRangeSchema } from '../hours/export.server';
import { isUuid } from '../utils/ids';
import { toCsv } from '../utils/csv.server';

type Executor = Kysely<Database>;

export { DateRangeSchema as FeeReportRangeSchema };

export const RecordFeeSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('paid'),
    receipt: z
      .string({ error: 'Enter the receipt or payment reference.' })
      .trim()
      .min(1, 'Enter the receipt or payment reference.')
      .max(100, 'Keep the reference under 100 characters.'),
  }),
  z.object({
    intent: z.literal('waive'),
    reason: z
      .string({ error: 'Say why the fee is waived.' })
      .trim()
      .min(3, 'Say why the fee is waived.')
      .max(500, 'Keep the reason under 500 characters.'),
  }),
]);

function feesOf(db: Executor, organizationId: string) {
  return db
    .selectFrom('scoring_fee')
    .innerJoin('app_user', 'app_user.id', 'scoring_fee.user_id')
    .innerJoin('submission', 'submission.id', 'scoring_fee.submission_id')
    .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .leftJoin('app_user as recorder', 'recorder.id', 'scoring_fee.recorded_by')
    .where('scoring_fee.organization_id', '=', organizationId)
    .select([
      'scoring_fee.id',
      'scoring_fee.status',
      'scoring_fee.amount_cents as amountCents',
      'scoring_fee.receipt_reference as receiptReference',
      'scoring_fee.waived_reason as waivedReason',
      'scoring_fee.recorded_at as recordedAt',
      'scoring_fee.created_at as createdAt',
      'scoring_fee.submission_id as submissionId',
      'app_user.name',
      'app_user.email',
      'micro_credential.title as credentialTitle',
      'submission.attempt',
      'cohort.id as cohortId',
      'cohort.name as cohortName',
      'recorder.name as recordedByName',
    ]);
}

type FeeRow = Awaited<ReturnType<ReturnType<typeof feesOf>['execute']>>[number];

function present(row: FeeRow) {
  return {
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    recordedAt: row.recordedAt ? new Date(row.recordedAt).toISOString() : null,
  };
}

export const FeeListSchema = z.object({
  status: z.enum(['due', 'paid', 'waived', 'all']).catch('due'),
});

/** One page of the organization's fees in a status, oldest due first. */
export async function listFees(
  db: Executor,
  input: { organizationId: string; status: ScoringFeeStatus | 'all' },
) {
  let query = feesOf(db, input.organizationId);
  if (input.status !== 'all') query = query.where('scoring_fee.status', '=', input.status);
  const rows = await query
    .orderBy('scoring_fee.created_at', input.status === 'due' ? 'asc' : 'desc')
    .limit(100)
    .execute();
  const totals = await db
    .selectFrom('scoring_fee')
    .select(['status', sql<string>`count(*)`.as('count')])
    .where('organization_id', '=', input.organizationId)
    .groupBy('status')
    .execute();
  const counts: Record<ScoringFeeStatus, number> = { due: 0, paid: 0, waived: 0 };
  for (const row of totals) counts[row.status] = Number(row.count);
  return { fees: rows.map(present), counts };
}

export async function getFee(db: Executor, input: { organizationId: string; feeId: string }) {
  if (!isUuid(input.feeId)) return null;
  const row = await feesOf(db, input.organizationId)
    .where('scoring_fee.id', '=', input.feeId)
    .executeTakeFirst();
  return row ? present(row) : null;
}

export type RecordFeeOutcome =
  | { status: 'invalid'; result: SubmissionResult<string[]> }
  | { status: 'not-found' }
  | { status: 'already-recorded'; current: ScoringFeeStatus }
  | { status: 'recorded'; as: 'paid' | 'waived'; name: string };

/**
 * Records a due fee as paid (with the receipt reference) or waived (with the reason); only a
 * fee still due can be recorded, once. The submission then reaches the cohort's coaches.
 */
export async function recordFee(
  db: Executor,
  input: {
    organizationId: string;
    actorId: string;
    feeId: string;
    form: FormData;
    appOrigin: string | null;
  },
): Promise<RecordFeeOutcome> {
  const submission = parseWithZod(input.form, { schema: RecordFeeSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid', result: submission.reply() };
  }
  if (!isUuid(input.feeId)) return { status: 'not-found' };
  const value = submission.value;
  return withTransaction(db, async (trx) => {
    const fee = await trx
      .selectFrom('scoring_fee')
      .select(['id', 'status', 'submission_id as submissionId', 'amount_cents as amountCents'])
      .where('id', '=', input.feeId)
      .where('organization_id', '=', input.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!fee) return { status: 'not-found' as const };
    if (fee.status !== 'due') return { status: 'already-recorded' as const, current: fee.status };
    const after =
      value.intent === 'paid'
        ? { status: 'paid' as const, receipt_reference: value.receipt }
        : { status: 'waived' as const, waived_reason: value.reason };
    await trx
      .updateTable('scoring_fee')
      .set({ ...after, recorded_by: input.actorId, recorded_at: new Date() })
      .where('id', '=', fee.id)
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: value.intent === 'paid' ? 'scoring_fee.paid' : 'scoring_fee.waived',
      targetType: 'scoring_fee',
      targetId: fee.id,
      before: { status: 'due', amountCents: fee.amountCents },
      after: { ...after, amountCents: fee.amountCents },
    });
    const facts = await getSubmissionFacts(trx, fee.submissionId);
    if (facts.status === 'submitted') await announceSubmitted(trx, facts, input.appOrigin);
    return { status: 'recorded' as const, as: after.status, name: facts.authorName };
  });
}

export const FEE_CSV_COLUMNS = [
  'period',
  'status',
  'amount',
  'educator_name',
  'email',
  'micro_credential',
  'attempt',
  'cohort',
  'submitted_on',
  'recorded_on',
  'receipt_reference',
  'waived_reason',
  'recorded_by',
  'fee_id',
] as const;

/**
 * The fee report: every fee of submissions made between two days (inclusive, in the
 * organization's time zone), one row each, with its period (the month it fell due), its
 * status and how it was settled; then the totals per period and status.
 */
export async function feeReportCsv(
  db: Executor,
  input: { organizationId: string; from: string; to: string },
) {
  const organization = await db
    .selectFrom('organization')
    .select('timezone')
    .where('id', '=', input.organizationId)
    .executeTakeFirstOrThrow();
  const tz = organization.timezone;
  const day = (column: string) =>
    sql<string>`to_char(${sql.ref(column)} at time zone ${tz}, 'YYYY-MM-DD')`;
  const rows = await feesOf(db, input.organizationId)
    .select([
      sql<string>`to_char(scoring_fee.created_at at time zone ${tz}, 'YYYY-MM')`.as('period'),
      day('scoring_fee.created_at').as('submittedOn'),
      day('scoring_fee.recorded_at').as('recordedOn'),
    ])
    .where(
      sql<boolean>`(scoring_fee.created_at at time zone ${tz})::date between ${input.from}::date and ${input.to}::date`,
    )
    .orderBy('scoring_fee.created_at')
    .orderBy('scoring_fee.id')
    .execute();
  const lines: (string | number | null)[][] = [[...FEE_CSV_COLUMNS]];
  const totals = new Map<string, { count: number; cents: number }>();
  for (const row of rows) {
    lines.push([
      row.period,
      row.status,
      (row.amountCents / 100).toFixed(2),
      row.name,
      row.email,
      row.credentialTitle,
      row.attempt,
      row.cohortName,
      row.submittedOn,
      row.recordedOn,
      row.receiptReference,
      row.waivedReason,
      row.recordedByName,
      row.id,
    ]);
    const key = `${row.period} ${row.status}`;
    const total = totals.get(key) ?? { count: 0, cents: 0 };
    total.count += 1;
    total.cents += row.amountCents;
    totals.set(key, total);
  }
  lines.push([]);
  lines.push(['period', 'status', 'count', 'total']);
  for (const [key, total] of [...totals.entries()].sort()) {
    const [period, status] = key.split(' ');
    lines.push([period!, status!, total.count, (total.cents / 100).toFixed(2)]);
  }
  return toCsv(lines);
}
