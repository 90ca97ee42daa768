import type { AppLoadContext } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import { oidcKinds, type OidcKind } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { readFormData } from '../http/form.server';
import { isUuid } from '../utils/ids';
import { sealSecret } from '../security/secrets.server';
import { discoverProvider, describeDiscoveryFailure, isAllowedIssuerUrl } from './provider.server';

export const KIND_LABELS: Record<OidcKind, string> = {
  google: 'Google',
  microsoft: 'Microsoft',
  oidc: 'Another OpenID Connect provider',
};

/** the issuer each kind usually has, shown as a hint on the form */
export const ISSUER_HINTS: Record<OidcKind, string> = {
  google: 'https://accounts.google.com',
  microsoft: 'https://login.microsoftonline.com/<your tenant id>/v2.0',
  oidc: 'the provider’s issuer URL, e.g. https://launchpad.classlink.com',
};

export const MAX_DOMAINS = 20;

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "school.org, @district.k12.pa.us" → ['school.org', 'district.k12.pa.us'], or null if one is not a domain */
export function parseDomains(text: string) {
  const domains = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  if (domains.some((domain) => !DOMAIN_PATTERN.test(domain))) return null;
  return [...new Set(domains)];
}

const text = (max: number, missing: string, tooLong: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, tooLong);

export const SaveConnectionSchema = z
  .object({
    intent: z.literal('save'),
    connectionId: z
      .string()
      .optional()
      .refine(
        (value) => value === undefined || isUuid(value),
        'That provider is not one of yours.',
      ),
    kind: z.enum(oidcKinds, { error: 'Choose Google, Microsoft or another provider.' }),
    displayName: z
      .string()
      .trim()
      .max(60, 'Keep the name to 60 characters.')
      .optional()
      .transform((value) => value || undefined),
    issuer: text(500, 'Enter the issuer URL.', 'That URL is too long.').refine(
      isAllowedIssuerUrl,
      'Enter the issuer as an https:// URL, e.g. https://accounts.google.com.',
    ),
    clientId: text(
      500,
      'Enter the client id the provider gave you.',
      'That client id is too long.',
    ),
    clientSecret: z
      .string()
      .max(1000, 'That client secret is too long.')
      .optional()
      .transform((value) => value?.trim() || undefined),
    domains: z
      .string({ error: 'Enter at least one email domain, e.g. school.org.' })
      .max(2000, 'That list is too long.')
      .transform((value, ctx) => {
        const domains = parseDomains(value);
        if (!domains) {
          ctx.addIssue({
            code: 'custom',
            message: 'Enter domains like school.org, separated by commas or spaces.',
          });
          return z.NEVER;
        }
        if (domains.length === 0) {
          ctx.addIssue({
            code: 'custom',
            message: 'Enter at least one email domain, e.g. school.org.',
          });
          return z.NEVER;
        }
        if (domains.length > MAX_DOMAINS) {
          ctx.addIssue({ code: 'custom', message: `List at most ${MAX_DOMAINS} domains.` });
          return z.NEVER;
        }
        return domains;
      }),
    enabled: z
      .enum(['on'], { error: 'Tick the box or leave it empty.' })
      .optional()
      .transform((value) => value === 'on'),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'oidc' && !value.displayName) {
      ctx.addIssue({
        code: 'custom',
        path: ['displayName'],
        message: 'Enter the name people know this provider by, e.g. ClassLink.',
      });
    }
    if (!value.connectionId && !value.clientSecret) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecret'],
        message: 'Enter the client secret the provider gave you.',
      });
    }
  });

export const PasswordSignInSchema = z.object({
  intent: z.literal('password-sign-in'),
  passwordSignIn: z.enum(['on', 'off'], { error: 'Choose on or off.' }),
});

export const SignInSettingsSchema = z.discriminatedUnion(
  'intent',
  [SaveConnectionSchema, PasswordSignInSchema],
  { error: 'That change was not understood, so nothing changed. Reload the page and try again.' },
);

export interface ConnectionSummary {
  id: string;
  kind: OidcKind;
  displayName: string;
  issuer: string;
  clientId: string;
  enabled: boolean;
  domains: string[];
  linkedPeople: number;
  updatedAt: Date;
}

/** The organization's providers, for its admin (the sealed secret is never selected). */
export async function listConnections(
  db: DB,
  organizationId: string,
): Promise<ConnectionSummary[]> {
  const rows = await db
    .selectFrom('oidc_connection as c')
    .select([
      'c.id',
      'c.kind',
      'c.display_name as displayName',
      'c.issuer',
      'c.client_id as clientId',
      'c.enabled',
      'c.updated_at as updatedAt',
      sql<string[] | null>`(select array_agg(d.domain order by d.domain)
        from oidc_connection_domain d where d.connection_id = c.id)`.as('domains'),
      sql<string>`(select count(*) from oidc_identity i where i.connection_id = c.id)`.as(
        'linkedPeople',
      ),
    ])
    .where('c.organization_id', '=', organizationId)
    .orderBy('c.created_at')
    .execute();
  return rows.map((row) => ({
    ...row,
    domains: row.domains ?? [],
    linkedPeople: Number(row.linkedPeople),
  }));
}

export async function getSignInSettings(db: DB, organizationId: string) {
  const organization = await db
    .selectFrom('organization')
    .select(['slug', 'password_sign_in as passwordSignIn'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return { ...organization, connections: await listConnections(db, organizationId) };
}

type FormResult = SubmissionResult<string[]>;

export type SignInSettingsOutcome =
  | { status: 'invalid'; result: FormResult; intent: string | null; connectionId: string | null }
  | { status: 'saved'; message: string };

/** The admin page's action: save a provider, or turn password sign-in on or off. */
export async function submitSignInSettings(
  context: AppLoadContext,
  request: Request,
  admin: SessionUser,
): Promise<SignInSettingsOutcome> {
  const form = await readFormData(request);
  const intent = typeof form.get('intent') === 'string' ? String(form.get('intent')) : null;
  const rawConnectionId = form.get('connectionId');
  const connectionId =
    typeof rawConnectionId === 'string' && isUuid(rawConnectionId) ? rawConnectionId : null;
  const submission = parseWithZod(form, { schema: SignInSettingsSchema });
  const invalid = (result: FormResult): SignInSettingsOutcome => ({
    status: 'invalid',
    result,
    intent,
    connectionId,
  });
  if (submission.status !== 'success') return invalid(submission.reply());
  const value = submission.value;

  if (value.intent === 'password-sign-in') {
    const passwordSignIn = value.passwordSignIn === 'on';
    const changed = await withTransaction(context.db, async (trx) => {
      const organization = await trx
        .selectFrom('organization')
        .select('password_sign_in as passwordSignIn')
        .where('id', '=', admin.organizationId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!passwordSignIn) {
        const enabled = await trx
          .selectFrom('oidc_connection')
          .select('id')
          .where('organization_id', '=', admin.organizationId)
          .where('enabled', '=', true)
          .executeTakeFirst();
        if (!enabled) return 'no-provider' as const;
      }
      if (organization.passwordSignIn === passwordSignIn) return 'unchanged' as const;
      await trx
        .updateTable('organization')
        .set({ password_sign_in: passwordSignIn })
        .where('id', '=', admin.organizationId)
        .execute();
      await recordAudit(trx, {
        organizationId: admin.organizationId,
        actorId: admin.id,
        action: 'organization.password_sign_in_changed',
        targetType: 'organization',
        targetId: admin.organizationId,
        before: { passwordSignIn: organization.passwordSignIn },
        after: { passwordSignIn },
      });
      return 'changed' as const;
    });
    if (changed === 'no-provider') {
      return invalid(
        submission.reply({
          fieldErrors: {
            passwordSignIn: [
              'Turn on a single sign-on provider first: with password sign-in off, people sign in only through one.',
            ],
          },
        }),
      );
    }
    return {
      status: 'saved',
      message: passwordSignIn
        ? 'Password sign-in is on: people may sign in with a password or with single sign-on.'
        : 'Password sign-in is off: people sign in with single sign-on. Org admins may still use their password.',
    };
  }

  const displayName = value.displayName ?? (value.kind === 'oidc' ? '' : KIND_LABELS[value.kind]);
  const issuer = value.issuer.replace(/\/$/, '');
  const existing = value.connectionId
    ? await context.db
        .selectFrom('oidc_connection')
        .select([
          'id',
          'kind',
          'display_name',
          'issuer',
          'client_id',
          'enabled',
          'client_secret_sealed',
        ])
        .where('id', '=', value.connectionId)
        .where('organization_id', '=', admin.organizationId)
        .executeTakeFirst()
    : undefined;
  if (value.connectionId && !existing) {
    return invalid(
      submission.reply({ formErrors: ['That provider is not one of your organization’s.'] }),
    );
  }
  const sealed = value.clientSecret
    ? sealSecret(context.env, value.clientSecret)
    : existing!.client_secret_sealed;

  if (existing?.enabled && !value.enabled) {
    const organization = await context.db
      .selectFrom('organization')
      .select('password_sign_in as passwordSignIn')
      .where('id', '=', admin.organizationId)
      .executeTakeFirstOrThrow();
    const others = await context.db
      .selectFrom('oidc_connection')
      .select('id')
      .where('organization_id', '=', admin.organizationId)
      .where('enabled', '=', true)
      .where('id', '!=', existing.id)
      .executeTakeFirst();
    if (!organization.passwordSignIn && !others) {
      return invalid(
        submission.reply({
          fieldErrors: {
            enabled: [
              'Password sign-in is off and this is your only provider turned on: turn password sign-in on first, or nobody but admins could sign in.',
            ],
          },
        }),
      );
    }
  }

  // a provider is turned on only once Cadre could read its discovery document
  if (value.enabled) {
    try {
      await discoverProvider(context.env, {
        id: existing?.id ?? 'unsaved',
        issuer,
        clientId: value.clientId,
        clientSecretSealed: sealed,
        version: Date.now(),
      });
    } catch (error) {
      return invalid(
        submission.reply({
          fieldErrors: { issuer: [describeDiscoveryFailure(issuer, error)] },
        }),
      );
    }
  }

  const taken = await context.db
    .selectFrom('oidc_connection_domain as d')
    .innerJoin('oidc_connection as c', 'c.id', 'd.connection_id')
    .select('d.domain')
    .where('c.organization_id', '=', admin.organizationId)
    .where('d.domain', 'in', value.domains)
    .$if(Boolean(existing), (query) => query.where('c.id', '!=', existing!.id))
    .executeTakeFirst();
  if (taken) {
    return invalid(
      submission.reply({
        fieldErrors: {
          domains: [
            `${taken.domain} already signs in through another of your providers; each domain uses one.`,
          ],
        },
      }),
    );
  }

  const after = {
    kind: value.kind,
    displayName,
    issuer,
    clientId: value.clientId,
    enabled: value.enabled,
    domains: value.domains,
    clientSecretChanged: Boolean(value.clientSecret),
  };
  await withTransaction(context.db, async (trx) => {
    let id: string;
    if (existing) {
      id = existing.id;
      const beforeDomains = await trx
        .selectFrom('oidc_connection_domain')
        .select('domain')
        .where('connection_id', '=', id)
        .orderBy('domain')
        .execute();
      await trx
        .updateTable('oidc_connection')
        .set({
          kind: value.kind,
          display_name: displayName,
          issuer,
          client_id: value.clientId,
          client_secret_sealed: sealed,
          enabled: value.enabled,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('oidc_connection_domain').where('connection_id', '=', id).execute();
      await recordAudit(trx, {
        organizationId: admin.organizationId,
        actorId: admin.id,
        action: 'sso_connection.updated',
        targetType: 'oidc_connection',
        targetId: id,
        before: {
          kind: existing.kind,
          displayName: existing.display_name,
          issuer: existing.issuer,
          clientId: existing.client_id,
          enabled: existing.enabled,
          domains: beforeDomains.map((row) => row.domain),
        },
        after,
      });
    } else {
      const row = await trx
        .insertInto('oidc_connection')
        .values({
          organization_id: admin.organizationId,
          kind: value.kind,
          display_name: displayName,
          issuer,
          client_id: value.clientId,
          client_secret_sealed: sealed,
          enabled: value.enabled,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
      await recordAudit(trx, {
        organizationId: admin.organizationId,
        actorId: admin.id,
        action: 'sso_connection.created',
        targetType: 'oidc_connection',
        targetId: id,
        after,
      });
    }
    await trx
      .insertInto('oidc_connection_domain')
      .values(value.domains.map((domain) => ({ connection_id: id, domain })))
      .execute();
  });
  return {
    status: 'saved',
    message: `${displayName} is saved${value.enabled ? ' and turned on' : ' and turned off'}.`,
  };
}
