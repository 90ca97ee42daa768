import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { exportJWK, SignJWT, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID provider (the `oidc-provider` package) for the tests: a confidential client
 * registered for Cadre's redirect URI, accounts kept in memory, and a plain sign-in page
 * that asks for the email of one of those accounts. Consent is given by the client's
 * registration, as a school's provider does for an app its admins set up.
 *
 * Run as a script it serves on OIDC_PROVIDER_PORT (4330) for the browser tests.
 */

export interface TestAccount {
  email: string;
  emailVerified?: boolean;
  name?: string;
  /** the provider's subject; a fresh one unless given */
  sub?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** adds an account (or replaces the one with the same email) and returns its subject */
  addAccount(account: TestAccount): string;
  close(): Promise<void>;
}

function html(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

async function readForm(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function listen(server: Server, port: number) {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function startOidcProvider(options: {
  redirectUris: string[];
  port?: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'cadre-test-client';
  const clientSecret = options.clientSecret ?? 'cadre-test-client-secret';
  const accounts = new Map<string, Required<TestAccount>>();
  const bySubject = new Map<string, Required<TestAccount>>();

  const server = createServer();
  const port = await listen(server, options.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'test', use: 'sig' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // the client is the organization's own app: no consent screen
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const account = bySubject.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);

  // the sign-in page: an email field; any known email signs in as that account
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = html(
        'Test provider sign-in',
        `<form method="post" action="/interaction/${escapeHtml(details.uid)}">
<label for="login">Email</label>
<input id="login" name="login" type="email" autocomplete="username" value="${escapeHtml(String(details.params.login_hint ?? ''))}">
<button type="submit">Sign in</button></form>`,
      );
      return;
    }
    const form = await readForm(ctx.req);
    const account = accounts.get((form.get('login') ?? '').toLowerCase());
    if (!account) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = html('Test provider sign-in', '<p role="alert">No such account here.</p>');
      return;
    }
    const location = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: account.sub } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(location);
  });
  const handleRequest = provider.callback();
  // koa answers its own errors; nothing is left to reject
  server.on('request', (req, res) => {
    void handleRequest(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount(account) {
      const full = {
        email: account.email.toLowerCase(),
        emailVerified: account.emailVerified ?? true,
        name: account.name ?? account.email,
        sub: account.sub ?? `sub-${randomUUID()}`,
      };
      const previous = accounts.get(full.email);
      if (previous) bySubject.delete(previous.sub);
      accounts.set(full.email, full);
      bySubject.set(full.sub, full);
      return full.sub;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ForgedDefect = 'none' | 'wrong-nonce' | 'wrong-issuer' | 'expired';

export interface ForgingProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** what is wrong with the next ID tokens it issues */
  defect: ForgedDefect;
  /** the email its ID tokens carry (always verified) */
  email: string;
  close(): Promise<void>;
}

/**
 * A minimal OpenID provider that signs its own ID tokens with `jose`, for the defects a real
 * provider never produces: a nonce other than the one asked for, a foreign issuer, an expired
 * token. Every other part of the answer is right, so a refusal is the defect's doing; with
 * `defect: 'none'` the same provider signs people in.
 */
export async function startForgingProvider(options: {
  email: string;
  clientId?: string;
  clientSecret?: string;
}): Promise<ForgingProvider> {
  const clientId = options.clientId ?? 'cadre-forged-client';
  const clientSecret = options.clientSecret ?? 'cadre-forged-client-secret';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'forged', use: 'sig', alg: 'RS256' };
  const pending = new Map<string, { nonce: string; challenge: string }>();
  const subject = `forged-${randomUUID()}`;
  const server = createServer();
  const port = await listen(server, 0);
  const issuer = `http://127.0.0.1:${port}`;

  const state: ForgingProvider = {
    issuer,
    clientId,
    clientSecret,
    defect: 'none',
    email: options.email,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  server.on('request', (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', issuer);
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
        });
      }
      if (url.pathname === '/jwks') return json(200, { keys: [publicJwk] });
      if (url.pathname === '/authorize') {
        const code = randomUUID();
        pending.set(code, {
          nonce: url.searchParams.get('nonce') ?? '',
          challenge: url.searchParams.get('code_challenge') ?? '',
        });
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        response.writeHead(303, { Location: back.href });
        return response.end();
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const form = await readForm(request);
        const flow = pending.get(form.get('code') ?? '');
        const [, basic = ''] = /^Basic (.+)$/.exec(request.headers.authorization ?? '') ?? [];
        const [id, secret] = Buffer.from(basic, 'base64')
          .toString('utf8')
          .split(':')
          .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
        if (id !== clientId || secret !== clientSecret) {
          return json(401, { error: 'invalid_client' });
        }
        if (!flow) return json(400, { error: 'invalid_grant' });
        pending.delete(form.get('code') ?? '');
        const now = Math.floor(Date.now() / 1000);
        const idToken = await new SignJWT({
          email: state.email,
          email_verified: true,
          nonce: state.defect === 'wrong-nonce' ? 'a-nonce-nobody-asked-for' : flow.nonce,
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
          .setIssuer(state.defect === 'wrong-issuer' ? 'https://impostor.example' : issuer)
          .setAudience(clientId)
          .setSubject(subject)
          .setIssuedAt(state.defect === 'expired' ? now - 7200 : now)
          .setExpirationTime(state.defect === 'expired' ? now - 3600 : now + 300)
          .sign(privateKey);
        return json(200, {
          access_token: randomUUID(),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken,
        });
      }
      json(404, { error: 'not_found' });
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  return state;
}

// the browser tests' provider: `tsx tests/setup/oidc-provider.ts`
const runAsScript = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (runAsScript) {
  const port = Number(process.env.OIDC_PROVIDER_PORT ?? 4330);
  const appOrigin = process.env.OIDC_APP_ORIGIN ?? 'http://localhost:4317';
  const provider = await startOidcProvider({
    port,
    redirectUris: [`${appOrigin}/sso/callback`],
    clientId: process.env.OIDC_CLIENT_ID ?? 'cadre-e2e',
    clientSecret: process.env.OIDC_CLIENT_SECRET ?? 'cadre-e2e-secret',
  });
  // the demo organization's people: every demo address signs in here, verified
  for (const email of (process.env.OIDC_ACCOUNTS ?? '').split(',').filter(Boolean)) {
    provider.addAccount({ email, sub: `e2e-${email}` });
  }
  console.log(`test OpenID provider at ${provider.issuer}`);
}
