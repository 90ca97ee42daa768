import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { createLogger } from '../../app/log.server';
import { openSecret } from '../../app/security/secrets.server';
import { buildOrganization, buildUser } from '../../db/builders';
import { BrowserClient } from '../setup/browser-client';
import { HttpClient } from '../setup/http-client';
import {
  startForgingProvider,
  startOidcProvider,
  type ForgingProvider,
  type TestOidcProvider,
} from '../setup/oidc-provider';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'a password for the sso tests';
const SECRETS_KEY = 'a secrets key for the single sign-on tests, long enough';

let server: TestServer;
let provider: TestOidcProvider;
let forging: ForgingProvider;
let organization: { id: string; slug: string; name: string };
let admin: HttpClient;
let connectionId: string;
let forgedConnectionId: string;

/** what the server logged, so a refusal can be traced to the check that made it */
const logLines: string[] = [];
const destination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});

function refusalsLogged() {
  return logLines
    .map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string } })
    .filter((line) => line.msg?.startsWith('sso: the provider'))
    .map((line) => line.err?.message ?? '');
}

async function person(
  email: string,
  options: { organizationId?: string; isOrgAdmin?: boolean; name?: string } = {},
) {
  return buildUser(server.db, {
    organizationId: options.organizationId ?? organization.id,
    email,
    name: options.name,
    isOrgAdmin: options.isOrgAdmin,
    passwordHash: await hashPassword(PASSWORD),
  });
}

async function signedInAdmin(email: string, organizationId: string) {
  await person(email, { organizationId, isOrgAdmin: true });
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

function saveProvider(client: HttpClient, fields: Record<string, string>) {
  return client.post('/admin/sign-in', { intent: 'save', ...fields });
}

async function connectionIdFor(organizationId: string) {
  const row = await server.db
    .selectFrom('oidc_connection')
    .select('id')
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function sessionsOf(email: string) {
  const row = await server.db
    .selectFrom('auth_session')
    .innerJoin('app_user', 'app_user.id', 'auth_session.user_id')
    .select(sql<string>`count(*)`.as('count'))
    .where(sql`lower(app_user.email)`, '=', email.toLowerCase())
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Signs in at the real provider as `email`, starting from Cadre's "enter your work email"
 * form (or a provider's button), and comes back to Cadre, optionally changing the address
 * the provider sends the browser back to.
 */
async function signInThrough(
  email: string,
  options: { start?: Record<string, string>; tamper?: (callback: URL) => URL } = {},
) {
  const browser = new BrowserClient();
  const startUrl = `${server.url}/sso`;
  const started = await browser.post(startUrl, options.start ?? { intent: 'find', email });
  expect(started.status, 'Cadre sends the browser to the provider').toBe(302);
  const atProvider = await browser.follow({ response: started, url: startUrl });
  expect(atProvider.response.status).toBe(200);
  expect(await atProvider.response.text()).toContain('Test provider sign-in');

  const signedIn = await browser.post(atProvider.url, { login: email });
  const isCallback = (next: URL) => next.href.startsWith(`${server.url}/sso/callback`);
  const beforeCallback = await browser.follow(
    { response: signedIn, url: atProvider.url },
    isCallback,
  );
  const location = beforeCallback.response.headers.get('location');
  expect(location, 'the provider sends the browser back to Cadre').toBeTruthy();
  let callback = new URL(location!, beforeCallback.url);
  expect(isCallback(callback)).toBe(true);
  if (options.tamper) callback = options.tamper(callback);
  const response = await browser.get(callback.href);
  return { browser, response, html: response.status === 302 ? '' : await response.text() };
}

/** the same round trip through the forging provider, which answers at once */
async function signInThroughForger() {
  const browser = new BrowserClient();
  const startUrl = `${server.url}/sso`;
  const started = await browser.post(startUrl, {
    intent: 'start',
    connectionId: forgedConnectionId,
  });
  expect(started.status).toBe(302);
  const back = await browser.follow({ response: started, url: startUrl }, (next) =>
    next.href.startsWith(server.url),
  );
  const callback = new URL(back.response.headers.get('location')!, back.url);
  const response = await browser.get(callback.href);
  return { browser, response, html: response.status === 302 ? '' : await response.text() };
}

function expectNotSignedIn(result: { browser: BrowserClient; response: Response }) {
  expect(result.browser.cookie(server.url, AUTH_COOKIE_NAME)).toBeUndefined();
}

beforeAll(async () => {
  server = await startTestServer(
    { SECRETS_KEY },
    { logger: createLogger({ level: 'warn', destination }) },
  );
  provider = await startOidcProvider({ redirectUris: [`${server.url}/sso/callback`] });
  organization = await buildOrganization(server.db, { name: 'Lakeside Education Association' });
  admin = await signedInAdmin('admin@school.test', organization.id);

  forging = await startForgingProvider({ email: 'forged@forged.test' });
  const forgedOrganization = await buildOrganization(server.db, { name: 'Forged District' });
  const forgedAdmin = await signedInAdmin('admin@forged.test', forgedOrganization.id);
  await person('forged@forged.test', { organizationId: forgedOrganization.id });
  const saved = await saveProvider(forgedAdmin, {
    kind: 'oidc',
    displayName: 'Forger',
    issuer: forging.issuer,
    clientId: forging.clientId,
    clientSecret: forging.clientSecret,
    domains: 'forged.test',
    enabled: 'on',
  });
  expect(saved.status).toBe(302);
  forgedConnectionId = await connectionIdFor(forgedOrganization.id);
});

afterAll(async () => {
  await provider?.close();
  await forging?.close();
  await server?.close();
});

describe('an org admin sets up single sign-on', () => {
  it('refuses to turn password sign-in off before any provider is on', async () => {
    const response = await admin.post('/admin/sign-in', {
      intent: 'password-sign-in',
      passwordSignIn: 'off',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Turn on a single sign-on provider first');
    const row = await server.db
      .selectFrom('organization')
      .select('password_sign_in')
      .where('id', '=', organization.id)
      .executeTakeFirstOrThrow();
    expect(row.password_sign_in).toBe(true);
  });

  it('refuses a provider whose issuer is not https, and one with a bad domain list', async () => {
    const plain = await saveProvider(admin, {
      kind: 'google',
      issuer: 'http://accounts.example.org',
      clientId: 'id',
      clientSecret: 'secret',
      domains: 'school.test',
    });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toContain('Enter the issuer as an https:// URL');
    const domains = await saveProvider(admin, {
      kind: 'google',
      issuer: 'https://accounts.google.com',
      clientId: 'id',
      clientSecret: 'secret',
      domains: 'school.test, not a domain!',
    });
    expect(domains.status).toBe(400);
    expect(await domains.text()).toContain('Enter domains like school.org');
    expect(await server.db.selectFrom('oidc_connection').select('id').execute()).toHaveLength(1);
  });

  it('saves the real provider with its secret sealed, and audits it', async () => {
    const response = await saveProvider(admin, {
      kind: 'oidc',
      displayName: 'Lakeside ID',
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      domains: 'School.test @staff.school.test',
      enabled: 'on',
    });
    expect(response.status).toBe(302);
    connectionId = await connectionIdFor(organization.id);
    const row = await server.db
      .selectFrom('oidc_connection')
      .select(['client_secret_sealed', 'enabled', 'display_name'])
      .where('id', '=', connectionId)
      .executeTakeFirstOrThrow();
    expect(row.enabled).toBe(true);
    expect(row.client_secret_sealed).not.toContain(provider.clientSecret);
    expect(row.client_secret_sealed.startsWith('v1:')).toBe(true);
    expect(openSecret({ SECRETS_KEY, NODE_ENV: 'production' }, row.client_secret_sealed)).toBe(
      provider.clientSecret,
    );
    const domains = await server.db
      .selectFrom('oidc_connection_domain')
      .select('domain')
      .where('connection_id', '=', connectionId)
      .orderBy('domain')
      .execute();
    expect(domains.map((domain) => domain.domain)).toEqual(['school.test', 'staff.school.test']);
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_id', '=', connectionId)
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(['sso_connection.created']);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(provider.clientSecret);

    const page = await (await admin.get('/admin/sign-in')).text();
    expect(page).toContain('Lakeside ID');
    expect(page).toContain(`${server.url}/sso/callback`);
    expect(page).not.toContain(provider.clientSecret);
  });

  it('keeps the page to org admins', async () => {
    await person('teacher-not-admin@school.test');
    const teacher = new HttpClient(server.url);
    await teacher.signIn('teacher-not-admin@school.test', PASSWORD);
    expect((await teacher.get('/admin/sign-in')).status).toBe(403);
    const response = await teacher.post('/admin/sign-in', {
      intent: 'password-sign-in',
      passwordSignIn: 'off',
    });
    expect(response.status).toBe(403);
  });

  it('shows the organization’s button on /login?org=slug', async () => {
    const page = await (
      await new HttpClient(server.url).get(`/login?org=${organization.slug}`)
    ).text();
    expect(page).toContain('Sign in with Lakeside ID');
  });
});

describe('signing in through the real provider', () => {
  it('links the account with the same verified email on the first sign-in, then matches the subject', async () => {
    const teacher = await person('ana.teacher@school.test', { name: 'Ana Teacher' });
    const sub = provider.addAccount({ email: 'ana.teacher@school.test' });

    const first = await signInThrough('ana.teacher@school.test');
    expect(first.response.status).toBe(302);
    expect(first.response.headers.get('location')).toBe('/');
    expect(first.browser.cookie(server.url, AUTH_COOKIE_NAME)).toBeTruthy();
    const home = await first.browser.get(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Ana Teacher');

    const link = await server.db
      .selectFrom('oidc_identity')
      .select(['user_id', 'subject', 'connection_id'])
      .where('user_id', '=', teacher.id)
      .executeTakeFirstOrThrow();
    expect(link).toEqual({ user_id: teacher.id, subject: sub, connection_id: connectionId });
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', teacher.id)
      .where('action', '=', 'sso.account_linked')
      .execute();
    expect(audit).toEqual([{ action: 'sso.account_linked', actor_id: teacher.id }]);

    // her address changes at the provider; the link made on the first sign-in still holds
    provider.addAccount({ email: 'ana.renamed@school.test', sub });
    const again = await signInThrough('ana.renamed@school.test', {
      start: { intent: 'start', connectionId },
    });
    expect(again.response.status).toBe(302);
    expect(again.browser.cookie(server.url, AUTH_COOKIE_NAME)).toBeTruthy();
    expect(await sessionsOf('ana.teacher@school.test')).toBe(2);
  });

  it('refuses a callback whose state was tampered with', async () => {
    await person('tamper@school.test');
    provider.addAccount({ email: 'tamper@school.test' });
    const result = await signInThrough('tamper@school.test', {
      tamper: (callback) => {
        callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
        return callback;
      },
    });
    expect(result.response.status).toBe(400);
    expect(result.html).toContain('We could not confirm this sign-in');
    expectNotSignedIn(result);
    expect(await sessionsOf('tamper@school.test')).toBe(0);
  });

  it('refuses an email the provider has not verified', async () => {
    await person('unverified@school.test');
    provider.addAccount({ email: 'unverified@school.test', emailVerified: false });
    const result = await signInThrough('unverified@school.test');
    expect(result.response.status).toBe(403);
    expect(result.html).toContain('Your email address is not verified');
    expectNotSignedIn(result);
    expect(await sessionsOf('unverified@school.test')).toBe(0);
  });

  it('refuses an email outside the allowed domains, even when the account exists', async () => {
    await person('outsider@elsewhere.test');
    provider.addAccount({ email: 'outsider@elsewhere.test' });
    const result = await signInThrough('outsider@elsewhere.test', {
      start: { intent: 'start', connectionId },
    });
    expect(result.response.status).toBe(403);
    expect(result.html).toContain('elsewhere.test is not one of them');
    expectNotSignedIn(result);
    expect(await sessionsOf('outsider@elsewhere.test')).toBe(0);
  });

  it('refuses an email with no Cadre account in that organization', async () => {
    provider.addAccount({ email: 'nobody@school.test' });
    const result = await signInThrough('nobody@school.test');
    expect(result.response.status).toBe(403);
    expect(result.html).toContain(
      'No Cadre account for nobody@school.test at Lakeside Education Association; ask your organization to invite you.',
    );
    expectNotSignedIn(result);
  });

  it('refuses the same address when its account belongs to another organization', async () => {
    const other = await buildOrganization(server.db);
    await person('moved@school.test', { organizationId: other.id });
    provider.addAccount({ email: 'moved@school.test' });
    const result = await signInThrough('moved@school.test');
    expect(result.response.status).toBe(403);
    expect(result.html).toContain('No Cadre account for moved@school.test');
    expect(await sessionsOf('moved@school.test')).toBe(0);
  });

  it('refuses a deactivated person, on the first sign-in and after linking', async () => {
    const teacher = await person('leaving@school.test');
    provider.addAccount({ email: 'leaving@school.test' });
    expect((await signInThrough('leaving@school.test')).response.status).toBe(302);
    await server.db
      .updateTable('app_user')
      .set({ deactivated_at: new Date() })
      .where('id', '=', teacher.id)
      .execute();
    const linked = await signInThrough('leaving@school.test');
    expect(linked.response.status).toBe(403);
    expect(linked.html).toContain('is deactivated');
    expectNotSignedIn(linked);

    const fresh = await person('never-linked@school.test');
    await server.db
      .updateTable('app_user')
      .set({ deactivated_at: new Date() })
      .where('id', '=', fresh.id)
      .execute();
    provider.addAccount({ email: 'never-linked@school.test' });
    const first = await signInThrough('never-linked@school.test');
    expect(first.response.status).toBe(403);
    expect(first.html).toContain('is deactivated');
    expect(await sessionsOf('never-linked@school.test')).toBe(0);
  });

  it('refuses a callback that arrives without the browser’s sign-in cookie', async () => {
    const stranger = new BrowserClient();
    const replay = await stranger.get(`${server.url}/sso/callback?code=x&state=y`);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('This sign-in has expired');
  });

  it('says when an email’s domain has no provider', async () => {
    const response = await new BrowserClient().post(`${server.url}/sso`, {
      intent: 'find',
      email: 'someone@unknown-district.test',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      'No organization on Cadre signs in people at unknown-district.test with single sign-on',
    );
  });
});

describe('ID tokens a real provider never sends', () => {
  it('signs in when nothing is wrong (the forger itself works)', async () => {
    forging.defect = 'none';
    const result = await signInThroughForger();
    expect(result.response.status).toBe(302);
    expect(result.browser.cookie(server.url, AUTH_COOKIE_NAME)).toBeTruthy();
  });

  const checks = { 'wrong-nonce': '"nonce"', 'wrong-issuer': '"iss"', expired: '"exp"' };
  for (const [defect, claim] of Object.entries(checks) as [keyof typeof checks, string][]) {
    it(`refuses an ID token with a ${defect.replace('-', ' ')}`, async () => {
      forging.defect = defect;
      const logged = refusalsLogged().length;
      const before = await sessionsOf('forged@forged.test');
      const result = await signInThroughForger();
      expect(result.response.status).toBe(400);
      expect(result.html).toContain('We could not confirm this sign-in');
      expectNotSignedIn(result);
      expect(await sessionsOf('forged@forged.test')).toBe(before);
      // refused by the library's check of that very claim
      expect(refusalsLogged().slice(logged)).toEqual([expect.stringContaining(claim)]);
    });
  }
});

describe('password sign-in turned off', () => {
  it('refuses people’s passwords with a pointer to single sign-on, keeps admins’, and SSO still works', async () => {
    await person('pat.participant@school.test');
    const turnedOff = await admin.post('/admin/sign-in', {
      intent: 'password-sign-in',
      passwordSignIn: 'off',
    });
    expect(turnedOff.status).toBe(302);
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'organization.password_sign_in_changed')
      .where('target_id', '=', organization.id)
      .execute();
    expect(audit.map((entry) => entry.after)).toEqual([{ passwordSignIn: false }]);

    const participant = new HttpClient(server.url);
    const refused = await participant.signIn('pat.participant@school.test', PASSWORD);
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain(
      'Lakeside Education Association signs its people in with single sign-on',
    );
    expect(html).toContain(`/login?org=${organization.slug}`);
    expect(participant.cookie(AUTH_COOKIE_NAME)).toBeUndefined();

    // a wrong password still gets the ordinary answer: the setting is told only to the owner
    const wrong = await new HttpClient(server.url).signIn('pat.participant@school.test', 'nope');
    expect(wrong.status).toBe(401);

    const stillAdmin = new HttpClient(server.url);
    expect((await stillAdmin.signIn('admin@school.test', PASSWORD)).status).toBe(302);

    provider.addAccount({ email: 'pat.participant@school.test' });
    expect((await signInThrough('pat.participant@school.test')).response.status).toBe(302);

    // and the only provider cannot be turned off while passwords are
    const off = await saveProvider(admin, {
      connectionId,
      kind: 'oidc',
      displayName: 'Lakeside ID',
      issuer: provider.issuer,
      clientId: provider.clientId,
      domains: 'school.test staff.school.test',
    });
    expect(off.status).toBe(400);
    expect(await off.text()).toContain('turn password sign-in on first');
  });
});
