import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** Rows kept in order by a `position` column within a scope: a cohort's units, a unit's modules. */
export type OrderedList =
  | { table: 'pathway_unit'; scopeColumn: 'cohort_id'; scopeId: string }
  | { table: 'pathway_module'; scopeColumn: 'unit_id'; scopeId: string };

/** Closes the gap a row leaving `position` left, so positions stay 1..n. */
export async function closePositionGap(trx: Kysely<Database>, list: OrderedList, position: number) {
  await sql`update ${sql.table(list.table)} set position = position - 1
    where ${sql.ref(list.scopeColumn)} = ${list.scopeId} and position > ${position}`.execute(trx);
}

/**
 * Swaps a row with its neighbour one step up or down; false when it is already at the edge.
 * The unique position constraints are deferred, so the swap is valid at commit.
 */
export async function swapWithNeighbour(
  trx: Kysely<Database>,
  list: OrderedList,
  row: { id: string; position: number },
  direction: 'up' | 'down',
) {
  const target = row.position + (direction === 'up' ? -1 : 1);
  const { rows } = await sql<{ id: string }>`select id from ${sql.table(list.table)}
    where ${sql.ref(list.scopeColumn)} = ${list.scopeId} and position = ${target}`.execute(trx);
  const neighbour = rows[0];
  if (!neighbour) return false;
  await sql`update ${sql.table(list.table)} set position = case id
      when ${neighbour.id} then ${row.position}::integer else ${target}::integer end
    where id in (${neighbour.id}, ${row.id})`.execute(trx);
  return true;
}
