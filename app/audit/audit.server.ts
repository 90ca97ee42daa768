import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface AuditEntry {
  organizationId: string | null;
  actorId: string | null;
  /** `entity.verb`, e.g. `cohort.status_changed`, `invitation.revoked` */
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log; call it inside the transaction that makes the change. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry) {
  await db
    .insertInto('audit_log')
    .values({
      organization_id: entry.organizationId,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .execute();
}
