import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';

export const DRAFT_ONLY =
  'A published or retired version cannot change. Start a new version to edit this program.';

/**
 * Locks the program row for the rest of the transaction and says whether it is still a draft:
 * only a draft changes, and two editors of one draft take turns.
 */
export async function lockDraftProgram(trx: Transaction<Database>, programId: string) {
  const row = await trx
    .selectFrom('program')
    .select('status')
    .where('id', '=', programId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.status === 'draft';
}
