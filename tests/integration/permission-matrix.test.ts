import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { liveCommands } from '../../app/live/commands.server';
import { may, type CohortAccessRole, type CohortRule } from '../../app/permissions/policy';
import { buildCohort, buildMember, buildUser } from '../../db/builders';
import { DEMO_PASSWORD } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket, type TestSocket } from '../setup/sockets';
import { buildFuzzWorld, eventSpecs, type FuzzWorld } from './fuzz-specs';

/**
 * Every route (its loader as GET, its action as POST) and every socket command, tried by
 * eight people, each with the answer the permission policy gives them
 * (docs/decisions/035-one-permission-policy.md). The rows are checked against the route
 * files on disk and the events of the typed contract: a route or command without a row
 * fails the test, so a new one must say who may use it.
 *
 * The cohort under test is the demo organization's: `participant`, `coach` and
 * `facilitator` hold those roles in it, `orgAdmin` is an admin of its organization who does
 * not staff it; `otherParticipant` and `otherCoach` belong to another cohort of the same
 * organization, `otherOrgAdmin` administers another organization.
 */

const personas = [
  'anonymous',
  'participant',
  'otherParticipant',
  'coach',
  'otherCoach',
  'facilitator',
  'orgAdmin',
  'otherOrgAdmin',
] as const;
type Persona = (typeof personas)[number];

/** ok: the request was let through (a page, a download, a redirect, or a form error) */
type Outcome = 'ok' | 'login' | '403' | '404' | '405' | '401' | '409' | '410' | '500';
type Expected = Record<Persona, Outcome>;

/** what each persona is in the cohort under test */
const cohortRole: Partial<Record<Persona, CohortAccessRole>> = {
  participant: 'participant',
  coach: 'coach',
  facilitator: 'facilitator',
  orgAdmin: 'org-admin',
};

function everyone(outcome: Outcome): Expected {
  return Object.fromEntries(personas.map((p) => [p, outcome])) as Expected;
}
function signedIn(outcome: Outcome = 'ok'): Expected {
  return { ...everyone(outcome), anonymous: 'login' };
}
/** a cohort page guarded by a rule of the policy: others get 403, nobody gets sign-in */
function cohort(rule: CohortRule, denied: Outcome = '403'): Expected {
  const expected = signedIn(denied);
  for (const [persona, role] of Object.entries(cohortRole) as [Persona, CohortAccessRole][]) {
    expected[persona] = may(role, rule) ? 'ok' : denied;
  }
  return expected;
}
/** an organization's administration: each admin reaches their own organization's */
function orgAdmins(denied: Outcome = '403', admitted: Outcome = 'ok'): Expected {
  return { ...signedIn(denied), orgAdmin: admitted, otherOrgAdmin: admitted };
}
function but(base: Expected, overrides: Partial<Expected>): Expected {
  return { ...base, ...overrides };
}
const NO_ACTION = 'no action' as const;

interface Row {
  path: string;
  get: Expected;
  post: Expected | typeof NO_ACTION;
}

const PASSWORD = DEMO_PASSWORD;
let server: TestServer;
let w: FuzzWorld;
const clients = new Map<Persona, HttpClient>();
const emails = new Map<Persona, string>();
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  server = await startTestServer(
    {
      ZOOM_MEETING_SDK_KEY: 'matrix-sdk-key',
      ZOOM_MEETING_SDK_SECRET: 'matrix-sdk-secret',
    },
    { realtime: { eventsPerSecond: 100_000 } },
  );
  const db = server.db;
  w = await buildFuzzWorld(db);
  const passwordHash = await hashPassword(PASSWORD);
  const demo = await db
    .selectFrom('cohort')
    .select(['organization_id', 'program_id'])
    .where('id', '=', w.spring)
    .executeTakeFirstOrThrow();
  const otherOrg = await db
    .selectFrom('cohort')
    .select('organization_id')
    .where('id', '=', w.other.cohort)
    .executeTakeFirstOrThrow();

  // the participant belongs to both demo cohorts, so spring's evidence and fall's plans are theirs to reach
  const participantId = w.springParticipants[0]!.user_id;
  if (!w.fallParticipants.some((member) => member.user_id === participantId)) {
    await buildMember(db, { cohortId: w.fall, userId: participantId, role: 'participant' });
  }
  // another cohort of the demo organization, with its own coach and participant
  const otherFacilitator = await buildUser(db, {
    organizationId: demo.organization_id,
    passwordHash,
  });
  const otherCoach = await buildUser(db, {
    organizationId: demo.organization_id,
    passwordHash,
    mayCoach: true,
  });
  const otherParticipant = await buildUser(db, {
    organizationId: demo.organization_id,
    passwordHash,
  });
  const another = await buildCohort(db, {
    organizationId: demo.organization_id,
    programId: demo.program_id,
    facilitatorId: otherFacilitator.id,
    coachId: otherCoach.id,
    name: 'Another Demo Cohort',
  });
  await buildMember(db, { cohortId: another.id, userId: otherParticipant.id, role: 'participant' });
  const otherOrgAdmin = await buildUser(db, {
    organizationId: otherOrg.organization_id,
    passwordHash,
    isOrgAdmin: true,
  });

  emails.set('participant', w.emails.participant);
  emails.set('otherParticipant', otherParticipant.email);
  emails.set('coach', w.emails.coach);
  emails.set('otherCoach', otherCoach.email);
  emails.set('facilitator', w.emails.facilitator);
  emails.set('orgAdmin', w.emails.admin);
  emails.set('otherOrgAdmin', otherOrgAdmin.email);
  for (const persona of personas) await signIn(persona);
}, 180_000);

afterAll(async () => {
  await server?.close();
});

async function signIn(persona: Persona) {
  const client = new HttpClient(server.url);
  const email = emails.get(persona);
  if (email) {
    const response = await client.signIn(email, PASSWORD);
    if (response.status !== 302) throw new Error(`${persona} could not sign in`);
  }
  clients.set(persona, client);
}

function classify(response: Response): Outcome {
  const { status } = response;
  const location = response.headers.get('location') ?? '';
  if (status >= 300 && status < 400 && /^(https?:\/\/[^/]+)?\/login(\?|$)/.test(location)) {
    return 'login';
  }
  if (status === 400 || status === 422 || status === 413 || status === 415 || status === 429) {
    return 'ok';
  }
  if (status < 400) return 'ok';
  if (['401', '403', '404', '405', '409', '410'].includes(String(status))) {
    return String(status) as Outcome;
  }
  return '500';
}

// ---------------------------------------------------------------------------------------
// the table

function routeRows(): Record<string, Row> {
  const spring = `/cohorts/${w.spring}`;
  const fall = `/cohorts/${w.fall}`;
  const program = `/programs/${w.program}`;
  const authoring = `/authoring/programs/${w.program}`;
  const transcript = (rest = '') => `/transcripts/${w.springParticipants[0]!.user_id}${rest}`;
  return {
    '$.tsx': { path: '/no-such-page', get: signedIn('404'), post: NO_ACTION },
    '_index.tsx': { path: '/?index', get: signedIn(), post: signedIn() },
    '_auth+/login.tsx': { path: '/login', get: everyone('ok'), post: everyone('ok') },
    '_auth+/logout.tsx': { path: '/logout', get: everyone('ok'), post: everyone('login') },
    '_auth+/forgot-password.tsx': {
      path: '/forgot-password',
      get: everyone('ok'),
      post: everyone('ok'),
    },
    '_auth+/reset-password.$token.tsx': {
      path: '/reset-password/no-such-token',
      get: everyone('410'),
      post: everyone('ok'),
    },
    '_auth+/sso.tsx': { path: '/sso', get: everyone('ok'), post: everyone('ok') },
    '_auth+/sso_.callback.tsx': { path: '/sso/callback', get: everyone('ok'), post: NO_ACTION },

    // the organization's administration: its own admins, and each admin sees their own organization
    'admin+/act48.tsx': { path: '/admin/act48', get: orgAdmins(), post: NO_ACTION },
    'admin+/act48_.perms.tsx': { path: '/admin/act48/perms', get: orgAdmins(), post: orgAdmins() },
    'admin+/act48_.perms[.]csv.ts': {
      path: '/admin/act48/perms.csv',
      get: orgAdmins(),
      post: NO_ACTION,
    },
    'admin+/act48_.perms_.$batchId[.]csv.ts': {
      path: `/admin/act48/perms/${MISSING}.csv`,
      get: but(orgAdmins(), { orgAdmin: '404', otherOrgAdmin: '404' }),
      post: NO_ACTION,
    },
    'admin+/fees.tsx': { path: '/admin/fees', get: orgAdmins(), post: NO_ACTION },
    'admin+/fees[.]csv.ts': { path: '/admin/fees.csv', get: orgAdmins(), post: NO_ACTION },
    'admin+/fees_.$feeId.tsx': {
      path: `/admin/fees/${w.dueFee}`,
      get: but(orgAdmins(), { otherOrgAdmin: '404' }),
      post: orgAdmins(),
    },
    'admin+/hours.tsx': { path: '/admin/hours', get: orgAdmins(), post: NO_ACTION },
    'admin+/hours[.]csv.ts': { path: '/admin/hours.csv', get: orgAdmins(), post: NO_ACTION },
    'admin+/integrations.tsx': { path: '/admin/integrations', get: orgAdmins(), post: NO_ACTION },
    'admin+/join-requests.tsx': { path: '/admin/join-requests', get: orgAdmins(), post: NO_ACTION },
    'admin+/organization.tsx': {
      path: '/admin/organization',
      get: orgAdmins(),
      post: orgAdmins(),
    },
    'admin+/organization_.signature.ts': {
      // no signature is uploaded: its admins are answered 404, everyone else 403
      path: '/admin/organization/signature',
      get: orgAdmins('403', '404'),
      post: NO_ACTION,
    },
    'admin+/outbox.tsx': { path: '/admin/outbox', get: orgAdmins(), post: NO_ACTION },
    'admin+/outbox_.$emailId.tsx': {
      path: `/admin/outbox/${MISSING}`,
      get: orgAdmins('403', '404'),
      post: NO_ACTION,
    },
    'admin+/people.tsx': { path: '/admin/people', get: orgAdmins(), post: NO_ACTION },
    'admin+/people_.$userId.tsx': {
      path: `/admin/people/${w.springParticipants[0]!.user_id}`,
      get: but(orgAdmins(), { otherOrgAdmin: '404' }),
      post: but(orgAdmins(), { otherOrgAdmin: '404' }),
    },
    'admin+/people_.import.tsx': {
      path: '/admin/people/import',
      get: orgAdmins(),
      post: orgAdmins(),
    },
    'admin+/people_.invite.tsx': {
      path: '/admin/people/invite',
      get: orgAdmins(),
      post: orgAdmins(),
    },
    'admin+/recognition.tsx': {
      path: '/admin/recognition',
      get: orgAdmins(),
      post: orgAdmins(),
    },
    'admin+/sign-in.tsx': { path: '/admin/sign-in', get: orgAdmins(), post: orgAdmins() },

    // authoring: authors and org admins of the program's organization
    'authoring+/_index.tsx': { path: '/authoring', get: orgAdmins(), post: orgAdmins() },
    'authoring+/images.$imageId.ts': {
      path: `/authoring/images/${MISSING}`,
      get: signedIn('404'),
      post: NO_ACTION,
    },
    'authoring+/images.ts': { path: '/authoring/images', get: everyone('ok'), post: orgAdmins() },
    'authoring+/import.tsx': { path: '/authoring/import', get: orgAdmins(), post: orgAdmins() },
    'authoring+/programs.$programId.tsx': {
      path: authoring,
      get: but(orgAdmins(), { otherOrgAdmin: '404' }),
      post: but(orgAdmins(), { otherOrgAdmin: '404' }),
    },
    'authoring+/programs.$programId_.credentials.$credentialId.tsx': {
      path: `${authoring}/credentials/${w.microCredential}`,
      get: but(orgAdmins(), { otherOrgAdmin: '404' }),
      post: but(orgAdmins(), { otherOrgAdmin: '404' }),
    },
    'authoring+/programs.$programId_.export[.]json.ts': {
      path: `${authoring}/export.json`,
      get: but(orgAdmins(), { otherOrgAdmin: '404' }),
      post: NO_ACTION,
    },
    'authoring+/programs.$programId_.modules.$moduleId.tsx': {
      path: `${authoring}/modules/${w.fallPathwayModule.module_id}`,
      get: but(orgAdmins(), { otherOrgAdmin: '404' }),
      post: but(orgAdmins(), { otherOrgAdmin: '404' }),
    },
    'authoring+/programs.$programId_.modules.$moduleId_.preview.tsx': {
      path: `${authoring}/modules/${w.fallPathwayModule.module_id}/preview`,
      get: but(orgAdmins(), { otherOrgAdmin: '404' }),
      post: NO_ACTION,
    },
    'bench+/document.tsx': { path: '/bench/document', get: everyone('404'), post: NO_ACTION },
    'calendar+/$feed.ts': { path: '/calendar/no-such-feed', get: everyone('404'), post: NO_ACTION },
    'catalog+/_index.tsx': { path: '/catalog', get: signedIn(), post: NO_ACTION },
    'catalog+/micro-credentials.$credentialId.tsx': {
      path: `/catalog/micro-credentials/${w.microCredential}`,
      get: but(signedIn(), { otherOrgAdmin: '404' }),
      post: NO_ACTION,
    },
    'catalog+/stacks.$programId.tsx': {
      path: `/catalog/stacks/${w.catalogStack}`,
      get: but(signedIn(), { otherOrgAdmin: '404' }),
      post: signedIn(),
    },
    'certificates+/$certificateId.tsx': {
      path: `/certificates/${MISSING}`,
      get: everyone('404'),
      post: NO_ACTION,
    },

    // the cohort: every rule of the policy
    'cohorts+/new.tsx': {
      // those who may start a cohort: facilitators and org admins
      path: '/cohorts/new',
      get: { ...orgAdmins(), facilitator: 'ok' },
      post: { ...orgAdmins(), facilitator: 'ok' },
    },
    'cohorts+/$cohortId+/_layout.tsx': { path: fall, get: cohort('view'), post: NO_ACTION },
    'cohorts+/$cohortId+/_index.tsx': {
      path: `${fall}?index`,
      get: cohort('view'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/act48.tsx': {
      path: `${fall}/act48`,
      get: cohort('administer'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/assessment+/_index.tsx': {
      path: `${spring}/assessment`,
      get: cohort('view'),
      post: cohort('manage'),
    },
    'cohorts+/$cohortId+/assessment+/questions.$number.tsx': {
      path: `${spring}/assessment/questions/1`,
      get: cohort('participate'),
      post: cohort('participate'),
    },
    'cohorts+/$cohortId+/assessment+/results[.]csv.ts': {
      path: `${spring}/assessment/results.csv`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/assessment+/review.tsx': {
      path: `${spring}/assessment/review`,
      get: cohort('participate'),
      post: cohort('participate'),
    },
    'cohorts+/$cohortId+/complete.tsx': {
      path: `${fall}/complete`,
      get: cohort('administer'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/evaluation.tsx': {
      path: `${fall}/evaluation`,
      get: cohort('participate'),
      post: cohort('participate'),
    },
    'cohorts+/$cohortId+/evaluation[.]csv.ts': {
      path: `${fall}/evaluation.csv`,
      get: cohort('administer'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/evidence+/$submissionId.tsx': {
      // a participant's draft: its author, partners and the cohort's staff read it
      path: `${spring}/evidence/${w.draft.id}`,
      get: but(cohort('manage'), { participant: '403' }),
      post: but(cohort('manage'), { participant: '403' }),
    },
    'cohorts+/$cohortId+/evidence+/$submissionId_.critique.tsx': {
      // the critique form is the asked partner's alone
      path: `${spring}/evidence/${w.inCritique.id}/critique`,
      get: signedIn('403'),
      post: signedIn('403'),
    },
    'cohorts+/$cohortId+/evidence+/$submissionId_.draft.ts': {
      // autosave is its author's alone
      path: `${spring}/evidence/${w.draft.id}/draft`,
      get: everyone('405'),
      post: signedIn('403'),
    },
    'cohorts+/$cohortId+/evidence+/$submissionId_.files.$itemId.ts': {
      // the draft holds no file: those who may read it are answered 404
      path: `${spring}/evidence/${w.draft.id}/files/${w.draft.item ?? MISSING}`,
      get: but(cohort('manage'), {
        participant: '403',
        coach: '404',
        facilitator: '404',
        orgAdmin: '404',
      }),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/evidence+/_index.tsx': {
      path: `${spring}/evidence`,
      get: cohort('view'),
      post: cohort('participate'),
    },
    'cohorts+/$cohortId+/gallery.tsx': {
      path: `${fall}/gallery`,
      get: cohort('view'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/gallery_.booklet[.]pdf.ts': {
      path: `${fall}/gallery/booklet.pdf`,
      get: cohort('view'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/hours.tsx': {
      path: `${fall}/hours`,
      get: cohort('manage'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/hours[.]csv.ts': {
      path: `${fall}/hours.csv`,
      get: cohort('export'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/hours_.$userId.tsx': {
      path: `${fall}/hours/${w.springParticipants[0]!.user_id}`,
      get: cohort('view'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/invite.tsx': {
      path: `${spring}/invite`,
      get: cohort('administer'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/modules.$moduleId.tsx': {
      path: `${fall}/modules/${w.fallPathwayModule.module_id}`,
      get: cohort('view'),
      post: cohort('participate'),
    },
    'cohorts+/$cohortId+/partners.tsx': {
      path: `${spring}/partners`,
      get: cohort('view'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/pathway.tsx': {
      path: `${fall}/pathway`,
      get: cohort('view'),
      post: cohort('curate'),
    },
    'cohorts+/$cohortId+/plans+/$planId.tsx': {
      path: `${fall}/plans/${w.plan.id}`,
      get: cohort('manage'),
      post: cohort('manage'),
    },
    'cohorts+/$cohortId+/plans+/$planId_.autosave.ts': {
      // autosave is its author's alone
      path: `${fall}/plans/${w.plan.id}/autosave`,
      get: everyone('405'),
      post: signedIn('403'),
    },
    'cohorts+/$cohortId+/plans+/$planId_.history.tsx': {
      path: `${fall}/plans/${w.plan.id}/history`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/plans+/$planId_.pdf.ts': {
      path: `${fall}/plans/${w.plan.id}/pdf`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/plans+/_index.tsx': {
      path: `${fall}/plans`,
      get: cohort('view'),
      post: cohort('participate'),
    },
    'cohorts+/$cohortId+/progress.tsx': {
      path: `${fall}/progress`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/progress[.]csv.ts': {
      path: `${fall}/progress.csv`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/roster.tsx': {
      path: `${spring}/roster`,
      get: cohort('manage'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/roster[.]csv.ts': {
      path: `${spring}/roster.csv`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/scoring+/$submissionId.tsx': {
      path: `${spring}/scoring/${w.submitted.id}`,
      get: cohort('score'),
      post: cohort('score'),
    },
    'cohorts+/$cohortId+/scoring+/_index.tsx': {
      path: `${spring}/scoring`,
      get: cohort('score'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/sessions+/$sessionId.tsx': {
      path: `${fall}/sessions/${w.fallSession}`,
      get: cohort('view'),
      post: cohort('manage'),
    },
    'cohorts+/$cohortId+/sessions+/$sessionId_.attendance.tsx': {
      path: `${fall}/sessions/${w.fallSession}/attendance`,
      get: cohort('manage'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/sessions+/$sessionId_.attendance[.]csv.ts': {
      path: `${fall}/sessions/${w.fallSession}/attendance.csv`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/sessions+/$sessionId_.calendar[.]ics.ts': {
      path: `${fall}/sessions/${w.fallSession}/calendar.ics`,
      get: cohort('view'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/sessions+/$sessionId_.edit.tsx': {
      path: `${fall}/sessions/${w.fallSession}/edit`,
      get: cohort('manage'),
      post: cohort('manage'),
    },
    'cohorts+/$cohortId+/sessions+/$sessionId_.live.tsx': {
      path: `${spring}/sessions/${w.springLive}/live`,
      get: cohort('view'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/sessions+/$sessionId_.live[.]csv.ts': {
      path: `${spring}/sessions/${w.springLive}/live.csv`,
      get: cohort('manage'),
      post: NO_ACTION,
    },
    'cohorts+/$cohortId+/sessions+/_index.tsx': {
      path: `${fall}/sessions`,
      get: cohort('view'),
      post: cohort('view'),
    },
    'cohorts+/$cohortId+/sessions+/new.tsx': {
      path: `${fall}/sessions/new`,
      get: cohort('manage'),
      post: cohort('manage'),
    },
    'cohorts+/$cohortId+/settings.tsx': {
      path: `${spring}/settings`,
      get: cohort('administer'),
      post: cohort('administer'),
    },
    'cohorts+/$cohortId+/share-out.tsx': {
      // the facilitator runs the share-out; the coach only when they host it (they do not here)
      path: `${fall}/share-out`,
      get: cohort('view'),
      post: but(cohort('host'), { coach: '403' }),
    },

    'credentials+/$credentialId.tsx': {
      path: `/credentials/${w.credential}`,
      get: everyone('ok'),
      post: signedIn(),
    },
    'credentials+/$credentialId[.]json.ts': {
      // not shared yet: its earner's cohort staff and org admin read it, nobody else
      path: `/credentials/${w.credential}.json`,
      get: { ...everyone('404'), coach: 'ok', facilitator: 'ok', orgAdmin: 'ok' },
      post: NO_ACTION,
    },
    'credentials+/$credentialId[.]jwt.ts': {
      path: `/credentials/${w.credential}.jwt`,
      get: { ...everyone('404'), coach: 'ok', facilitator: 'ok', orgAdmin: 'ok' },
      post: NO_ACTION,
    },
    'credentials+/$credentialId_.certificate[.]pdf.ts': {
      path: `/credentials/${w.credential}/certificate.pdf`,
      get: { ...signedIn('404'), coach: 'ok', facilitator: 'ok', orgAdmin: 'ok' },
      post: NO_ACTION,
    },
    'healthz.ts': { path: '/healthz', get: everyone('ok'), post: NO_ACTION },
    'invitations+/$token.tsx': {
      // the invitation names another address: signed in as someone else is refused
      path: `/invitations/${w.invitation.token}`,
      get: { ...everyone('403'), anonymous: 'ok' },
      post: everyone('ok'),
    },
    'issuers+/$orgSlug.ts': { path: '/issuers/no-such-org', get: everyone('404'), post: NO_ACTION },
    'issuers+/$orgSlug_.image.ts': {
      path: '/issuers/no-such-org/image',
      get: everyone('404'),
      post: NO_ACTION,
    },
    'issuers+/$orgSlug_.jwks[.]json.ts': {
      path: '/issuers/no-such-org/jwks.json',
      get: everyone('404'),
      post: NO_ACTION,
    },
    'issuers+/$orgSlug_.keys.$keyId.ts': {
      path: '/issuers/no-such-org/keys/no-such-key',
      get: everyone('404'),
      post: NO_ACTION,
    },
    'issuers+/$orgSlug_.status.revocation.ts': {
      path: '/issuers/no-such-org/status/revocation',
      get: everyone('404'),
      post: NO_ACTION,
    },
    'issuers+/$orgSlug_.status.revocation[.]jwt.ts': {
      path: '/issuers/no-such-org/status/revocation.jwt',
      get: everyone('404'),
      post: NO_ACTION,
    },
    'join+/$code.tsx': {
      path: `/join/${w.joinCode}`,
      get: but(everyone('ok'), { otherOrgAdmin: '403' }),
      post: everyone('ok'),
    },
    'learner-records+/$recordId.tsx': {
      path: `/learner-records/${MISSING}`,
      get: everyone('404'),
      post: NO_ACTION,
    },
    'learner-records+/$recordId[.]json.ts': {
      path: `/learner-records/${MISSING}.json`,
      get: everyone('404'),
      post: NO_ACTION,
    },
    'learner-records+/$recordId[.]jwt.ts': {
      path: `/learner-records/${MISSING}.jwt`,
      get: everyone('404'),
      post: NO_ACTION,
    },
    'me+/account.tsx': { path: '/me/account', get: signedIn(), post: NO_ACTION },
    'me+/account._index.tsx': {
      path: '/me/account?index',
      get: signedIn(),
      post: signedIn(),
    },
    'me+/account.data.tsx': { path: '/me/account/data', get: signedIn(), post: NO_ACTION },
    'me+/account.data[.]zip.ts': { path: '/me/account/data.zip', get: signedIn(), post: NO_ACTION },
    'me+/account.email.tsx': { path: '/me/account/email', get: signedIn(), post: signedIn() },
    'me+/account.notifications.tsx': {
      path: '/me/account/notifications',
      get: signedIn(),
      post: signedIn(),
    },
    'me+/account.password.tsx': {
      path: '/me/account/password',
      get: signedIn(),
      post: signedIn(),
    },
    'me+/account.sessions.tsx': {
      path: '/me/account/sessions',
      get: signedIn(),
      post: signedIn(),
    },
    'me+/chapter-14[.]pdf.ts': {
      path: '/me/chapter-14.pdf',
      get: signedIn('404'),
      post: NO_ACTION,
    },
    'me+/email.$token.tsx': {
      path: '/me/email/no-such-token',
      get: everyone('410'),
      post: everyone('410'),
    },
    'me+/transcript.tsx': { path: '/me/transcript', get: signedIn(), post: NO_ACTION },
    'me+/transcript[.]pdf.ts': { path: '/me/transcript.pdf', get: signedIn(), post: NO_ACTION },
    'notifications+/_index.tsx': { path: '/notifications', get: signedIn(), post: signedIn() },
    'organizations+/$orgSlug.logo.$version.ts': {
      path: '/organizations/no-such-org/logo/1',
      get: everyone('404'),
      post: NO_ACTION,
    },
    'programs+/$programId.assessment._index.tsx': {
      // the program's assessment: its organization's admins and coaches
      path: `${program}/assessment`,
      get: { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
      post: { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
    },
    'programs+/$programId.assessment.items.$itemId.tsx': {
      path: `${program}/assessment/items/${w.assessmentItems[0]!.id}`,
      get: { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
      post: { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
    },
    'programs+/$programId.assessment.preview.tsx': {
      path: `${program}/assessment/preview`,
      get: { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
      post: NO_ACTION,
    },
    'programs+/$programId.credentials.tsx': {
      path: `${program}/credentials`,
      get: { ...signedIn('403'), orgAdmin: 'ok' },
      post: { ...signedIn('403'), orgAdmin: 'ok' },
    },
    'resources+/cohorts.ts': {
      path: '/resources/cohorts',
      get: { ...everyone('ok'), anonymous: '401' },
      post: NO_ACTION,
    },
    'resources+/people.ts': {
      // people to invite: those who administer the cohort (others get an empty list or 403)
      path: `/resources/people?cohortId=${w.spring}&q=a`,
      get: {
        ...everyone('403'),
        anonymous: '401',
        facilitator: 'ok',
        orgAdmin: 'ok',
        otherOrgAdmin: 'ok',
      },
      post: NO_ACTION,
    },
    'resources+/ping.ts': { path: '/resources/ping', get: everyone('ok'), post: NO_ACTION },
    'resources+/zoom-signature.ts': {
      path: '/resources/zoom-signature',
      get: everyone('ok'),
      post: signedIn('404'),
    },
    'transcripts+/$userId.tsx': {
      // the participant's own transcript: theirs, their cohorts' staff and their organization's admins
      path: transcript(),
      get: {
        ...signedIn('404'),
        participant: 'ok',
        coach: 'ok',
        facilitator: 'ok',
        orgAdmin: 'ok',
      },
      post: NO_ACTION,
    },
    'transcripts+/$userId[.]pdf.ts': {
      path: transcript('.pdf'),
      get: {
        ...signedIn('404'),
        participant: 'ok',
        coach: 'ok',
        facilitator: 'ok',
        orgAdmin: 'ok',
      },
      post: NO_ACTION,
    },
    'transcripts+/$userId_.certificates.$cohortId[.]pdf.ts': {
      // no certificate for that cohort yet
      path: transcript(`/certificates/${w.fall}.pdf`),
      get: signedIn('404'),
      post: NO_ACTION,
    },
    'transcripts+/$userId_.chapter-14[.]pdf.ts': {
      path: transcript('/chapter-14.pdf'),
      get: signedIn('404'),
      post: NO_ACTION,
    },
    'transcripts+/$userId_.learner-record.ts': {
      path: transcript('/learner-record'),
      get: everyone('ok'),
      post: signedIn(),
    },
    'unsubscribe.$token.tsx': {
      path: '/unsubscribe/no-such-token',
      get: everyone('404'),
      post: everyone('404'),
    },
    'webhooks+/zoom.ts': {
      // no webhook secret is configured on this server
      path: '/webhooks/zoom',
      get: everyone('ok'),
      post: everyone('404'),
    },
  };
}

/** route files on disk, as `folder+/file.tsx`; `__` modules are shared code, not routes */
function routeFilesOnDisk(): string[] {
  const root = path.resolve('app/routes');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.startsWith('__')) {
        found.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort();
}

function hasAction(file: string) {
  const source = readFileSync(path.resolve('app/routes', file), 'utf8');
  return /export (async function|const|let) action\b|export \{[^}]*\baction\b[^}]*\}/.test(source);
}

/** events a client may send, read from the typed contract */
function socketEventsOfContract(): string[] {
  const source = readFileSync(path.resolve('realtime/events.ts'), 'utf8');
  const body = /interface ClientToServerEvents[^{]*\{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  const named = [...body.matchAll(/^\s*'([a-z-]+:[a-z-]+)'\s*:/gm)].map((match) => match[1]!);
  return [...named, ...Object.keys(liveCommands)].sort();
}

async function request(persona: Persona, method: 'GET' | 'POST', target: string) {
  const client = clients.get(persona)!;
  const response =
    method === 'GET'
      ? await client.get(target)
      : await client.post(target, { intent: 'permission-matrix' });
  await response.arrayBuffer();
  return classify(response);
}

describe('every route', () => {
  it('has a row, and a row for every route', () => {
    const rows = routeRows();
    expect(Object.keys(rows).sort()).toEqual(routeFilesOnDisk());
    const withoutMatchingAction = Object.entries(rows)
      .filter(([file, row]) => (row.post !== NO_ACTION) !== hasAction(file))
      .map(([file]) => file);
    expect(withoutMatchingAction).toEqual([]);
  });

  it('answers each persona as the policy says', async () => {
    const rows = routeRows();
    const mismatches: string[] = [];
    for (const [file, row] of Object.entries(rows)) {
      for (const method of ['GET', 'POST'] as const) {
        const expected = method === 'GET' ? row.get : row.post;
        if (expected === NO_ACTION) continue;
        for (const persona of personas) {
          const actual = await request(persona, method, row.path);
          if (actual !== expected[persona]) {
            mismatches.push(
              `${file} ${method} ${persona}: expected ${expected[persona]}, got ${actual}`,
            );
          }
          // signing out (or a session ended by a form) is undone so the next row is asked as before
          if (persona !== 'anonymous' && method === 'POST') {
            const still = await clients.get(persona)!.get('/me/account');
            await still.arrayBuffer();
            if (classify(still) === 'login') await signIn(persona);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 600_000);
});

// ---------------------------------------------------------------------------------------
// socket commands

type SocketOutcome = 'ok' | 'refused' | 'denied';

const REFUSALS =
  /not a member|^you are not in this room|join the room first|only the host|hosts run the poll|^forbidden$|not found|not watching/i;

function socketRows(): Record<string, Record<Persona, SocketOutcome>> {
  const inRoom = (rule: CohortRule): Record<Persona, SocketOutcome> => {
    const expected = Object.fromEntries(
      personas.map((p) => [p, p === 'anonymous' ? 'refused' : 'denied']),
    ) as Record<Persona, SocketOutcome>;
    for (const [persona, role] of Object.entries(cohortRole) as [Persona, CohortAccessRole][]) {
      expected[persona] = may(role, rule) ? 'ok' : 'denied';
    }
    return expected;
  };
  const rows: Record<string, Record<Persona, SocketOutcome>> = {
    'room:join': inRoom('view'),
    'room:leave': inRoom('view'),
    'presence:watch': inRoom('view'),
    'presence:unwatch': inRoom('view'),
  };
  for (const [name, spec] of Object.entries(liveCommands)) {
    rows[name] = inRoom(spec.hostOnly ? 'host' : 'view');
  }
  // lowering someone else's hand is the host's
  rows['hand:lower'] = inRoom('host');
  return rows;
}

describe('every socket command', () => {
  it('has a row, and a row for every command of the contract', () => {
    expect(Object.keys(socketRows()).sort()).toEqual(socketEventsOfContract());
  });

  it('answers each persona as the policy says', async () => {
    const rows = socketRows();
    const specs = eventSpecs(w);
    const mismatches: string[] = [];
    for (const persona of personas) {
      const socket: TestSocket = createSocket(server.url, {
        cookie: clients.get(persona)!.cookieHeader,
      });
      try {
        if (persona === 'anonymous') {
          const refused = await connect(socket).then(
            () => false,
            () => true,
          );
          for (const name of Object.keys(rows)) {
            const actual: SocketOutcome = refused ? 'refused' : 'ok';
            if (actual !== rows[name]![persona]) {
              mismatches.push(
                `${name} ${persona}: expected ${rows[name]![persona]}, got ${actual}`,
              );
            }
          }
          continue;
        }
        await connect(socket);
        // the room first, so its commands are asked of someone in it (or kept out of it)
        const order = [
          'room:join',
          'presence:watch',
          ...Object.keys(liveCommands),
          'presence:unwatch',
          'room:leave',
        ];
        for (const name of order) {
          const payload = { ...specs[name]!.base };
          if ('cohortId' in payload) payload.cohortId = w.spring;
          if (name === 'room:join') delete payload.afterSeq;
          // events are named at run time here, so the contract's types cannot follow them
          const emit = socket.timeout(5000) as unknown as {
            emitWithAck: (event: string, payload: unknown) => Promise<{ error?: string }>;
          };
          const reply = await emit.emitWithAck(name, payload);
          const actual: SocketOutcome =
            reply && 'error' in reply && reply.error && REFUSALS.test(reply.error)
              ? 'denied'
              : 'ok';
          if (actual !== rows[name]![persona]) {
            mismatches.push(
              `${name} ${persona}: expected ${rows[name]![persona]}, got ${actual} (${reply?.error ?? 'ok'})`,
            );
          }
        }
      } finally {
        socket.disconnect();
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
