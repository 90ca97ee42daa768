import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Env } from '../env.server';
import { zoomStatus } from '../zoom/config.server';

type Executor = Kysely<Database>;

/**
 * One connection Cadre can make, said in plain words: what works now, what people notice
 * when it is missing, and what an administrator sets to connect it. The names of settings
 * appear here and on the integrations page only, never on pages others see.
 */
export interface Integration {
  id: string;
  title: string;
  connected: boolean;
  /** what people get now, connected or not */
  summary: string;
  /** what is missing for people while it is not connected; null when connected */
  missing: string | null;
  /** the settings (environment variables of the server) that connect it */
  settings: string[];
  /** where to get the values, for the administrator */
  how: string;
}

export interface SingleSignOnStatus {
  /** the providers this organization signs people in with (Google, Microsoft, …) */
  providers: number;
}

/** How many single sign-on providers the organization has turned on. */
export async function getSingleSignOnStatus(
  db: Executor,
  organizationId: string,
): Promise<SingleSignOnStatus> {
  const row = await db
    .selectFrom('oidc_connection')
    .select(sql<string>`count(*)`.as('count'))
    .where('organization_id', '=', organizationId)
    .where('enabled', '=', true)
    .executeTakeFirstOrThrow();
  return { providers: Number(row.count) };
}

type IntegrationEnv = Pick<
  Env,
  | 'ZOOM_ACCOUNT_ID'
  | 'ZOOM_CLIENT_ID'
  | 'ZOOM_CLIENT_SECRET'
  | 'ZOOM_API_BASE_URL'
  | 'ZOOM_OAUTH_URL'
  | 'ZOOM_MEETING_SDK_KEY'
  | 'ZOOM_MEETING_SDK_SECRET'
  | 'ZOOM_WEBHOOK_SECRET_TOKEN'
  | 'SMTP_URL'
  | 'REDIS_URL'
>;

/** Every connection, in the order an administrator would set them up. */
export async function listIntegrations(
  db: Executor,
  env: IntegrationEnv,
  organizationId: string,
): Promise<Integration[]> {
  const zoom = zoomStatus(env);
  const sso = await getSingleSignOnStatus(db, organizationId);
  return [
    {
      id: 'zoom-api',
      title: 'Zoom meetings and reports',
      connected: zoom.api,
      summary: zoom.api
        ? 'Cadre creates a Zoom meeting for each coaching session (or uses the cohort’s own recurring meeting or personal room), registers every participant with their own link, lets the host start the meeting inside Cadre, and reads Zoom’s participant reports for attendance 15 minutes, 1 hour and 24 hours after each meeting.'
        : 'Facilitators paste each meeting’s join link by hand when they schedule a coaching session.',
      missing: zoom.api
        ? null
        : 'Cadre cannot create meetings or give each participant their own link, and attendance comes only from the live room and facilitators’ corrections, not from Zoom’s reports.',
      settings: ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'],
      how: 'Create a Server-to-Server OAuth app in the Zoom App Marketplace (Develop → Build App) with the meeting, registrant, report and user-token (ZAK) scopes, and copy its account ID, client ID and client secret. Hosts must be users on that Zoom account to start meetings inside Cadre.',
    },
    {
      id: 'zoom-sdk',
      title: 'Zoom inside Cadre',
      connected: zoom.meetingSdk,
      summary: zoom.meetingSdk
        ? 'Everyone joins the Zoom meeting inside the session’s live room, beside hands, chat and polls, each as themselves.'
        : 'The live room links to the meeting in Zoom instead.',
      missing: zoom.meetingSdk
        ? null
        : 'Participants join Zoom in the Zoom app instead of inside Cadre, and switch between the two windows during a coaching session.',
      settings: ['ZOOM_MEETING_SDK_KEY', 'ZOOM_MEETING_SDK_SECRET'],
      how: 'Create a General app in the Zoom App Marketplace, turn on Embed → Meeting SDK, and copy its client ID and client secret.',
    },
    {
      id: 'zoom-webhooks',
      title: 'Zoom attendance as it happens',
      connected: zoom.webhooks,
      summary: zoom.webhooks
        ? 'Zoom tells Cadre when each person joins and leaves a meeting, so attendance is recorded minute by minute.'
        : 'Zoom does not tell Cadre who joins or leaves a meeting.',
      missing: zoom.webhooks
        ? null
        : 'Facilitators see Zoom attendance only once Zoom’s report is read after the meeting, or not at all without the meetings connection above.',
      settings: ['ZOOM_WEBHOOK_SECRET_TOKEN'],
      how: 'In the same Zoom app, add an event subscription pointed at this server’s /webhooks/zoom address (meeting started and ended, participant joined and left) and copy its Secret Token.',
    },
    {
      id: 'email',
      title: 'Email',
      connected: Boolean(env.SMTP_URL),
      summary: env.SMTP_URL
        ? 'Invitations, reminders, password resets and notices are delivered to people’s inboxes. Every message is also listed in the outbox.'
        : 'Email is stored in the outbox and not delivered.',
      missing: env.SMTP_URL
        ? null
        : 'Nobody receives invitations, reminders or password-reset links by email; you can read each message in the outbox and pass it on yourself.',
      settings: ['SMTP_URL', 'MAIL_FROM'],
      how: 'Ask your mail provider (or your district’s IT team) for an SMTP address with a user name and password, such as smtp://user:password@smtp.example.org:587, and the address mail should come from.',
    },
    {
      id: 'sso',
      title: 'Single sign-on',
      connected: sso.providers > 0,
      summary:
        sso.providers > 0
          ? `People can sign in with ${sso.providers === 1 ? 'one provider' : `${sso.providers} providers`} your organization uses (such as Google or Microsoft).`
          : 'Not set up: everyone signs in with an email address and a Cadre password.',
      missing:
        sso.providers > 0
          ? null
          : 'People cannot sign in with their school Google or Microsoft account and keep one more password.',
      settings: [],
      how: 'Single sign-on is set up per organization by an org admin in Cadre, with the issuer, client ID and secret from your Google Workspace or Microsoft 365 administrator.',
    },
    {
      id: 'redis',
      title: 'Live room across several servers',
      connected: Boolean(env.REDIS_URL),
      summary: env.REDIS_URL
        ? 'Cadre can run on several servers at once: everyone in a live room sees the same hands, chat and polls whichever server they reach.'
        : 'Cadre runs the live room on one server, which is all a single server needs.',
      missing: env.REDIS_URL
        ? null
        : 'If Cadre is run on more than one server behind one address, people on different servers would not see each other in the live room. With one server, nothing is missing.',
      settings: ['REDIS_URL'],
      how: 'Whoever runs Cadre’s servers sets the address of a Redis server (redis://host:6379) on every server.',
    },
  ];
}
