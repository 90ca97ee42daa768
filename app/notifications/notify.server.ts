import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface Notice {
  userId: string;
  cohortId: string | null;
  /** `entity.event`, e.g. `plan.revision_requested`, `submission.scored` */
  kind: string;
  title: string;
  /** where the notice leads inside the app */
  href: string;
}

/** Records in-app notices; call it inside the transaction that makes the change. */
export async function notify(db: Kysely<Database>, notices: Notice | Notice[]) {
  const rows = (Array.isArray(notices) ? notices : [notices]).map((notice) => ({
    user_id: notice.userId,
    cohort_id: notice.cohortId,
    kind: notice.kind,
    title: notice.title.slice(0, 300),
    href: notice.href,
  }));
  if (rows.length === 0) return;
  await db.insertInto('notification').values(rows).execute();
}
