import { existsSync } from 'node:fs';
import { z } from 'zod';
import { LOG_LEVELS } from './log.server';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const optionalUrl = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim().replace(/\/$/, '') : fallback))
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
      message: `must be a full http(s) URL such as ${fallback}`,
    });

/**
 * Every environment variable Cadre reads, checked once at boot. `.env.example` lists
 * them with safe values; README.md explains each one.
 */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    // how much the server logs (one JSON line per event on standard output): info unless set
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    // the HTTP port; 3000 unless the host says otherwise
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // postgres://user:password@host:5432/database — unset means the embedded PGlite database
    DATABASE_URL: z
      .string()
      .optional()
      .transform((value) => (value ? value : undefined))
      .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
        message: 'DATABASE_URL must start with postgres:// or postgresql://',
      }),
    // the same database as the role that owns the tables, e.g. postgres://cadre_owner:…@host/cadre;
    // set it when DATABASE_URL is a least-privilege role: start-up then migrates as the owner
    DATABASE_MIGRATION_URL: z
      .string()
      .optional()
      .transform((value) => (value ? value : undefined))
      .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
        message: 'DATABASE_MIGRATION_URL must start with postgres:// or postgresql://',
      }),
    // where the embedded database keeps its files (ignored when DATABASE_URL is set)
    DATA_DIR: z.string().min(1).default('.data'),
    // where evidence uploads are kept; defaults to DATA_DIR/uploads (back it up with the database)
    UPLOAD_DIR: z
      .string()
      .optional()
      .transform((value) => (value?.trim() ? value.trim() : undefined)),
    // the largest evidence file accepted, in bytes (25 MB unless set)
    UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(1_000_000_000).default(25_000_000),
    // seed the demo organization into an empty database even when DATABASE_URL is set
    SEED_DEMO_DATA: booleanFlag,
    // redis://127.0.0.1:6379 — set it to run several nodes behind one address (real-time rooms span them)
    REDIS_URL: z
      .string()
      .optional()
      .transform((value) => (value ? value : undefined)),
    // the Redis stream the nodes of one deployment share; give each deployment on one Redis its own
    REDIS_STREAM_NAME: optionalText,
    // the public address people use, e.g. https://cadre.example.org; defaults to the request's own host
    APP_ORIGIN: z
      .string()
      .optional()
      .transform((value) => (value ? value.replace(/\/$/, '') : undefined))
      .refine((value) => value === undefined || URL.canParse(value), {
        message: 'APP_ORIGIN must be a full URL such as https://cadre.example.org',
      }),
    // any long random text (e.g. `openssl rand -base64 32`); encrypts the organizations' credential-signing keys at rest
    SIGNING_KEY_SECRET: optionalText,
    // any long random text (e.g. `openssl rand -base64 32`), at least 32 characters; encrypts the
    // organizations' single sign-on client secrets at rest. Required in production; keep it
    SECRETS_KEY: optionalText.refine((value) => value === undefined || value.length >= 32, {
      message: 'SECRETS_KEY must be at least 32 characters, e.g. from `openssl rand -base64 32`',
    }),
    // set when Cadre runs behind a reverse proxy: X-Forwarded-For, -Host and -Proto are read only then
    TRUST_PROXY: booleanFlag,
    // mark cookies Secure; on by default in production
    SECURE_COOKIES: z
      .enum(['true', 'false', '1', '0', ''])
      .optional()
      .transform((value) =>
        value === undefined || value === '' ? undefined : value === 'true' || value === '1',
      ),
    // smtp://user:pass@smtp.example.org:587 from your mail provider; unset keeps mail in the outbox
    SMTP_URL: z
      .string()
      .optional()
      .transform((value) => (value ? value : undefined))
      .refine(
        (value) => value === undefined || (/^smtps?:\/\/[^/?#]/.test(value) && URL.canParse(value)),
        {
          message: 'SMTP_URL must be a URL such as smtp://user:pass@smtp.example.org:587',
        },
      ),
    // the From of every email, e.g. Cadre <no-reply@cadre.example.org>; one your provider accepts
    MAIL_FROM: z
      .string()
      .optional()
      .transform((value) => (value ? value : 'Cadre <no-reply@cadre.local>'))
      .refine((value) => /[^\s<>@]+@[^\s<>@]+/.test(value), {
        message: 'MAIL_FROM must contain an address, e.g. Cadre <no-reply@cadre.example.org>',
      }),
    // how often (ms) each node renews its lease in PostgreSQL and looks for nodes that died
    HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    // how long (ms) after its last beat a silent node counts as dead and its live-room stays are
    // closed; at least two beats, so one slow beat never loses a lease
    LEASE_EXPIRY_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
    // a Server-to-Server OAuth app in the Zoom App Marketplace (Develop → Build App): its account id, client id and secret
    ZOOM_ACCOUNT_ID: optionalText,
    ZOOM_CLIENT_ID: optionalText,
    ZOOM_CLIENT_SECRET: optionalText,
    // Zoom's REST and token addresses; change them only to point at a test double
    ZOOM_API_BASE_URL: optionalUrl('https://api.zoom.us/v2'),
    ZOOM_OAUTH_URL: optionalUrl('https://zoom.us/oauth/token'),
    // a Meeting SDK app (General app → Embed → Meeting SDK): its client id and client secret
    ZOOM_MEETING_SDK_KEY: optionalText,
    ZOOM_MEETING_SDK_SECRET: optionalText,
    // the Secret Token on the same app's Event Subscriptions page; signs the webhooks sent to /webhooks/zoom
    ZOOM_WEBHOOK_SECRET_TOKEN: optionalText,
  })
  .refine((env) => env.DATABASE_MIGRATION_URL === undefined || env.DATABASE_URL !== undefined, {
    path: ['DATABASE_MIGRATION_URL'],
    message: 'DATABASE_MIGRATION_URL needs DATABASE_URL too (the embedded database has one role)',
  });

export type Env = z.infer<typeof EnvSchema>;

const CheckedEnvSchema = EnvSchema.refine((env) => env.LEASE_EXPIRY_MS >= 2 * env.HEARTBEAT_MS, {
  message: 'LEASE_EXPIRY_MS must be at least twice HEARTBEAT_MS',
  path: ['LEASE_EXPIRY_MS'],
}).refine(
  // credentials name the address they are verified at; a guessed one can never verify.
  // an ephemeral port (PORT=0) is a test or tool run, never a public deployment
  (env) => env.NODE_ENV !== 'production' || env.APP_ORIGIN !== undefined || env.PORT === 0,
  {
    message:
      'set APP_ORIGIN to the public address (e.g. https://cadre.example.org): credentials, their keys and their revocation list are issued under it',
    path: ['APP_ORIGIN'],
  },
);

/**
 * The address this server issues under when nothing came with a request (the demo seed):
 * APP_ORIGIN, else the local address it listens on (development only; production needs APP_ORIGIN).
 */
export function localOrigin(env: Pick<Env, 'APP_ORIGIN' | 'PORT'>) {
  return env.APP_ORIGIN ?? `http://localhost:${env.PORT}`;
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = CheckedEnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`Cadre cannot start: the environment is not valid.\n${problems}`);
  }
  return result.data;
}

/**
 * What a production process must be given before it serves anyone. Checked when server.ts
 * starts from the environment; development and test fall back to fixed keys and say so.
 */
export function requireProductionSecrets(env: Env) {
  if (env.NODE_ENV === 'production' && !env.SECRETS_KEY) {
    throw new Error(
      'Cadre cannot start: SECRETS_KEY must be set in production (at least 32 random characters, e.g. `openssl rand -base64 32`). It encrypts single sign-on client secrets; keep the same value across restarts.',
    );
  }
}

export function cookiesAreSecure(env: Env): boolean {
  return env.SECURE_COOKIES ?? env.NODE_ENV === 'production';
}

/** Reads `.env` into process.env when there is one; variables already set win. */
export function loadDotEnv(file = '.env') {
  if (existsSync(file)) process.loadEnvFile(file);
}
