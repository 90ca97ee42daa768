import type { AppLoadContext } from '@remix-run/node';
import { createCookie } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import type { OidcKind } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import {
  createAuthSession,
  deleteAuthSession,
  readAuthSessionId,
  serializeAuthCookie,
} from '../auth/session.server';
import { EmailAddressSchema } from '../auth/sign-in.server';
import { cookiesAreSecure, type Env } from '../env.server';
import { readFormData } from '../http/form.server';
import { appOriginOf } from '../http/origin.server';
import { getLogger } from '../log.server';
import { deriveKey } from '../security/secrets.server';
import { isUuid } from '../utils/ids';
import { safeRedirect } from '../utils/redirect';
import { discoverProvider } from './provider.server';

/** the one address every provider sends people back to; admins register it with the provider */
export const SSO_CALLBACK_PATH = '/sso/callback';
/** how long a person has to finish signing in at the provider */
export const SSO_FLOW_TTL_MS = 10 * 60 * 1000;
const FLOW_COOKIE_NAME = 'cadre_sso';

export function ssoRedirectUri(request: Request, env: Pick<Env, 'APP_ORIGIN'>) {
  return `${appOriginOf(request, env)}${SSO_CALLBACK_PATH}`;
}

/** a button on the sign-in page */
export interface SsoButton {
  connectionId: string;
  kind: OidcKind;
  label: string;
  organizationName: string;
}

function flowCookie(env: Env) {
  return createCookie(FLOW_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookiesAreSecure(env),
    path: '/sso',
    maxAge: SSO_FLOW_TTL_MS / 1000,
    secrets: [deriveKey(env, 'sso-flow-cookie').toString('base64url')],
  });
}

/** what the browser keeps between leaving for the provider and coming back */
const FlowSchema = z.object({
  connectionId: z.string().refine(isUuid),
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  redirectTo: z.string(),
  expiresAt: z.number(),
});
type Flow = z.infer<typeof FlowSchema>;

const buttonColumns = [
  'c.id as connectionId',
  'c.kind',
  'c.display_name as label',
  'o.name as organizationName',
] as const;

/** The enabled providers of the organization with this slug, for /login?org=slug. */
export async function getSsoButtonsForOrganization(db: DB, slug: string): Promise<SsoButton[]> {
  if (slug.length > 100) return [];
  return db
    .selectFrom('oidc_connection as c')
    .innerJoin('organization as o', 'o.id', 'c.organization_id')
    .select(buttonColumns)
    .where('o.slug', '=', slug)
    .where('c.enabled', '=', true)
    .orderBy('c.created_at')
    .execute();
}

/** The enabled providers that accept this email's domain, in any organization. */
export async function getSsoButtonsForEmail(db: DB, email: string): Promise<SsoButton[]> {
  const domain = email.split('@').at(-1)?.toLowerCase() ?? '';
  return db
    .selectFrom('oidc_connection as c')
    .innerJoin('organization as o', 'o.id', 'c.organization_id')
    .innerJoin('oidc_connection_domain as d', 'd.connection_id', 'c.id')
    .select(buttonColumns)
    .where('d.domain', '=', domain)
    .where('c.enabled', '=', true)
    .orderBy('o.name')
    .orderBy('c.created_at')
    .execute();
}

async function loadConnection(db: DB, connectionId: string) {
  return db
    .selectFrom('oidc_connection as c')
    .innerJoin('organization as o', 'o.id', 'c.organization_id')
    .select([
      'c.id',
      'c.organization_id as organizationId',
      'o.name as organizationName',
      'c.kind',
      'c.display_name as displayName',
      'c.issuer',
      'c.client_id as clientId',
      'c.client_secret_sealed as clientSecretSealed',
      'c.enabled',
      'c.updated_at as updatedAt',
    ])
    .where('c.id', '=', connectionId)
    .executeTakeFirst();
}
type Connection = NonNullable<Awaited<ReturnType<typeof loadConnection>>>;

function providerSettings(connection: Connection) {
  return {
    id: connection.id,
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecretSealed: connection.clientSecretSealed,
    version: new Date(connection.updatedAt).getTime(),
  };
}

export const SsoFindSchema = z.object({ intent: z.literal('find'), email: EmailAddressSchema });
export const SsoStartSchema = z.object({
  intent: z.literal('start'),
  connectionId: z.string().refine(isUuid, 'Choose one of the buttons.'),
  email: z.string().max(254).optional(),
  redirectTo: z.string().max(2000).optional(),
});
export const SsoSchema = z.discriminatedUnion('intent', [SsoFindSchema, SsoStartSchema]);

type FormResult = SubmissionResult<string[]>;

export type SsoStartOutcome =
  | { status: 'redirect'; location: string; cookie: string }
  | { status: 'choose'; result: FormResult; buttons: SsoButton[]; email: string }
  | { status: 'invalid'; result: FormResult; httpStatus: 400 | 502 };

/**
 * The /sso form: find the providers for an email's domain (one: go there at once; several:
 * let the person choose), or start signing in with the provider a button names.
 */
export async function submitSsoForm(
  context: AppLoadContext,
  request: Request,
): Promise<SsoStartOutcome> {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: SsoSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid', result: submission.reply(), httpStatus: 400 };
  }
  const value = submission.value;
  let connectionId: string;
  let loginHint: string | undefined;
  if (value.intent === 'find') {
    const buttons = await getSsoButtonsForEmail(context.db, value.email);
    if (buttons.length === 0) {
      const domain = value.email.split('@').at(-1);
      return {
        status: 'invalid',
        httpStatus: 400,
        result: submission.reply({
          fieldErrors: {
            email: [
              `No organization on Cadre signs in people at ${domain} with single sign-on. Sign in with your password, or ask your organization.`,
            ],
          },
        }),
      };
    }
    if (buttons.length > 1) {
      return { status: 'choose', result: submission.reply(), buttons, email: value.email };
    }
    connectionId = buttons[0]!.connectionId;
    loginHint = value.email;
  } else {
    connectionId = value.connectionId;
    const hint = value.email ? EmailAddressSchema.safeParse(value.email) : null;
    loginHint = hint?.success ? hint.data : undefined;
  }

  const connection = await loadConnection(context.db, connectionId);
  if (!connection?.enabled) {
    return {
      status: 'invalid',
      httpStatus: 400,
      result: submission.reply({
        formErrors: [
          'That way of signing in is not available. Choose another, or use your password.',
        ],
      }),
    };
  }
  let config: oidc.Configuration;
  try {
    config = await discoverProvider(context.env, providerSettings(connection));
  } catch (error) {
    getLogger().warn({ err: error, connectionId }, 'sso: provider discovery failed');
    return {
      status: 'invalid',
      httpStatus: 502,
      result: submission.reply({
        formErrors: [
          `${connection.displayName} did not answer. Try again in a minute, or sign in with your password.`,
        ],
      }),
    };
  }

  const flow: Flow = {
    connectionId: connection.id,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    redirectTo: safeRedirect(form.get('redirectTo')),
    expiresAt: Date.now() + SSO_FLOW_TTL_MS,
  };
  const parameters: Record<string, string> = {
    redirect_uri: ssoRedirectUri(request, context.env),
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  };
  if (loginHint) parameters.login_hint = loginHint;
  return {
    status: 'redirect',
    location: oidc.buildAuthorizationUrl(config, parameters).href,
    cookie: await flowCookie(context.env).serialize(flow),
  };
}

export type SsoCallbackOutcome =
  | { status: 'signed-in'; redirectTo: string; cookies: string[] }
  | {
      status: 'refused';
      httpStatus: 400 | 403 | 502;
      title: string;
      message: string;
      cookies: string[];
    };

/**
 * Where the provider sends the person back. The library checks state, PKCE, the ID token's
 * issuer, audience, expiry and nonce; Cadre then checks the person: a link made before, or a
 * verified email in an allowed domain that belongs to an active account of that organization.
 */
export async function finishSsoSignIn(
  context: AppLoadContext,
  request: Request,
): Promise<SsoCallbackOutcome> {
  const cookie = flowCookie(context.env);
  const cleared = await cookie.serialize('', { maxAge: 0, expires: new Date(0) });
  const refuse = (
    httpStatus: 400 | 403 | 502,
    title: string,
    message: string,
  ): SsoCallbackOutcome => ({ status: 'refused', httpStatus, title, message, cookies: [cleared] });
  const notConfirmed = (name: string) =>
    refuse(
      400,
      'We could not confirm this sign-in',
      `${name} sent back an answer Cadre could not verify, so you are not signed in. Start again from the sign-in page.`,
    );

  const url = new URL(request.url);
  const stored = FlowSchema.safeParse(await cookie.parse(request.headers.get('Cookie')));
  if (!stored.success || stored.data.expiresAt < Date.now()) {
    return refuse(
      400,
      'This sign-in has expired',
      'The sign-in took too long, or was started in another browser. Start again from the sign-in page.',
    );
  }
  const flow = stored.data;
  const connection = await loadConnection(context.db, flow.connectionId);
  if (!connection?.enabled) {
    return refuse(
      400,
      'This way of signing in is off',
      'Your organization turned this provider off. Sign in another way, or ask your organization.',
    );
  }
  if (url.searchParams.get('state') !== flow.state) {
    getLogger().warn({ connectionId: connection.id }, 'sso: state does not match');
    return notConfirmed(connection.displayName);
  }
  const providerError = url.searchParams.get('error');
  if (providerError) {
    return refuse(
      400,
      'Sign-in cancelled',
      providerError === 'access_denied'
        ? `You did not finish signing in with ${connection.displayName}. Start again from the sign-in page.`
        : `${connection.displayName} did not sign you in. Start again from the sign-in page, or ask your organization.`,
    );
  }

  let claims: Record<string, unknown>;
  try {
    const config = await discoverProvider(context.env, providerSettings(connection));
    const currentUrl = new URL(`${ssoRedirectUri(request, context.env)}${url.search}`);
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) return notConfirmed(connection.displayName);
    claims = { ...idToken };
    if (typeof claims.email !== 'string' && tokens.access_token) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...info, ...idToken };
    }
  } catch (error) {
    getLogger().warn(
      { err: error, code: (error as { code?: unknown }).code, connectionId: connection.id },
      'sso: the provider’s answer was refused',
    );
    return notConfirmed(connection.displayName);
  }

  const outcome = await matchPerson(context.db, connection, claims);
  if (outcome.status === 'refused') {
    return refuse(outcome.httpStatus, outcome.title, outcome.message);
  }

  const previous = await readAuthSessionId(request.headers.get('Cookie'));
  if (previous) await deleteAuthSession(context.db, previous);
  const authSessionId = await createAuthSession(context.db, {
    userId: outcome.userId,
    userAgent: request.headers.get('user-agent'),
    ipAddress: context.clientIp,
  });
  await context.db
    .updateTable('app_user')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id', '=', outcome.userId)
    .execute();
  return {
    status: 'signed-in',
    redirectTo: safeRedirect(flow.redirectTo),
    cookies: [
      cleared,
      await serializeAuthCookie(authSessionId, { secure: cookiesAreSecure(context.env) }),
    ],
  };
}

type MatchOutcome =
  | { status: 'matched'; userId: string }
  | { status: 'refused'; httpStatus: 403; title: string; message: string };

/**
 * Email verification: `email_verified` true, as Google and OpenID providers send it.
 * Microsoft Entra sends no such claim; its optional `xms_edov` claim says the domain owner
 * verified the address, and counts only for a Microsoft provider.
 */
function emailIsVerified(kind: OidcKind, claims: Record<string, unknown>) {
  if (claims.email_verified === true) return true;
  return kind === 'microsoft' && (claims.xms_edov === true || claims.xms_edov === '1');
}

async function matchPerson(
  db: DB,
  connection: Connection,
  claims: Record<string, unknown>,
): Promise<MatchOutcome> {
  const refused = (title: string, message: string): MatchOutcome => ({
    status: 'refused',
    httpStatus: 403,
    title,
    message,
  });
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const deactivated = refused(
    'Your account is deactivated',
    `Your Cadre account at ${connection.organizationName} is deactivated, so you cannot sign in. Ask your organization’s admin if this is a mistake.`,
  );

  const linked = await db
    .selectFrom('oidc_identity as i')
    .innerJoin('app_user as u', 'u.id', 'i.user_id')
    .select([
      'i.id',
      'u.id as userId',
      'u.deactivated_at as deactivatedAt',
      'u.deleted_at as deletedAt',
    ])
    .where('i.connection_id', '=', connection.id)
    .where('i.subject', '=', subject)
    .executeTakeFirst();
  if (linked) {
    if (linked.deactivatedAt || linked.deletedAt) return deactivated;
    await db
      .updateTable('oidc_identity')
      .set({ last_signed_in_at: sql<Date>`now()` })
      .where('id', '=', linked.id)
      .execute();
    return { status: 'matched', userId: linked.userId };
  }

  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!subject || !email) {
    return refused(
      'No email address from your provider',
      `${connection.displayName} did not tell Cadre your email address, so your account cannot be found. Ask your organization to allow the email scope.`,
    );
  }
  if (!emailIsVerified(connection.kind, claims)) {
    return refused(
      'Your email address is not verified',
      `${connection.displayName} says ${email} is not verified yet, so Cadre cannot match it to an account. Verify it with ${connection.displayName}, then try again.`,
    );
  }
  const domain = email.split('@').at(-1) ?? '';
  const allowed = await db
    .selectFrom('oidc_connection_domain')
    .select('domain')
    .where('connection_id', '=', connection.id)
    .where('domain', '=', domain)
    .executeTakeFirst();
  if (!allowed) {
    return refused(
      'That address cannot sign in here',
      `${connection.organizationName} signs in addresses at its own domains through ${connection.displayName}, and ${domain} is not one of them. Sign in with your organization’s account.`,
    );
  }
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'deactivated_at as deactivatedAt', 'deleted_at as deletedAt'])
    .where(sql`lower(email)`, '=', email)
    .where('organization_id', '=', connection.organizationId)
    .executeTakeFirst();
  if (!user || user.deletedAt) {
    return refused(
      'No Cadre account for this address',
      `No Cadre account for ${email} at ${connection.organizationName}; ask your organization to invite you.`,
    );
  }
  if (user.deactivatedAt) return deactivated;

  const made = await withTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('oidc_identity')
      .values({
        connection_id: connection.id,
        user_id: user.id,
        subject,
        email_at_link: email,
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, {
      organizationId: connection.organizationId,
      actorId: user.id,
      action: 'sso.account_linked',
      targetType: 'app_user',
      targetId: user.id,
      after: { connectionId: connection.id, provider: connection.displayName, email },
    });
    return true;
  });
  if (!made) {
    // the same person signing in twice at once links once; anything else is another account's link
    const link = await db
      .selectFrom('oidc_identity')
      .select('user_id')
      .where('connection_id', '=', connection.id)
      .where('subject', '=', subject)
      .executeTakeFirst();
    if (link?.user_id !== user.id) {
      return refused(
        'This account is linked to another sign-in',
        `Your Cadre account at ${connection.organizationName} is already linked to a different ${connection.displayName} account. Sign in with that one, or ask your organization.`,
      );
    }
  }
  return { status: 'matched', userId: user.id };
}
