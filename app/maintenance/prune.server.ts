import type { DB } from '../../db/db.server';
import { prunePasswordResets } from '../auth/password-reset.server';
import { pruneSignInAttempts } from '../auth/sign-in.server';
import { pruneIdempotencyKeys } from '../http/idempotency.server';
import { pruneRateLimitHits } from '../http/rate-limit.server';

/** how often old throttle rows, idempotency keys and reset tokens are dropped */
export const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

export interface PruneResult {
  signInAttempts: number;
  rateLimitHits: number;
  idempotencyKeys: number;
  passwordResets: number;
}

/** Drops the rows no throttle or replay looks at any more. Safe on every node at once. */
export async function pruneExpiredRows(db: DB): Promise<PruneResult> {
  return {
    signInAttempts: await pruneSignInAttempts(db),
    rateLimitHits: await pruneRateLimitHits(db),
    idempotencyKeys: await pruneIdempotencyKeys(db),
    passwordResets: await prunePasswordResets(db),
  };
}

export interface PruneWorker {
  /** one pass now (after any pass already running) */
  runOnce(): Promise<PruneResult>;
  /** stop the timer and wait for the pass in progress; call before closing the database */
  stop(): Promise<void>;
}

/**
 * Runs pruneExpiredRows every `intervalMs`, the first one interval after start. A failed
 * pass is logged and the next one tries again; the timer never keeps the process alive.
 */
export function startPruneWorker(options: {
  db: DB;
  log?: (message: string) => void;
  intervalMs?: number;
  /** told after every scheduled pass, for tests and metrics */
  onPass?: (result: PruneResult) => void;
}): PruneWorker {
  const { db, log = console.error, intervalMs = PRUNE_INTERVAL_MS } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let passes: Promise<unknown> = Promise.resolve();

  function enqueue() {
    const next = passes.then(() => pruneExpiredRows(db));
    passes = next.catch(() => undefined);
    return next;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      enqueue()
        .then((result) => options.onPass?.(result))
        .catch((error: unknown) =>
          log(`prune: a pass failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }
  schedule();

  return {
    runOnce: enqueue,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await passes;
    },
  };
}
