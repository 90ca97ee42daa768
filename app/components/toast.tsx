import { useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';

export interface ToastMessage {
  kind: 'success' | 'error' | 'info';
  message: string;
}

/**
 * The result of the last change, announced politely to screen readers and dismissible. The
 * next form sent takes it away, so an old "Saved" never sits above a new error.
 */
export function ToastBanner({ toast }: { toast: ToastMessage | null }) {
  const [visible, setVisible] = useState<ToastMessage | null>(toast);
  const navigation = useNavigation();
  useEffect(() => setVisible(toast), [toast]);
  useEffect(() => {
    if (navigation.state === 'submitting') setVisible(null);
  }, [navigation.state]);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {visible ? (
        <div className={`toast toast--${visible.kind}`}>
          <span>{visible.message}</span>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setVisible(null)}
            aria-label="Dismiss message"
          >
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
