import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Executor = Kysely<Database>;

/** At most `limit` units per `subject` in any window of `windowMs`. */
export interface RateLimitRule {
  bucket: string;
  limit: number;
  windowMs: number;
}

export type RateLimitCheck =
  | { allowed: true; remaining: number }
  | { allowed: false; remaining: number; retryAfterSeconds: number };

/** Wrong join codes from one client address: codes have 31^8 values, so this ends guessing. */
export const JOIN_CODE_GUESSES: RateLimitRule = {
  bucket: 'join-code-guess',
  limit: 20,
  windowMs: 15 * 60 * 1000,
};

/**
 * Invitation emails one person sends into one cohort: a cohort seats 15 to 20 with a
 * waitlist, so a whole roster and its resends fit; a mail cannon does not.
 */
export const INVITATIONS_PER_COHORT: RateLimitRule = {
  bucket: 'invitation-cohort',
  limit: 100,
  windowMs: 60 * 60 * 1000,
};

/** The same person across every cohort they run, so new cohorts do not reset the count. */
export const INVITATIONS_PER_INVITER: RateLimitRule = {
  bucket: 'invitation-inviter',
  limit: 300,
  windowMs: 60 * 60 * 1000,
};

/** the longest window of any rule: hits older than this count for nothing */
export const RATE_LIMIT_RETENTION_MS = 2 * 60 * 60 * 1000;

/**
 * Whether `amount` more units fit. When they do not, retryAfterSeconds is when the oldest
 * counted hit leaves the window, the earliest moment anything frees up. Times come from
 * the database clock, the same one that stamps the hits.
 */
export async function checkRateLimit(
  db: Executor,
  rule: RateLimitRule,
  subject: string,
  amount = 1,
): Promise<RateLimitCheck> {
  const row = await db
    .selectFrom('rate_limit_hit')
    .select([
      sql<string>`coalesce(sum(amount), 0)`.as('used'),
      sql<string | null>`extract(epoch from now() - min(hit_at))`.as('oldestAgeSeconds'),
    ])
    .where('bucket', '=', rule.bucket)
    .where('subject', '=', subject)
    .where('hit_at', '>', sql<Date>`now() - make_interval(secs => ${rule.windowMs / 1000})`)
    .executeTakeFirstOrThrow();
  const used = Number(row.used);
  const remaining = Math.max(0, rule.limit - used);
  if (used + amount <= rule.limit) return { allowed: true, remaining };
  const age = row.oldestAgeSeconds === null ? 0 : Number(row.oldestAgeSeconds);
  return {
    allowed: false,
    remaining,
    retryAfterSeconds: Math.max(1, Math.ceil(rule.windowMs / 1000 - age)),
  };
}

export async function recordRateLimitHit(
  db: Executor,
  rule: RateLimitRule,
  subject: string,
  amount = 1,
) {
  if (amount <= 0) return;
  await db.insertInto('rate_limit_hit').values({ bucket: rule.bucket, subject, amount }).execute();
}

export async function pruneRateLimitHits(db: Executor) {
  const result = await db
    .deleteFrom('rate_limit_hit')
    .where(
      'hit_at',
      '<',
      sql<Date>`now() - make_interval(secs => ${RATE_LIMIT_RETENTION_MS / 1000})`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** "30 seconds", "1 minute", "15 minutes": rounded up, so waiting that long is enough. */
export function describeWait(seconds: number) {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} second${whole === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
