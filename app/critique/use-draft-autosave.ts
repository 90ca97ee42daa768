import { useCallback, useEffect, useRef, useState } from 'react';

export type DraftSaveState =
  'idle' | 'unsaved' | 'saving' | 'saved' | 'conflict' | 'offline' | 'locked';

interface DraftReply {
  status: 'saved' | 'conflict' | 'locked';
  version: number;
  body?: string;
  savedAt?: string;
}

/**
 * Keeps a piece of writing safe while it is typed: a copy in this browser on every
 * keystroke, a save to the server a moment after typing stops, when the tab is hidden
 * and when the page goes away. Saves carry the version they started from, so when
 * another tab saved first the writer sees both texts and chooses, instead of losing one.
 */
export function useDraftAutosave(options: {
  /** the resource route that answers saves with JSON */
  url: string;
  /** where this browser keeps its copy */
  storageKey: string;
  initialBody: string;
  initialVersion: number;
  delayMs?: number;
}) {
  const { url, storageKey, initialBody, initialVersion, delayMs = 1200 } = options;
  const [body, setBodyState] = useState(initialBody);
  const [state, setState] = useState<DraftSaveState>('idle');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ body: string; version: number } | null>(null);
  const [restored, setRestored] = useState(false);
  const bodyRef = useRef(initialBody);
  const savedBodyRef = useRef(initialBody);
  const versionRef = useRef(initialVersion);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef(false);
  const blocked = useRef(false);

  const formFor = (text: string) => {
    const form = new FormData();
    form.set('body', text);
    form.set('version', String(versionRef.current));
    return form;
  };

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    if (blocked.current || inFlight.current) return;
    const text = bodyRef.current;
    if (text === savedBodyRef.current) return;
    inFlight.current = true;
    setState('saving');
    try {
      const response = await fetch(url, { method: 'POST', body: formFor(text) });
      if (!response.ok) throw new Error(`save failed with ${response.status}`);
      const reply = (await response.json()) as DraftReply;
      if (reply.status === 'saved') {
        versionRef.current = reply.version;
        savedBodyRef.current = text;
        setSavedAt(reply.savedAt ?? new Date().toISOString());
        if (bodyRef.current === text) {
          setState('saved');
          window.localStorage.removeItem(storageKey);
        } else {
          setState('unsaved');
        }
      } else if (reply.status === 'conflict') {
        blocked.current = true;
        setConflict({ body: reply.body ?? '', version: reply.version });
        setState('conflict');
      } else {
        blocked.current = true;
        setState('locked');
      }
    } catch {
      // the text is still in this browser; try again shortly
      setState('offline');
      timer.current = setTimeout(() => void save(), 5000);
    } finally {
      inFlight.current = false;
    }
    if (!blocked.current && bodyRef.current !== savedBodyRef.current) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), delayMs);
    }
  }, [url, storageKey, delayMs]);

  const setBody = useCallback(
    (text: string) => {
      bodyRef.current = text;
      setBodyState(text);
      try {
        window.localStorage.setItem(
          storageKey,
          JSON.stringify({ body: text, version: versionRef.current, at: Date.now() }),
        );
      } catch {
        // storage full or blocked: the server save still runs
      }
      if (blocked.current) return;
      setState('unsaved');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), delayMs);
    },
    [storageKey, delayMs, save],
  );

  /** after a conflict: keep this tab's text over the newer one, or take the newer one */
  const resolveConflict = useCallback(
    (choice: 'mine' | 'theirs') => {
      if (!conflict) return;
      versionRef.current = conflict.version;
      savedBodyRef.current = conflict.body;
      blocked.current = false;
      setConflict(null);
      if (choice === 'theirs') {
        bodyRef.current = conflict.body;
        setBodyState(conflict.body);
        window.localStorage.removeItem(storageKey);
        setState('saved');
      } else {
        void save();
      }
    },
    [conflict, save, storageKey],
  );

  // a copy left in this browser by a tab that closed before saving comes back
  useEffect(() => {
    try {
      const raw = window.localStorage.getItem(storageKey);
      if (!raw) return;
      const copy = JSON.parse(raw) as { body?: unknown; version?: unknown; at?: unknown };
      // a copy written after this page started loading belongs to another open tab, not a lost one
      const leftBehind = typeof copy.at === 'number' && copy.at < performance.timeOrigin;
      if (
        leftBehind &&
        typeof copy.body === 'string' &&
        copy.version === initialVersion &&
        copy.body !== initialBody
      ) {
        setRestored(true);
        setBody(copy.body);
      } else if (!leftBehind) {
        return;
      } else {
        window.localStorage.removeItem(storageKey);
      }
    } catch {
      window.localStorage.removeItem(storageKey);
    }
    // only on arrival: later changes to the initial text must not replace what is typed
  }, []);

  useEffect(() => {
    const flush = () => {
      if (blocked.current || bodyRef.current === savedBodyRef.current) return;
      // keepalive lets the request finish after the page is gone
      void fetch(url, { method: 'POST', body: formFor(bodyRef.current), keepalive: true });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') void save();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(timer.current);
    };
  }, [url, save]);

  return { body, setBody, state, savedAt, conflict, resolveConflict, saveNow: save, restored };
}
