import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import { notFound, requireCohortRole } from '../permissions/permissions.server';
import { getCoachingSession } from '../sessions/coaching-sessions.server';
import { getMeetingSdkConfig } from './config.server';
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
  const { user, cohort } = await requireCohortRole(context.db, request, input.cohortId, 'any');
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
      {
        message:
          'Joining inside Cadre is not set up on this server. Use “Open in the Zoom app” instead.',
      },
      { status: 503 },
    );
  }
  const role = session.hostId === user.id ? 1 : 0;
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
  };
}
