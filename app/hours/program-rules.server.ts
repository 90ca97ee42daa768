import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { requireUser } from '../auth/session.server';
import { requireOrgAdmin } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { redirectWithToast } from '../utils/toast.server';
import { toHours } from './ledger.server';
import { firstErrorMessage, readFormData } from '../http/form.server';

type Executor = Kysely<Database>;

/** Each program of the organization with its hours rules and its micro-credentials' hours. */
export async function getProgramRules(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('program')
    .select((eb) => [
      'program.id',
      'program.title',
      'program.hours_for_completing as hoursForCompleting',
      'program.hours_for_attaining as hoursForAttaining',
      'program.attendance_threshold_percent as thresholdPercent',
      jsonArrayFrom(
        eb
          .selectFrom('micro_credential')
          .select([
            'micro_credential.id',
            'micro_credential.code',
            'micro_credential.title',
            'micro_credential.hours',
          ])
          .whereRef('micro_credential.program_id', '=', 'program.id')
          .orderBy('micro_credential.position'),
      ).as('microCredentials'),
    ])
    .where('program.organization_id', '=', organizationId)
    .orderBy('program.title')
    .execute();
  return rows.map((row) => ({
    ...row,
    hoursForCompleting: toHours(row.hoursForCompleting),
    hoursForAttaining: toHours(row.hoursForAttaining),
    microCredentials: row.microCredentials.map((item) => ({ ...item, hours: toHours(item.hours) })),
  }));
}

const hoursField = (label: string) =>
  z.coerce
    .number({ error: `Enter the ${label} as a number.` })
    .refine((value) => Number.isFinite(value) && value >= 0 && value <= 500, {
      message: `The ${label} must be between 0 and 500.`,
    })
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, {
      message: 'Use at most two decimals.',
    });

const MICRO_CREDENTIAL_FIELD = 'mc-';

/**
 * A program's hours, and each micro-credential's own from its `mc-<id>` field; those fields
 * are as many as the program has, so they are read from whatever else the form holds.
 */
const RulesSchema = z
  .looseObject({
    programId: z.string({ error: 'Choose a program.' }).refine(isUuid, 'Choose a program.'),
    hoursForCompleting: hoursField('hours for completing'),
    hoursForAttaining: hoursField('hours for earning'),
  })
  .transform((value, context) => {
    const perCredential: { id: string; hours: number }[] = [];
    for (const [name, raw] of Object.entries(value)) {
      if (!name.startsWith(MICRO_CREDENTIAL_FIELD)) continue;
      const id = name.slice(MICRO_CREDENTIAL_FIELD.length);
      // an emptied field is no number, as for the program's own hours
      const hours = hoursField('micro-credential hours').safeParse(raw === '' ? undefined : raw);
      if (!isUuid(id)) {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: 'That micro-credential was not found.',
        });
      } else if (!hours.success) {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: hours.error.issues[0]?.message ?? 'Check the hours.',
        });
      } else {
        perCredential.push({ id, hours: hours.data });
      }
    }
    return {
      programId: value.programId,
      hoursForCompleting: value.hoursForCompleting,
      hoursForAttaining: value.hoursForAttaining,
      perCredential,
    };
  });

/**
 * Saves a program's hours: for completing a cohort, the default for earning a
 * micro-credential, and each micro-credential's own (`mc-<id>` fields). Future awards use
 * them; hours already in the ledger stay as they were. A refusal goes back with a toast.
 */
export async function submitProgramRules(context: AppLoadContext, request: Request) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Hours rules are set by your organization’s admins.');
  const submission = parseWithZod(await readFormData(request), { schema: RulesSchema });
  if (submission.status !== 'success') {
    throw await redirectWithToast('/admin/recognition', {
      kind: 'error',
      message: firstErrorMessage(submission.error, 'Check the hours.'),
    });
  }
  const rules = submission.value;
  const { perCredential } = rules;
  const saved = await withTransaction(context.db, async (trx) => {
    const program = await trx
      .updateTable('program')
      .set({
        hours_for_completing: rules.hoursForCompleting,
        hours_for_attaining: rules.hoursForAttaining,
      })
      .where('id', '=', rules.programId)
      .where('organization_id', '=', user.organizationId)
      .returning(['id', 'title'])
      .executeTakeFirst();
    if (!program) return null;
    for (const item of perCredential) {
      await trx
        .updateTable('micro_credential')
        .set({ hours: item.hours })
        .where('id', '=', item.id)
        .where('program_id', '=', program.id)
        .execute();
    }
    await recordAudit(trx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: 'program.hours_rules_changed',
      targetType: 'program',
      targetId: program.id,
      after: {
        hoursForCompleting: rules.hoursForCompleting,
        hoursForAttaining: rules.hoursForAttaining,
        microCredentials: perCredential,
      },
    });
    return program;
  });
  throw await redirectWithToast('/admin/recognition', {
    kind: saved ? 'success' : 'error',
    message: saved ? `Saved the hours for ${saved.title}.` : 'That program was not found.',
  });
}
