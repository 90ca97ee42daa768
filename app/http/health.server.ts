import { sql } from 'kysely';
import type { DB } from '../../db/db.server';

const HEALTH_TIMEOUT_MS = 3000;

/** "ok" when the database answers a trivial query within a few seconds, else "unreachable". */
export async function checkDatabase(db: DB): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'unreachable'>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([sql`select 1`.execute(db).then(() => 'ok' as const), timeout]);
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}
