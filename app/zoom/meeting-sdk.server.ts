import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getLogger } from '../log.server';
import { notFound, requireCohortRole } from '../permissions/permissions.server';
import { getCoachingSession, getJoinLinkFor } from '../sessions/coaching-sessions.server';
import { getZoomClient, ZoomError, type ZoomClient } from './client.server';
import { getMeetingSdkConfig, getZoomApiConfig } from './config.server';
import { createMeetingSdkSignature } from './signature.server';

export interface MeetingSdkJoin {
  signature: string;
  sdkKey: string;
  meetingNumber: string;
  passcode: string;
  userName: string;
  userEmail: string;
  /** our user id, so Zoom's reports and webhooks name the person exactly */
  customerKey: string;
  role: 0 | 1;
  /** the host's Zoom access key, so the host starts the meeting from the embedded view */
  zak?: string;
  /** the on-behalf-of token Zoom asks of apps joining a meeting outside their own account */
  obfToken?: string;
  /** the person's own registrant token, when Zoom registered them for this meeting */
  tk?: string;
}

/** the registrant token in a personal join link (https://…/w/123?tk=…) */
function registrantToken(joinUrl: string | null) {
  if (!joinUrl || !URL.canParse(joinUrl)) return undefined;
  return new URL(joinUrl).searchParams.get('tk') ?? undefined;
}

/** a token Zoom may refuse (the host is not a user of Cadre's Zoom account): joining goes on without it */
async function optionalToken(fetchToken: () => Promise<string>, what: string) {
  try {
    return await fetchToken();
  } catch (error) {
    if (!(error instanceof ZoomError)) throw error;
    getLogger().warn({ err: error }, `zoom: no ${what} for this join`);
    return undefined;
  }
}

/**
 * The Zoom tokens one person joins with. The host gets a ZAK for their Zoom user (the
 * address Cadre scheduled the meeting under), so the meeting starts inside Cadre; everyone
 * else gets an OBF token tied to the host and this meeting, which Zoom requires when the
 * meeting belongs to another account, and their registrant token when they have one.
 */
export async function zoomJoinTokens(
  zoom: ZoomClient | null,
  input: {
    isHost: boolean;
    hostEmail: string;
    meetingNumber: string;
    registrantJoinUrl: string | null;
  },
): Promise<Pick<MeetingSdkJoin, 'zak' | 'obfToken' | 'tk'>> {
  const tk = registrantToken(input.registrantJoinUrl);
  if (!zoom) return tk ? { tk } : {};
  if (input.isHost) {
    const zak = await optionalToken(() => zoom.userToken(input.hostEmail, 'zak'), 'ZAK');
    return zak ? { zak } : {};
  }
  const obfToken = await optionalToken(
    () => zoom.userToken(input.hostEmail, 'onbehalf', { meetingId: input.meetingNumber }),
    'OBF token',
  );
  return { ...(obfToken ? { obfToken } : {}), ...(tk ? { tk } : {}) };
}

/**
 * What the browser needs to join one coaching session through the Meeting SDK. Only
 * admitted members of the cohort get it, and only the session's host gets role 1.
 */
export async function getMeetingSdkJoin(
  context: AppLoadContext,
  request: Request,
  input: { cohortId: string | undefined; coachingSessionId: string | undefined },
): Promise<MeetingSdkJoin> {
  const { user, cohort } = await requireCohortRole(context.db, request, input.cohortId, 'view');
  const session = await getCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: input.coachingSessionId,
  });
  if (!session) notFound('We could not find that coaching session.');
  if (session.status === 'cancelled') {
    throw data({ message: 'This coaching session was cancelled.' }, { status: 409 });
  }
  if (!session.meetingNumber) {
    throw data(
      { message: 'This session has no Zoom meeting yet. Ask the host to add its link.' },
      { status: 409 },
    );
  }
  const sdk = getMeetingSdkConfig(context.env);
  if (!sdk) {
    throw data(
      { message: 'Joining inside Cadre is not set up on this server. Use “Open Zoom” instead.' },
      { status: 503 },
    );
  }
  const isHost = session.hostId === user.id;
  const role = isHost ? 1 : 0;
  const tokens = await zoomJoinTokens(getZoomClient(getZoomApiConfig(context.env)), {
    isHost,
    hostEmail: session.hostEmail,
    meetingNumber: session.meetingNumber,
    registrantJoinUrl: isHost
      ? null
      : await getJoinLinkFor(context.db, { coachingSessionId: session.id, userId: user.id }),
  });
  return {
    signature: createMeetingSdkSignature({
      sdkKey: sdk.sdkKey,
      sdkSecret: sdk.sdkSecret,
      meetingNumber: session.meetingNumber,
      role,
    }),
    sdkKey: sdk.sdkKey,
    meetingNumber: session.meetingNumber,
    passcode: session.passcode ?? '',
    userName: user.name,
    userEmail: user.email,
    customerKey: user.id,
    role,
    ...tokens,
  };
}
