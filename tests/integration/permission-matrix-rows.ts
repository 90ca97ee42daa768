import { may, type CohortAccessRole, type CohortRule } from '../../app/permissions/policy';
import type { FuzzWorld } from './fuzz-specs';

/**
 * The permission matrix's personas, outcomes and route table
 * (docs/decisions/035-one-permission-policy.md).
 */

export const personas = [
  'anonymous',
  'participant',
  'otherParticipant',
  'coach',
  'otherCoach',
  'facilitator',
  'orgAdmin',
  'otherOrgAdmin',
] as const;
export type Persona = (typeof personas)[number];

/** ok: the request was let through (a page, a download, a redirect, or a form error) */
export type Outcome = 'ok' | 'login' | '403' | '404' | '405' | '401' | '409' | '410' | '500';
export type Expected = Record<Persona, Outcome>;

/** what each persona is in the cohort under test */
export const cohortRole: Partial<Record<Persona, CohortAccessRole>> = {
  participant: 'participant',
  coach: 'coach',
  facilitator: 'facilitator',
  orgAdmin: 'org-admin',
};

export function everyone(outcome: Outcome): Expected {
  return Object.fromEntries(personas.map((p) => [p, outcome])) as Expected;
}
export function signedIn(outcome: Outcome = 'ok'): Expected {
  return { ...everyone(outcome), anonymous: 'login' };
}
/** a cohort page guarded by a rule of the policy: others get 403, nobody gets sign-in */
export function cohort(rule: CohortRule, denied: Outcome = '403'): Expected {
  const expected = signedIn(denied);
  for (const [persona, role] of Object.entries(cohortRole) as [Persona, CohortAccessRole][]) {
    expected[persona] = may(role, rule) ? 'ok' : denied;
  }
  return expected;
}
/** an organization's administration: each admin reaches their own organization's */
export function orgAdmins(denied: Outcome = '403', admitted: Outcome = 'ok'): Expected {
  return { ...signedIn(denied), orgAdmin: admitted, otherOrgAdmin: admitted };
}
export function but(base: Expected, overrides: Partial<Expected>): Expected {
  return { ...base, ...overrides };
}
export const NO_ACTION = 'no action' as const;

export interface Row {
  path: string;
  get: Expected;
  post: Expected | typeof NO_ACTION;
}
/** a route's row: who may load it, and who may post to it (most routes take no posts) */
export function page(path: string, get: Expected, post: Row['post'] = NO_ACTION): Row {
  return { path, get, post };
}

export const MISSING = '00000000-0000-4000-8000-000000000000';

// ---------------------------------------------------------------------------------------
// the table

/** Every route file: the path it is tried at, and each persona's answer to GET and POST. */
export function routeRows(w: FuzzWorld): Record<string, Row> {
  const spring = `/cohorts/${w.spring}`;
  const fall = `/cohorts/${w.fall}`;
  const program = `/programs/${w.program}`;
  const authoring = `/authoring/programs/${w.program}`;
  const transcript = (rest = '') => `/transcripts/${w.springParticipants[0]!.user_id}${rest}`;
  return {
    '$.tsx': page('/no-such-page', signedIn('404')),
    '_index.tsx': page('/?index', signedIn(), signedIn()),
    '_auth+/login.tsx': page('/login', everyone('ok'), everyone('ok')),
    '_auth+/logout.tsx': page('/logout', everyone('ok'), everyone('login')),
    '_auth+/forgot-password.tsx': page('/forgot-password', everyone('ok'), everyone('ok')),
    '_auth+/reset-password.$token.tsx': page(
      '/reset-password/no-such-token',
      everyone('410'),
      everyone('ok'),
    ),
    '_auth+/sso.tsx': page('/sso', everyone('ok'), everyone('ok')),
    '_auth+/sso_.callback.tsx': page('/sso/callback', everyone('ok')),

    // the organization's administration: its own admins, and each admin sees their own organization
    'admin+/act48.tsx': page('/admin/act48', orgAdmins()),
    'admin+/act48_.perms.tsx': page('/admin/act48/perms', orgAdmins(), orgAdmins()),
    'admin+/act48_.perms[.]csv.ts': page('/admin/act48/perms.csv', orgAdmins()),
    'admin+/act48_.perms_.$batchId[.]csv.ts': page(
      `/admin/act48/perms/${MISSING}.csv`,
      but(orgAdmins(), { orgAdmin: '404', otherOrgAdmin: '404' }),
    ),
    'admin+/fees.tsx': page('/admin/fees', orgAdmins()),
    'admin+/fees[.]csv.ts': page('/admin/fees.csv', orgAdmins()),
    'admin+/fees_.$feeId.tsx': page(
      `/admin/fees/${w.dueFee}`,
      but(orgAdmins(), { otherOrgAdmin: '404' }),
      orgAdmins(),
    ),
    'admin+/hours.tsx': page('/admin/hours', orgAdmins()),
    'admin+/hours[.]csv.ts': page('/admin/hours.csv', orgAdmins()),
    'admin+/integrations.tsx': page('/admin/integrations', orgAdmins()),
    'admin+/join-requests.tsx': page('/admin/join-requests', orgAdmins()),
    'admin+/organization.tsx': page('/admin/organization', orgAdmins(), orgAdmins()),
    'admin+/organization_.signature.ts': {
      // no signature is uploaded: its admins are answered 404, everyone else 403
      path: '/admin/organization/signature',
      get: orgAdmins('403', '404'),
      post: NO_ACTION,
    },
    'admin+/outbox.tsx': page('/admin/outbox', orgAdmins()),
    'admin+/outbox_.$emailId.tsx': page(`/admin/outbox/${MISSING}`, orgAdmins('403', '404')),
    'admin+/people.tsx': page('/admin/people', orgAdmins()),
    'admin+/people_.$userId.tsx': page(
      `/admin/people/${w.springParticipants[0]!.user_id}`,
      but(orgAdmins(), { otherOrgAdmin: '404' }),
      but(orgAdmins(), { otherOrgAdmin: '404' }),
    ),
    'admin+/people_.import.tsx': page('/admin/people/import', orgAdmins(), orgAdmins()),
    'admin+/people_.invite.tsx': page('/admin/people/invite', orgAdmins(), orgAdmins()),
    'admin+/recognition.tsx': page('/admin/recognition', orgAdmins(), orgAdmins()),
    'admin+/sign-in.tsx': page('/admin/sign-in', orgAdmins(), orgAdmins()),

    // authoring: authors and org admins of the program's organization
    'authoring+/_index.tsx': page('/authoring', orgAdmins(), orgAdmins()),
    'authoring+/images.$imageId.ts': page(`/authoring/images/${MISSING}`, signedIn('404')),
    'authoring+/images.ts': page('/authoring/images', everyone('ok'), orgAdmins()),
    'authoring+/import.tsx': page('/authoring/import', orgAdmins(), orgAdmins()),
    'authoring+/programs.$programId.tsx': page(
      authoring,
      but(orgAdmins(), { otherOrgAdmin: '404' }),
      but(orgAdmins(), { otherOrgAdmin: '404' }),
    ),
    'authoring+/programs.$programId_.credentials.$credentialId.tsx': page(
      `${authoring}/credentials/${w.microCredential}`,
      but(orgAdmins(), { otherOrgAdmin: '404' }),
      but(orgAdmins(), { otherOrgAdmin: '404' }),
    ),
    'authoring+/programs.$programId_.export[.]json.ts': page(
      `${authoring}/export.json`,
      but(orgAdmins(), { otherOrgAdmin: '404' }),
    ),
    'authoring+/programs.$programId_.modules.$moduleId.tsx': page(
      `${authoring}/modules/${w.fallPathwayModule.module_id}`,
      but(orgAdmins(), { otherOrgAdmin: '404' }),
      but(orgAdmins(), { otherOrgAdmin: '404' }),
    ),
    'authoring+/programs.$programId_.modules.$moduleId_.preview.tsx': page(
      `${authoring}/modules/${w.fallPathwayModule.module_id}/preview`,
      but(orgAdmins(), { otherOrgAdmin: '404' }),
    ),
    'bench+/document.tsx': page('/bench/document', everyone('404')),
    'calendar+/$feed.ts': page('/calendar/no-such-feed', everyone('404')),
    'catalog+/_index.tsx': page('/catalog', signedIn()),
    'catalog+/micro-credentials.$credentialId.tsx': page(
      `/catalog/micro-credentials/${w.microCredential}`,
      but(signedIn(), { otherOrgAdmin: '404' }),
    ),
    'catalog+/stacks.$programId.tsx': page(
      `/catalog/stacks/${w.catalogStack}`,
      but(signedIn(), { otherOrgAdmin: '404' }),
      signedIn(),
    ),
    'certificates+/$certificateId.tsx': page(`/certificates/${MISSING}`, everyone('404')),

    // the cohort: every rule of the policy
    'cohorts+/new.tsx': {
      // those who may start a cohort: facilitators and org admins
      path: '/cohorts/new',
      get: { ...orgAdmins(), facilitator: 'ok' },
      post: { ...orgAdmins(), facilitator: 'ok' },
    },
    'cohorts+/$cohortId+/_layout.tsx': page(fall, cohort('view')),
    'cohorts+/$cohortId+/_index.tsx': page(`${fall}?index`, cohort('view'), cohort('administer')),
    'cohorts+/$cohortId+/act48.tsx': page(
      `${fall}/act48`,
      cohort('administer'),
      cohort('administer'),
    ),
    'cohorts+/$cohortId+/assessment+/_index.tsx': page(
      `${spring}/assessment`,
      cohort('view'),
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/assessment+/questions.$number.tsx': page(
      `${spring}/assessment/questions/1`,
      cohort('participate'),
      cohort('participate'),
    ),
    'cohorts+/$cohortId+/assessment+/results[.]csv.ts': page(
      `${spring}/assessment/results.csv`,
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/assessment+/review.tsx': page(
      `${spring}/assessment/review`,
      cohort('participate'),
      cohort('participate'),
    ),
    'cohorts+/$cohortId+/complete.tsx': page(
      `${fall}/complete`,
      cohort('administer'),
      cohort('administer'),
    ),
    'cohorts+/$cohortId+/evaluation.tsx': page(
      `${fall}/evaluation`,
      cohort('participate'),
      cohort('participate'),
    ),
    'cohorts+/$cohortId+/evaluation[.]csv.ts': page(`${fall}/evaluation.csv`, cohort('administer')),
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
    'cohorts+/$cohortId+/evidence+/_index.tsx': page(
      `${spring}/evidence`,
      cohort('view'),
      cohort('participate'),
    ),
    'cohorts+/$cohortId+/gallery.tsx': page(`${fall}/gallery`, cohort('view')),
    'cohorts+/$cohortId+/gallery_.booklet[.]pdf.ts': page(
      `${fall}/gallery/booklet.pdf`,
      cohort('view'),
    ),
    'cohorts+/$cohortId+/hours.tsx': page(`${fall}/hours`, cohort('manage'), cohort('administer')),
    'cohorts+/$cohortId+/hours[.]csv.ts': page(`${fall}/hours.csv`, cohort('export')),
    'cohorts+/$cohortId+/hours_.$userId.tsx': page(
      `${fall}/hours/${w.springParticipants[0]!.user_id}`,
      cohort('view'),
    ),
    'cohorts+/$cohortId+/invite.tsx': page(
      `${spring}/invite`,
      cohort('administer'),
      cohort('administer'),
    ),
    'cohorts+/$cohortId+/modules.$moduleId.tsx': page(
      `${fall}/modules/${w.fallPathwayModule.module_id}`,
      cohort('view'),
      cohort('participate'),
    ),
    'cohorts+/$cohortId+/partners.tsx': page(
      `${spring}/partners`,
      cohort('view'),
      cohort('administer'),
    ),
    'cohorts+/$cohortId+/pathway.tsx': page(`${fall}/pathway`, cohort('view'), cohort('curate')),
    'cohorts+/$cohortId+/plans+/$planId.tsx': page(
      `${fall}/plans/${w.plan.id}`,
      cohort('manage'),
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/plans+/$planId_.autosave.ts': {
      // autosave is its author's alone
      path: `${fall}/plans/${w.plan.id}/autosave`,
      get: everyone('405'),
      post: signedIn('403'),
    },
    'cohorts+/$cohortId+/plans+/$planId_.history.tsx': page(
      `${fall}/plans/${w.plan.id}/history`,
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/plans+/$planId_.pdf.ts': page(
      `${fall}/plans/${w.plan.id}/pdf`,
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/plans+/_index.tsx': page(
      `${fall}/plans`,
      cohort('view'),
      cohort('participate'),
    ),
    'cohorts+/$cohortId+/progress.tsx': page(`${fall}/progress`, cohort('manage')),
    'cohorts+/$cohortId+/progress[.]csv.ts': page(`${fall}/progress.csv`, cohort('manage')),
    'cohorts+/$cohortId+/roster.tsx': page(
      `${spring}/roster`,
      cohort('manage'),
      cohort('administer'),
    ),
    'cohorts+/$cohortId+/roster[.]csv.ts': page(`${spring}/roster.csv`, cohort('manage')),
    'cohorts+/$cohortId+/scoring+/$submissionId.tsx': page(
      `${spring}/scoring/${w.submitted.id}`,
      cohort('score'),
      cohort('score'),
    ),
    'cohorts+/$cohortId+/scoring+/_index.tsx': page(`${spring}/scoring`, cohort('score')),
    'cohorts+/$cohortId+/sessions+/$sessionId.tsx': page(
      `${fall}/sessions/${w.fallSession}`,
      cohort('view'),
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/sessions+/$sessionId_.attendance.tsx': page(
      `${fall}/sessions/${w.fallSession}/attendance`,
      cohort('manage'),
      cohort('administer'),
    ),
    'cohorts+/$cohortId+/sessions+/$sessionId_.attendance[.]csv.ts': page(
      `${fall}/sessions/${w.fallSession}/attendance.csv`,
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/sessions+/$sessionId_.calendar[.]ics.ts': page(
      `${fall}/sessions/${w.fallSession}/calendar.ics`,
      cohort('view'),
    ),
    'cohorts+/$cohortId+/sessions+/$sessionId_.edit.tsx': page(
      `${fall}/sessions/${w.fallSession}/edit`,
      cohort('manage'),
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/sessions+/$sessionId_.live.tsx': page(
      `${spring}/sessions/${w.springLive}/live`,
      cohort('view'),
    ),
    'cohorts+/$cohortId+/sessions+/$sessionId_.live[.]csv.ts': page(
      `${spring}/sessions/${w.springLive}/live.csv`,
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/sessions+/_index.tsx': page(
      `${fall}/sessions`,
      cohort('view'),
      cohort('view'),
    ),
    'cohorts+/$cohortId+/sessions+/new.tsx': page(
      `${fall}/sessions/new`,
      cohort('manage'),
      cohort('manage'),
    ),
    'cohorts+/$cohortId+/settings.tsx': page(
      `${spring}/settings`,
      cohort('administer'),
      cohort('administer'),
    ),
    'cohorts+/$cohortId+/share-out.tsx': {
      // the facilitator runs the share-out; the coach only when they host it (they do not here)
      path: `${fall}/share-out`,
      get: cohort('view'),
      post: but(cohort('host'), { coach: '403' }),
    },

    'credentials+/$credentialId.tsx': page(
      `/credentials/${w.credential}`,
      everyone('ok'),
      signedIn(),
    ),
    'credentials+/$credentialId[.]json.ts': {
      // not shared yet: its earner's cohort staff and org admin read it, nobody else
      path: `/credentials/${w.credential}.json`,
      get: { ...everyone('404'), coach: 'ok', facilitator: 'ok', orgAdmin: 'ok' },
      post: NO_ACTION,
    },
    'credentials+/$credentialId[.]jwt.ts': page(`/credentials/${w.credential}.jwt`, {
      ...everyone('404'),
      coach: 'ok',
      facilitator: 'ok',
      orgAdmin: 'ok',
    }),
    'credentials+/$credentialId_.certificate[.]pdf.ts': page(
      `/credentials/${w.credential}/certificate.pdf`,
      { ...signedIn('404'), coach: 'ok', facilitator: 'ok', orgAdmin: 'ok' },
    ),
    'healthz.ts': page('/healthz', everyone('ok')),
    'invitations+/$token.tsx': {
      // the invitation names another address: signed in as someone else is refused
      path: `/invitations/${w.invitation.token}`,
      get: { ...everyone('403'), anonymous: 'ok' },
      post: everyone('ok'),
    },
    'issuers+/$orgSlug.ts': page('/issuers/no-such-org', everyone('404')),
    'issuers+/$orgSlug_.image.ts': page('/issuers/no-such-org/image', everyone('404')),
    'issuers+/$orgSlug_.jwks[.]json.ts': page('/issuers/no-such-org/jwks.json', everyone('404')),
    'issuers+/$orgSlug_.keys.$keyId.ts': page(
      '/issuers/no-such-org/keys/no-such-key',
      everyone('404'),
    ),
    'issuers+/$orgSlug_.status.revocation.ts': page(
      '/issuers/no-such-org/status/revocation',
      everyone('404'),
    ),
    'issuers+/$orgSlug_.status.revocation[.]jwt.ts': page(
      '/issuers/no-such-org/status/revocation.jwt',
      everyone('404'),
    ),
    'join+/$code.tsx': page(
      `/join/${w.joinCode}`,
      but(everyone('ok'), { otherOrgAdmin: '403' }),
      everyone('ok'),
    ),
    'learner-records+/$recordId.tsx': page(`/learner-records/${MISSING}`, everyone('404')),
    'learner-records+/$recordId[.]json.ts': page(
      `/learner-records/${MISSING}.json`,
      everyone('404'),
    ),
    'learner-records+/$recordId[.]jwt.ts': page(`/learner-records/${MISSING}.jwt`, everyone('404')),
    'me+/account.tsx': page('/me/account', signedIn()),
    'me+/account._index.tsx': page('/me/account?index', signedIn(), signedIn()),
    'me+/account.data.tsx': page('/me/account/data', signedIn()),
    'me+/account.data[.]zip.ts': page('/me/account/data.zip', signedIn()),
    'me+/account.email.tsx': page('/me/account/email', signedIn(), signedIn()),
    'me+/account.notifications.tsx': page('/me/account/notifications', signedIn(), signedIn()),
    'me+/account.password.tsx': page('/me/account/password', signedIn(), signedIn()),
    'me+/account.sessions.tsx': page('/me/account/sessions', signedIn(), signedIn()),
    'me+/chapter-14[.]pdf.ts': page('/me/chapter-14.pdf', signedIn('404')),
    'me+/email.$token.tsx': page('/me/email/no-such-token', everyone('410'), everyone('410')),
    'me+/transcript.tsx': page('/me/transcript', signedIn()),
    'me+/transcript[.]pdf.ts': page('/me/transcript.pdf', signedIn()),
    'notifications+/_index.tsx': page('/notifications', signedIn(), signedIn()),
    'organizations+/$orgSlug.logo.$version.ts': page(
      '/organizations/no-such-org/logo/1',
      everyone('404'),
    ),
    'programs+/$programId.assessment._index.tsx': {
      // the program's assessment: its organization's admins and coaches
      path: `${program}/assessment`,
      get: { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
      post: { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
    },
    'programs+/$programId.assessment.items.$itemId.tsx': page(
      `${program}/assessment/items/${w.assessmentItems[0]!.id}`,
      { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
      { ...signedIn('403'), orgAdmin: 'ok', coach: 'ok', otherCoach: 'ok' },
    ),
    'programs+/$programId.assessment.preview.tsx': page(`${program}/assessment/preview`, {
      ...signedIn('403'),
      orgAdmin: 'ok',
      coach: 'ok',
      otherCoach: 'ok',
    }),
    'programs+/$programId.credentials.tsx': page(
      `${program}/credentials`,
      { ...signedIn('403'), orgAdmin: 'ok' },
      { ...signedIn('403'), orgAdmin: 'ok' },
    ),
    'resources+/cohorts.ts': page('/resources/cohorts', { ...everyone('ok'), anonymous: '401' }),
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
    'resources+/ping.ts': page('/resources/ping', everyone('ok')),
    'resources+/zoom-signature.ts': page(
      '/resources/zoom-signature',
      everyone('ok'),
      signedIn('404'),
    ),
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
    'transcripts+/$userId[.]pdf.ts': page(transcript('.pdf'), {
      ...signedIn('404'),
      participant: 'ok',
      coach: 'ok',
      facilitator: 'ok',
      orgAdmin: 'ok',
    }),
    'transcripts+/$userId_.certificates.$cohortId[.]pdf.ts': {
      // no certificate for that cohort yet
      path: transcript(`/certificates/${w.fall}.pdf`),
      get: signedIn('404'),
      post: NO_ACTION,
    },
    'transcripts+/$userId_.chapter-14[.]pdf.ts': page(
      transcript('/chapter-14.pdf'),
      signedIn('404'),
    ),
    'transcripts+/$userId_.learner-record.ts': page(
      transcript('/learner-record'),
      everyone('ok'),
      signedIn(),
    ),
    'unsubscribe.$token.tsx': page('/unsubscribe/no-such-token', everyone('404'), everyone('404')),
    'webhooks+/zoom.ts': {
      // no webhook secret is configured on this server
      path: '/webhooks/zoom',
      get: everyone('ok'),
      post: everyone('404'),
    },
  };
}

/** route files on disk, as `folder+/file.tsx`; `__` modules are shared code, not routes */
