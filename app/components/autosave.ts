import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * What a save answers, the same for every autosaving document (action plans, written
 * evidence): the server decides, the hook only reacts. See docs/decisions/036.
 */
export type AutosaveAnswer<T> =
  | { status: 'saved'; version: number; savedAt?: string }
  /** someone saved first: `theirs` is what is saved now, `version` the one to save over */
  | { status: 'conflict'; version: number; theirs: T; savedAt?: string }
  /** the text cannot be saved as it is; typing on may fix it */
  | { status: 'invalid'; message: string; field?: string }
  /** the text can no longer change (e.g. it was handed in elsewhere): saving stops; `message` says why */
  | { status: 'locked'; version: number; message: string };

export type SaveResult<T> = AutosaveAnswer<T>;

/**
 * Sends one save in the protocol's shape (`{ version, content }` as JSON) and reads the
 * answer. 400 and 409 carry an answer; anything else (offline, a proxy's page, a 5xx, signed
 * out) throws, so the hook keeps the text and tries again.
 */
export async function postAutosave<T>(
  url: string,
  content: T,
  version: number,
  options: { keepalive: boolean },
): Promise<AutosaveAnswer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    // keepalive lets the request finish after the page is gone
    keepalive: options.keepalive,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ version, content }),
  });
  if (![200, 400, 409].includes(response.status)) {
    throw new Error(`save failed with ${response.status}`);
  }
  const answer = (await response.json()) as Partial<AutosaveAnswer<T>> | null;
  switch (answer?.status) {
    case 'saved':
    case 'conflict':
      return answer as AutosaveAnswer<T>;
    case 'locked':
      return {
        status: 'locked',
        version: answer.version ?? version,
        message: answer.message ?? 'This can no longer be changed.',
      };
    case 'invalid':
      return { status: 'invalid', message: answer.message ?? 'This text could not be saved.' };
    default:
      throw new Error('the save was not answered');
  }
}

export type AutosaveStatus =
  'saved' | 'pending' | 'saving' | 'retrying' | 'conflict' | 'invalid' | 'locked';

export interface AutosaveConflict<T> {
  /** what is saved now (written in another tab or window) */
  theirs: T;
  /** the text in this page, not saved */
  mine: T;
  version: number;
}

interface Options<T> {
  /** the text as the person sees it now */
  value: T;
  /** the version the page was loaded with */
  initialVersion: number;
  /** the value the page was loaded with, as saved on the server */
  initialValue: T;
  /** sends one save; throw (or reject) for network and server failures so it is retried */
  save: (value: T, baseVersion: number, options: { keepalive: boolean }) => Promise<SaveResult<T>>;
  /** a local backup's key; the backup survives a reload, a crash or a closed laptop */
  storageKey: string;
  isEqual: (a: T, b: T) => boolean;
  /** puts a value back into the form (a restored backup, or the saved text after a conflict) */
  replaceValue: (value: T) => void;
  debounceMs?: number;
  /** false stops saving (e.g. after submitting) */
  enabled?: boolean;
}

interface Backup<T> {
  /** the version the text was based on */
  version: number;
  value: T;
  /** a save that was on its way when the backup was written; it may have landed */
  sending?: T;
  /** when it was written, and by which page load (its performance.timeOrigin) */
  at?: number;
  writer?: number;
}

/**
 * Whether a backup is being kept by another page that is still open (a second tab with the
 * same text): it was written since this page loaded, by another page. Restoring it would
 * take over that tab's typing; a page's own backup comes back after in-app navigation.
 */
function belongsToAnotherOpenPage(backup: Backup<unknown>) {
  return (
    backup.writer !== undefined &&
    backup.writer !== performance.timeOrigin &&
    (backup.at ?? 0) >= performance.timeOrigin
  );
}

const MAX_BACKOFF_MS = 30_000;

function readBackup<T>(key: string): Backup<T> | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Backup<T>) : null;
  } catch {
    return null;
  }
}

function writeBackup<T>(key: string, backup: Backup<T> | null) {
  try {
    if (backup) window.localStorage.setItem(key, JSON.stringify(backup));
    else window.localStorage.removeItem(key);
  } catch {
    // private mode or a full quota: the server copy is still being saved
  }
}

/**
 * Saves a draft while the person types (debounced) and when they leave or hide the page,
 * keeps a local backup until the server has it, retries with backoff when the network or
 * server fails, and stops to show both texts when someone else saved first (version
 * numbers), so nothing is overwritten silently.
 */
export function useAutosave<T>(options: Options<T>) {
  const { value, storageKey, debounceMs = 800, enabled = true } = options;
  const [status, setStatus] = useState<AutosaveStatus>('saved');
  const [message, setMessage] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [conflict, setConflict] = useState<AutosaveConflict<T> | null>(null);
  const [retryInSeconds, setRetryInSeconds] = useState<number | null>(null);
  const [version, setVersionState] = useState(options.initialVersion);
  /** whether the text on the page came back from this browser's backup */
  const [restored, setRestored] = useState(false);

  const latest = useRef(value);
  const saved = useRef(options.initialValue);
  const versionRef = useRef(options.initialVersion);
  const inFlight = useRef<Promise<void> | null>(null);
  const sendingRef = useRef<T | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const attempt = useRef(0);
  const conflictRef = useRef<AutosaveConflict<T> | null>(null);
  const lockedRef = useRef(false);
  /** a conflict waits for the person's choice and a locked text takes no more saves */
  const halted = () => conflictRef.current !== null || lockedRef.current;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  latest.current = value;

  const setVersion = (next: number) => {
    versionRef.current = next;
    setVersionState(next);
  };

  const showConflict = useCallback((next: AutosaveConflict<T> | null) => {
    conflictRef.current = next;
    setConflict(next);
    if (next) setStatus('conflict');
  }, []);

  // what this browser has sent, so its own late-landing saves are never mistaken for someone else's
  const sentValues = useRef<T[]>([]);
  const remember = (value: T) => {
    sentValues.current = [...sentValues.current.slice(-4), value];
  };
  const sentByUs = (value: T) =>
    sentValues.current.some((sent) => optionsRef.current.isEqual(sent, value));

  /** `leaving`: the page is going away, so a page loading next may take the backup over */
  const backUp = useCallback(
    (leaving = false) => {
      writeBackup(storageKey, {
        version: versionRef.current,
        value: latest.current,
        ...(sendingRef.current !== null ? { sending: sendingRef.current } : {}),
        ...(leaving ? {} : { at: Date.now(), writer: performance.timeOrigin }),
      });
    },
    [storageKey],
  );

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const run = useCallback(async (): Promise<void> => {
    if (halted()) return;
    if (inFlight.current) {
      await inFlight.current;
      return run();
    }
    const { save, isEqual } = optionsRef.current;
    const sending = latest.current;
    if (isEqual(sending, saved.current)) {
      setStatus('saved');
      writeBackup(storageKey, null);
      return;
    }
    setStatus('saving');
    sendingRef.current = sending;
    remember(sending);
    backUp();
    let rebased = false;
    const attemptPromise = (async () => {
      try {
        const result = await save(sending, versionRef.current, { keepalive: false });
        sendingRef.current = null;
        attempt.current = 0;
        setRetryInSeconds(null);
        // a "conflict" with text this browser sent itself (a save sent as the page closed, landing
        // late) loses nothing: take its version as the new base and send again
        if (result.status === 'conflict' && sentByUs(result.theirs)) {
          saved.current = result.theirs;
          setVersion(result.version);
          rebased = true;
          return;
        }
        if (result.status === 'saved') {
          saved.current = sending;
          setVersion(result.version);
          setSavedAt(new Date().toISOString());
          setMessage(null);
          if (isEqual(latest.current, sending)) {
            writeBackup(storageKey, null);
            setStatus('saved');
          } else {
            backUp();
            setStatus('pending');
          }
        } else if (result.status === 'conflict') {
          showConflict({ theirs: result.theirs, mine: latest.current, version: result.version });
        } else if (result.status === 'locked') {
          // the text stays on the page and in this browser's backup; no more saves are sent
          lockedRef.current = true;
          clearTimer();
          setMessage(result.message);
          setStatus('locked');
        } else {
          setMessage(result.message);
          setStatus('invalid');
        }
      } catch {
        sendingRef.current = null;
        backUp();
        // the network or the server failed: keep the backup and try again, waiting longer each time
        attempt.current += 1;
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt.current - 1));
        setRetryInSeconds(Math.round(delay / 1000));
        setStatus('retrying');
        clearTimer();
        timer.current = setTimeout(() => void run(), delay);
      }
    })();
    inFlight.current = attemptPromise;
    await attemptPromise;
    inFlight.current = null;
    if (rebased) return run();
    if (
      !halted() &&
      attempt.current === 0 &&
      !optionsRef.current.isEqual(latest.current, saved.current)
    ) {
      return run();
    }
  }, [showConflict, storageKey, backUp]);

  // a backup left by a reload, a crash or a lost connection comes back first
  useEffect(() => {
    const backup = readBackup<T>(storageKey);
    if (!backup || belongsToAnotherOpenPage(backup)) return;
    const { isEqual, replaceValue, initialValue, initialVersion } = optionsRef.current;
    if (isEqual(backup.value, initialValue)) {
      writeBackup(storageKey, null);
      return;
    }
    replaceValue(backup.value);
    setRestored(true);
    if (backup.sending !== undefined) remember(backup.sending);
    const ownSaveLanded = backup.sending !== undefined && isEqual(backup.sending, initialValue);
    if (backup.version === initialVersion || ownSaveLanded) {
      setStatus('pending');
    } else {
      // saved elsewhere since this backup was made: both texts are shown, nothing is dropped
      showConflict({ theirs: initialValue, mine: backup.value, version: initialVersion });
    }
  }, [storageKey, showConflict]);

  // every change: back it up at once, send it once typing pauses
  useEffect(() => {
    if (!enabled || halted()) return;
    if (optionsRef.current.isEqual(value, saved.current)) return;
    backUp();
    setStatus((current) => (current === 'retrying' ? current : 'pending'));
    clearTimer();
    timer.current = setTimeout(() => void run(), debounceMs);
  }, [value, enabled, debounceMs, run, backUp]);

  // leaving, hiding or closing the page sends what is not saved yet
  useEffect(() => {
    if (!enabled) return;
    const sendNow = (leaving: boolean) => {
      if (halted()) return;
      if (optionsRef.current.isEqual(latest.current, saved.current)) return;
      if (inFlight.current) {
        backUp(leaving);
        return;
      }
      clearTimer();
      // the backup names what is on its way, so the reloaded page recognises it if it lands late
      sendingRef.current = latest.current;
      remember(latest.current);
      backUp(leaving);
      optionsRef.current
        .save(latest.current, versionRef.current, { keepalive: true })
        .then((result) => {
          sendingRef.current = null;
          if (result.status === 'saved') {
            saved.current = latest.current;
            setVersion(result.version);
            setStatus('saved');
            writeBackup(storageKey, null);
          } else if (result.status === 'locked') {
            lockedRef.current = true;
            setMessage(result.message);
            setStatus('locked');
          }
        })
        .catch(() => {});
    };
    // the page hides again as it unloads, after pagehide: still leaving then
    let leaving = false;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') sendNow(leaving);
    };
    const onPageHide = () => {
      leaving = true;
      sendNow(true);
    };
    // back from the back-forward cache: this page is open again
    const onPageShow = () => {
      leaving = false;
    };
    const onOnline = () => {
      attempt.current = 0;
      void run();
    };
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
    };
  }, [enabled, run, storageKey, backUp]);

  useEffect(() => () => clearTimer(), []);

  /** Saves now and waits: true when the server holds exactly what is on the page. */
  const flush = useCallback(async () => {
    clearTimer();
    await run();
    return !halted() && optionsRef.current.isEqual(latest.current, saved.current);
  }, [run]);

  /** Settles a conflict: keep this page's text over the saved one, or take the saved one. */
  const resolveConflict = useCallback(
    (keep: 'mine' | 'theirs') => {
      const current = conflictRef.current;
      if (!current) return;
      setVersion(current.version);
      showConflict(null);
      if (keep === 'theirs') {
        saved.current = current.theirs;
        latest.current = current.theirs;
        optionsRef.current.replaceValue(current.theirs);
        writeBackup(storageKey, null);
        setStatus('saved');
      } else {
        saved.current = current.theirs;
        optionsRef.current.replaceValue(current.mine);
        latest.current = current.mine;
        void run();
      }
    },
    [run, showConflict, storageKey],
  );

  /** Forgets the local backup, e.g. once the page is submitted and the server holds it. */
  const discardBackup = useCallback(() => writeBackup(storageKey, null), [storageKey]);

  /** the version the next save is based on, current even before React re-renders */
  const currentVersion = useCallback(() => versionRef.current, []);

  return {
    status,
    message,
    currentVersion,
    savedAt,
    version,
    conflict,
    retryInSeconds,
    restored,
    flush,
    resolveConflict,
    discardBackup,
  };
}

/** The words a person reads for each state, e.g. in an aria-live status line. */
export function describeAutosave(status: AutosaveStatus, retryInSeconds: number | null) {
  switch (status) {
    case 'saved':
      return 'All changes saved';
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'retrying':
      return `Not saved — retrying${retryInSeconds ? ` in ${retryInSeconds}s` : ''}. Your text is kept in this browser.`;
    case 'conflict':
      return 'Not saved — this was changed in another tab or window';
    case 'invalid':
      return 'Not saved';
    case 'locked':
      return 'Not saved — this can no longer be changed';
  }
}
