import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { isUuid } from '../utils/ids';

type Executor = Kysely<Database>;

/** the hidden field every form with an effect carries */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

/** keys older than this are pruned; a repeat after a day is taken as a new intent */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A fresh key for each render of a page whose forms have an effect. */
export function newIdempotencyKey() {
  return randomUUID();
}

/**
 * The form's key, or null when the form has none (a page rendered before keys existed, a
 * script): such a request runs as it always did. A key that is there but malformed is
 * a 400, so nothing runs on a form we cannot recognise.
 */
export function readIdempotencyKey(form: FormData): string | null {
  const value = form.get(IDEMPOTENCY_FIELD);
  if (value === null || value === '') return null;
  if (!isUuid(value)) {
    throw new Response(
      'This form is out of date, so nothing changed. Reload the page and send it again.',
      {
        status: 400,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      },
    );
  }
  return value.toLowerCase();
}

export interface Intent {
  key: string | null;
  userId: string;
  /** what the form does, e.g. `hours.adjust`; part of what makes two requests the same */
  action: string;
  /** the parsed fields; a different value under the same key is a different intent */
  input: unknown;
}

class AlreadyClaimed extends Error {}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, field]) => [name, canonical(field)]),
    );
  }
  return value;
}

function requestHash(intent: Intent) {
  return createHash('sha256')
    .update(JSON.stringify([intent.userId, intent.action, canonical(intent.input)]))
    .digest('hex');
}

async function earlierResponse<T>(db: Executor, key: string, hash: string) {
  const row = await db
    .selectFrom('idempotency_key')
    .select('response')
    .where('key', '=', key)
    .where('request_hash', '=', hash)
    .executeTakeFirst();
  return row ? ((row.response as { value: T } | null)?.value ?? null) : undefined;
}

/**
 * Runs `effect` once per intent. The key is claimed by an insert in the effect's own
 * transaction and its primary key is the referee: a repeat that arrives while the first
 * is still running waits on that insert, finds the key taken once the first commits, and
 * gets the first one's result. A failed effect rolls its claim back, so a retry runs.
 *
 * `effect` must write only through the executor it is handed, and return plain JSON: the
 * result is stored and is what every repeat answers.
 */
export async function runOnce<T>(
  db: Executor,
  intent: Intent,
  effect: (db: Executor) => Promise<T>,
): Promise<T> {
  if (!intent.key) return effect(db);
  const key = intent.key;
  const hash = requestHash(intent);
  const earlier = await earlierResponse<T>(db, key, hash);
  if (earlier !== undefined) return earlier as T;
  try {
    return await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('idempotency_key')
        .values({ key, request_hash: hash, user_id: intent.userId, action: intent.action })
        .onConflict((oc) => oc.columns(['key', 'request_hash']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!claimed) throw new AlreadyClaimed();
      const result = await effect(trx);
      await trx
        .updateTable('idempotency_key')
        .set({ response: { value: result === undefined ? null : result } })
        .where('key', '=', key)
        .where('request_hash', '=', hash)
        .execute();
      return result;
    });
  } catch (error) {
    if (!(error instanceof AlreadyClaimed)) throw error;
    // the twin committed between our first look and our insert
    return (await earlierResponse<T>(db, key, hash)) as T;
  }
}

export async function pruneIdempotencyKeys(db: Executor) {
  const result = await db
    .deleteFrom('idempotency_key')
    .where(
      'created_at',
      '<',
      sql<Date>`now() - make_interval(secs => ${IDEMPOTENCY_KEY_RETENTION_MS / 1000})`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
