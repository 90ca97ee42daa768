import type { DB } from '../../db/db.server';
import { pruneEmailChanges } from '../account/email-change.server';
import { prunePasswordResets } from '../auth/password-reset.server';
import { pruneSignInAttempts } from '../auth/sign-in.server';
import { pruneIdempotencyKeys } from '../http/idempotency.server';
import { pruneRateLimitHits } from '../http/rate-limit.server';
import { getLogger } from '../log.server';
import { startPeriodicWork, type PeriodicWork } from '../utils/periodic.server';

/** how often old throttle rows, idempotency keys and reset tokens are dropped */
export const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

export interface PruneResult {
  signInAttempts: number;
  rateLimitHits: number;
  idempotencyKeys: number;
  passwordResets: number;
  emailChanges: number;
}

/** Drops the rows no throttle or replay looks at any more. Safe on every node at once. */
export async function pruneExpiredRows(db: DB): Promise<PruneResult> {
  return {
    signInAttempts: await pruneSignInAttempts(db),
    rateLimitHits: await pruneRateLimitHits(db),
    idempotencyKeys: await pruneIdempotencyKeys(db),
    passwordResets: await prunePasswordResets(db),
    emailChanges: await pruneEmailChanges(db),
  };
}

export type PruneWorker = PeriodicWork<PruneResult>;

/** Runs pruneExpiredRows every `intervalMs`; a failed pass is logged and the next one tries again. */
export function startPruneWorker(options: {
  db: DB;
  log?: (message: string, error?: unknown) => void;
  intervalMs?: number;
  /** told after every scheduled pass, for tests and metrics */
  onPass?: (result: PruneResult) => void;
}): PruneWorker {
  const { db, log = (message, error) => getLogger().error({ err: error }, message) } = options;
  return startPeriodicWork({
    pass: () => pruneExpiredRows(db),
    intervalMs: options.intervalMs ?? PRUNE_INTERVAL_MS,
    onPass: options.onPass,
    onError: (error) => log('prune: a pass failed', error),
  });
}
