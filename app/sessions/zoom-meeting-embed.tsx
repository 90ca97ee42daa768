import type ZoomMtgEmbedded from '@zoom/meetingsdk/embedded';
import { useEffect, useRef, useState } from 'react';

type EmbedState =
  | { step: 'idle' }
  | { step: 'signing' }
  | { step: 'loading' }
  | { step: 'mounted' }
  | { step: 'joined' }
  | { step: 'failed'; message: string };

interface JoinPayload {
  signature: string;
  sdkKey: string;
  meetingNumber: string;
  passcode: string;
  userName: string;
  userEmail: string;
  customerKey: string;
  zak?: string;
  obfToken?: string;
  tk?: string;
}

type EmbeddedSdk = typeof ZoomMtgEmbedded;

function sdkFrom(loaded: { default: EmbeddedSdk }): EmbeddedSdk {
  // the package is a UMD bundle: the namespace may arrive as default or default.default
  const first = loaded.default as EmbeddedSdk | { default: EmbeddedSdk };
  return 'createClient' in first ? first : first.default;
}

function failureText(error: unknown) {
  if (error && typeof error === 'object' && 'reason' in error) {
    return String((error as { reason: unknown }).reason);
  }
  return error instanceof Error ? error.message : 'Zoom could not be reached.';
}

/**
 * The Zoom meeting inside the page (Meeting SDK component view). The SDK touches
 * `navigator` as soon as it loads, so it is imported here, in an effect, and only once the
 * person asks to join; the signature comes from the server, never the secret.
 */
export function ZoomMeetingEmbed({
  cohortId,
  coachingSessionId,
  joinLabel = 'Join the meeting here',
  fallbackUrl,
}: {
  cohortId: string;
  coachingSessionId: string;
  joinLabel?: string;
  /** where to go when the meeting cannot open inside the page */
  fallbackUrl: string | null;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<EmbedState>({ step: 'idle' });
  const [wantsToJoin, setWantsToJoin] = useState(false);

  useEffect(() => {
    if (!wantsToJoin) return;
    let cancelled = false;
    async function join() {
      setState({ step: 'signing' });
      const response = await fetch('/resources/zoom-signature', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ cohortId, coachingSessionId }),
      });
      const body = (await response.json().catch(() => ({}))) as Partial<JoinPayload> & {
        message?: string;
      };
      if (!response.ok || !body.signature) {
        throw new Error(body.message ?? 'Cadre could not prepare your seat in the meeting.');
      }
      if (cancelled) return;
      setState({ step: 'loading' });
      const sdk = sdkFrom(await import('@zoom/meetingsdk/embedded'));
      const client = sdk.createClient();
      const root = container.current;
      if (!root || cancelled) return;
      await client.init({
        zoomAppRoot: root,
        language: 'en-US',
        patchJsMedia: true,
        leaveOnPageUnload: true,
      });
      setState({ step: 'mounted' });
      await client.join({
        signature: body.signature,
        sdkKey: body.sdkKey,
        meetingNumber: body.meetingNumber ?? '',
        password: body.passcode,
        userName: body.userName ?? 'Participant',
        userEmail: body.userEmail,
        customerKey: body.customerKey,
        // the host starts with their own key; others join with their registrant token and,
        // for a meeting outside Cadre's Zoom account, the on-behalf token Zoom asks for
        ...(body.zak ? { zak: body.zak } : {}),
        ...(body.obfToken && !body.zak ? { obfToken: body.obfToken } : {}),
        ...(body.tk ? { tk: body.tk } : {}),
      });
      if (!cancelled) setState({ step: 'joined' });
    }
    join().catch((error: unknown) => {
      if (!cancelled) setState({ step: 'failed', message: failureText(error) });
    });
    return () => {
      cancelled = true;
    };
  }, [wantsToJoin, cohortId, coachingSessionId]);

  const status: Record<EmbedState['step'], string> = {
    idle: '',
    signing: 'Preparing your seat…',
    loading: 'Loading Zoom…',
    mounted: 'Connecting to the meeting…',
    joined: 'You are in the meeting.',
    failed: '',
  };

  return (
    <div className="zoom-embed stack">
      {state.step === 'idle' ? (
        <p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => setWantsToJoin(true)}
          >
            {joinLabel}
          </button>
        </p>
      ) : null}
      {/* not role="status": the live room's connection line is the page's one status */}
      <p className="muted" aria-live="polite">
        {status[state.step]}
      </p>
      {state.step === 'failed' ? (
        <div className="alert alert--error" role="alert">
          The meeting could not open inside Cadre: {state.message}{' '}
          {fallbackUrl ? (
            <a href={fallbackUrl} rel="noopener noreferrer" target="_blank">
              Open Zoom instead
            </a>
          ) : (
            'Ask the host for the meeting link.'
          )}
        </div>
      ) : null}
      <div
        ref={container}
        className="zoom-embed__root"
        data-testid="zoom-meeting-root"
        data-state={state.step}
        aria-label="Zoom meeting video"
        role="region"
      />
    </div>
  );
}
