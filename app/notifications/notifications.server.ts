import { sql } from 'kysely';
import type { DB } from '../../db/db.server';
import { isUuid } from '../utils/ids';

export const NOTIFICATION_PAGE_SIZE = 100;

/** This person's notices, newest first, with the cohort each belongs to. */
export async function listNotifications(db: DB, userId: string) {
  const rows = await db
    .selectFrom('notification')
    .leftJoin('cohort', 'cohort.id', 'notification.cohort_id')
    .select([
      'notification.id',
      'notification.title',
      'notification.href',
      'notification.kind',
      'notification.created_at as createdAt',
      'notification.read_at as readAt',
      'cohort.name as cohortName',
      'cohort.timezone as timezone',
    ])
    .where('notification.user_id', '=', userId)
    .orderBy('notification.created_at', 'desc')
    .orderBy('notification.id')
    .limit(NOTIFICATION_PAGE_SIZE)
    .execute();
  return rows.map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
  }));
}

/** one row, `count`: the person's unread notices (a bigint, so read it with Number); nested in `getNavigation` */
export function unreadCountQuery(db: DB, userId: string) {
  return db
    .selectFrom('notification')
    .select(sql<string>`count(*)`.as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
}

/** Marks one of this person's notices read and says where it leads; null for anyone else's. */
export async function markRead(db: DB, input: { userId: string; notificationId: string }) {
  if (!isUuid(input.notificationId)) return null;
  const row = await db
    .updateTable('notification')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', input.notificationId)
    .where('user_id', '=', input.userId)
    .returning('href')
    .executeTakeFirst();
  return row?.href ?? null;
}

export async function markAllRead(db: DB, userId: string) {
  const result = await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
