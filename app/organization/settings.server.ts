import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { timeZoneList } from '../cohorts/cohort-form.server';
import { forbidden } from '../permissions/permissions.server';
import { rememberBranding } from './branding.server';
import { formatCount } from '../utils/locale';

type Executor = Kysely<Database>;

/** the most a scoring fee can be, in dollars: far above any association's fee, below a typo */
export const MAX_FEE_DOLLARS = 10_000;
/** numeric(6, 2) holds up to 9,999.99; no program gives more than this */
export const MAX_DEFAULT_HOURS = 500;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : null));

/** a decimal with at most two places, written as people write it ("125", "125.50", "$125") */
const decimal = (label: string, max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .transform((value) => value.replace(/^\$/, '').replace(/,/g, ''))
    .pipe(
      z
        .string()
        .regex(/^-?\d+(\.\d{1,2})?$/, `Enter the ${label} as a number such as 12.50.`)
        .transform(Number)
        .pipe(
          z
            .number()
            .min(0, `The ${label} cannot be negative.`)
            .max(max, `The ${label} can be at most ${formatCount(max)}.`),
        ),
    );

const PHONE = /^[+()\d][\d\s().+-]{5,30}(\s*(ext\.?|x)\s*\d{1,6})?$/i;

/** The organization settings form; the same schema gives the page its field errors. */
export function organizationSettingsSchema(timeZones: ReadonlySet<string>) {
  return z.object({
    name: z
      .string({ error: 'Give the organization a name.' })
      .trim()
      .min(1, 'Give the organization a name.')
      .max(120, 'Keep the name under 120 characters.'),
    shortName: optionalText(40, 'Keep the short name to 40 characters or fewer.'),
    timezone: z
      .string({ error: 'Choose a time zone from the list.' })
      .refine((zone) => timeZones.has(zone), 'Choose a time zone from the list.'),
    supportEmail: z
      .string()
      .trim()
      .max(254, 'That email address is too long.')
      .optional()
      .pipe(
        z
          .email('Enter an email address such as help@your-association.org, or leave it empty.')
          .optional(),
      )
      .transform((value) => (value ? value.toLowerCase() : null)),
    supportPhone: z
      .string()
      .trim()
      .optional()
      .refine(
        (value) => !value || PHONE.test(value),
        'Enter a phone number with digits, spaces, dashes or brackets (e.g. 717-555-0100), or leave it empty.',
      )
      .transform((value) => (value ? value : null)),
    signatoryName: optionalText(120, 'Keep the name under 120 characters.'),
    signatoryTitle: optionalText(120, 'Keep the title under 120 characters.'),
    providerName: optionalText(200, 'Keep the provider name under 200 characters.'),
    providerNumber: optionalText(40, 'Keep the provider number to 40 characters or fewer.'),
    nonmemberFee: decimal('fee', MAX_FEE_DOLLARS, 'Enter the fee in dollars (0 for no fee).'),
    defaultCompletionHours: decimal('hours', MAX_DEFAULT_HOURS, 'Enter the hours for completing.'),
    defaultAttainmentHours: decimal('hours', MAX_DEFAULT_HOURS, 'Enter the hours for attaining.'),
  });
}

export interface OrganizationSettings {
  id: string;
  slug: string;
  name: string;
  shortName: string | null;
  timezone: string;
  supportEmail: string | null;
  supportPhone: string | null;
  signatoryName: string | null;
  signatoryTitle: string | null;
  providerName: string | null;
  providerNumber: string | null;
  nonmemberFeeCents: number;
  defaultCompletionHours: number;
  defaultAttainmentHours: number;
  logoKey: string | null;
  logoType: string | null;
  signatureKey: string | null;
  signatureType: string | null;
}

export async function getOrganizationSettings(
  db: Executor,
  organizationId: string,
): Promise<OrganizationSettings | null> {
  const row = await db
    .selectFrom('organization')
    .select([
      'id',
      'slug',
      'name',
      'short_name',
      'timezone',
      'support_email',
      'support_phone',
      'signatory_name',
      'signatory_title',
      'provider_name',
      'provider_number',
      'nonmember_fee_cents',
      'default_completion_hours',
      'default_attainment_hours',
      'logo_key',
      'logo_type',
      'signature_key',
      'signature_type',
    ])
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    shortName: row.short_name,
    timezone: row.timezone,
    supportEmail: row.support_email,
    supportPhone: row.support_phone,
    signatoryName: row.signatory_name,
    signatoryTitle: row.signatory_title,
    providerName: row.provider_name,
    providerNumber: row.provider_number,
    nonmemberFeeCents: row.nonmember_fee_cents,
    defaultCompletionHours: Number(row.default_completion_hours),
    defaultAttainmentHours: Number(row.default_attainment_hours),
    logoKey: row.logo_key,
    logoType: row.logo_type,
    signatureKey: row.signature_key,
    signatureType: row.signature_type,
  };
}

/** the settings as the form shows them: text, dollars rather than cents */
export function settingsFormValues(settings: OrganizationSettings) {
  return {
    name: settings.name,
    shortName: settings.shortName ?? '',
    timezone: settings.timezone,
    supportEmail: settings.supportEmail ?? '',
    supportPhone: settings.supportPhone ?? '',
    signatoryName: settings.signatoryName ?? '',
    signatoryTitle: settings.signatoryTitle ?? '',
    providerName: settings.providerName ?? '',
    providerNumber: settings.providerNumber ?? '',
    nonmemberFee: formatDollars(settings.nonmemberFeeCents),
    defaultCompletionHours: String(settings.defaultCompletionHours),
    defaultAttainmentHours: String(settings.defaultAttainmentHours),
  };
}

export function formatDollars(cents: number) {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}

/** the audited part of the settings: what the form edits, never storage keys */
function auditedValues(settings: OrganizationSettings) {
  const {
    id: _id,
    slug: _slug,
    logoKey,
    signatureKey,
    logoType,
    signatureType,
    ...rest
  } = settings;
  void logoType;
  void signatureType;
  return { ...rest, hasLogo: logoKey !== null, hasSignature: signatureKey !== null };
}

/**
 * The settings form's action: a field error and nothing changed on bad input; otherwise
 * one transaction updates the row under its lock and writes the audit log (before and after).
 */
export async function submitOrganizationSettings(
  context: AppLoadContext,
  form: FormData,
  user: SessionUser,
) {
  const current = await getOrganizationSettings(context.db, user.organizationId);
  if (!current) forbidden('Your organization could not be found.');
  const timeZones = new Set(timeZoneList([current.timezone, 'UTC']));
  const submission = parseWithZod(form, { schema: organizationSettingsSchema(timeZones) });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  const values = submission.value;
  const changed = await withTransaction(context.db, async (trx) => {
    await trx
      .selectFrom('organization')
      .select('id')
      .where('id', '=', user.organizationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const before = (await getOrganizationSettings(trx, user.organizationId))!;
    await trx
      .updateTable('organization')
      .set({
        name: values.name,
        short_name: values.shortName,
        timezone: values.timezone,
        support_email: values.supportEmail,
        support_phone: values.supportPhone,
        signatory_name: values.signatoryName,
        signatory_title: values.signatoryTitle,
        provider_name: values.providerName,
        provider_number: values.providerNumber,
        nonmember_fee_cents: Math.round(values.nonmemberFee * 100),
        // the schema types these generated numeric columns too narrowly for an update
        default_completion_hours: sql`${values.defaultCompletionHours}::numeric`,
        default_attainment_hours: sql`${values.defaultAttainmentHours}::numeric`,
      })
      .where('id', '=', user.organizationId)
      .execute();
    const after = (await getOrganizationSettings(trx, user.organizationId))!;
    const beforeValues = auditedValues(before);
    const afterValues = auditedValues(after);
    const changedKeys = (Object.keys(afterValues) as (keyof typeof afterValues)[]).filter(
      (key) => beforeValues[key] !== afterValues[key],
    );
    if (changedKeys.length === 0) return after;
    await recordAudit(trx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: 'organization.settings_updated',
      targetType: 'organization',
      targetId: user.organizationId,
      before: Object.fromEntries(changedKeys.map((key) => [key, beforeValues[key]])),
      after: Object.fromEntries(changedKeys.map((key) => [key, afterValues[key]])),
    });
    return after;
  });
  rememberBranding(changed);
  return { status: 'saved' as const, result: submission.reply() };
}
