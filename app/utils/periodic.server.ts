export interface PeriodicWork<T> {
  /** one pass now (after any pass already running) */
  runOnce(): Promise<T>;
  /** stop the timer and wait for the pass in progress; call before closing the database */
  stop(): Promise<void>;
  readonly stopped: boolean;
}

/**
 * Runs `pass` every `intervalMs`, the first one interval after start, one pass at a time.
 * A failed pass goes to `onError` and the next one tries again; the timer never keeps the
 * process alive. The background workers (reminders, pruning) share this.
 */
export function startPeriodicWork<T>(options: {
  pass: () => Promise<T>;
  intervalMs: number;
  onError: (error: unknown) => void;
  /** told after every scheduled pass, for tests and metrics */
  onPass?: (result: T) => void;
}): PeriodicWork<T> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let passes: Promise<unknown> = Promise.resolve();

  function runOnce() {
    const next = passes.then(options.pass);
    passes = next.catch(() => undefined);
    return next;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .then((result) => options.onPass?.(result))
        .catch(options.onError)
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  }
  schedule();

  return {
    runOnce,
    get stopped() {
      return stopped;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await passes;
    },
  };
}
