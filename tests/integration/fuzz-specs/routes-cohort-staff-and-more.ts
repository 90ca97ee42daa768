import type { FieldRule } from '../../setup/fuzz';
import type { FuzzWorld } from './world';
import { badIdsFor, type RouteSpec, type SpecKit } from './kit';

/**
 * A cohort's roster, scoring, sessions, settings and share-out; credentials, invitations,
 * notifications, authoring and the webhooks.
 */
export function cohortStaffAndMoreSpecs(
  w: FuzzWorld,
  {
    spring,
    fall,
    id,
    exact,
    text,
    otherCohortPath,
    springMembers,
    fallMembers,
    sessionForm,
    cohortForm,
    itemForm,
  }: SpecKit,
): Record<string, RouteSpec> {
  return {
    'app/routes/cohorts+/$cohortId+/roster.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${spring}/roster`,
          fields: { intent: 'change-role', memberId: springMembers[0]!.id, role: 'coach' },
          rules: {
            intent: exact,
            memberId: id(fallMembers[0]!.id, w.other.member),
            role: { kind: 'enum', values: ['coach'] },
          },
        },
        {
          as: 'facilitator',
          path: `${spring}/roster`,
          fields: { intent: 'withdraw', memberId: springMembers[1]!.id },
          rules: { memberId: id(fallMembers[1]!.id, w.other.member) },
        },
        {
          as: 'facilitator',
          path: `${spring}/roster`,
          fields: { intent: 'revoke', invitationId: w.invitation.id },
          rules: { invitationId: id(w.other.invitation) },
        },
      ],
      foreignPaths: otherCohortPath('/roster'),
    },
    'app/routes/cohorts+/$cohortId+/scoring+/$submissionId.tsx': {
      cases: [
        {
          as: 'coach',
          path: `${spring}/scoring/${w.submitted.id}`,
          fields: {
            ...Object.fromEntries(
              w.submitted.criteria.flatMap((criterion) => [
                [`result-${criterion}`, 'not-yet'],
                [`feedback-${criterion}`, 'Add the data.'],
              ]),
            ),
            feedback: 'Close.',
          },
          rules: {
            [`result-${w.submitted.criteria[0]}`]: { kind: 'enum', values: ['not-yet'] },
            [`feedback-${w.submitted.criteria[0]}`]: text(10_000, true),
            feedback: text(10_000),
          },
        },
        {
          as: 'coach',
          path: `${spring}/scoring/${w.submitted.id}`,
          fields: { intent: 'incomplete', note: 'The video is missing.' },
          rules: { note: text(10_000, true) },
        },
      ],
      foreignPaths: [
        ...otherCohortPath(`/scoring/${w.submitted.id}`),
        ...badIdsFor(w.submitted.id, [w.other.submission]).map(
          (value) => `${spring}/scoring/${value}`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/sessions+/$sessionId.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${spring}/sessions/${w.springSession}`,
          fields: { intent: 'cancel' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: [
        ...otherCohortPath(`/sessions/${w.springSession}`),
        ...badIdsFor(w.springSession, [w.fallSession, w.other.session]).map(
          (value) => `${spring}/sessions/${value}`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/sessions+/$sessionId_.attendance.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${spring}/sessions/${w.springSession}/attendance`,
          fields: {
            intent: 'add-time',
            userId: springMembers[0]!.user_id,
            from: '16:05',
            to: '16:50',
            note: 'Joined by phone.',
          },
          rules: {
            intent: exact,
            userId: id(w.other.user, w.other.coach),
            from: { kind: 'clock' },
            to: { kind: 'clock' },
            note: text(300, true),
          },
        },
        {
          as: 'facilitator',
          path: `${spring}/sessions/${w.springSession}/attendance`,
          fields: {
            intent: 'override',
            userId: springMembers[0]!.user_id,
            present: 'present',
            reason: 'Was there.',
          },
          rules: {
            userId: id(w.other.user, w.other.coach),
            present: { kind: 'enum', values: ['present'] },
            reason: text(500),
          },
        },
        {
          as: 'facilitator',
          path: `${spring}/sessions/${w.springSession}/attendance`,
          fields: {
            intent: 'resolve',
            unmatchedId: w.other.item,
            userId: springMembers[0]!.user_id,
          },
          rules: { unmatchedId: id(), userId: id(w.other.user) },
        },
      ],
      foreignPaths: [
        ...otherCohortPath(`/sessions/${w.springSession}/attendance`),
        ...badIdsFor(w.springSession, [w.fallSession, w.other.session]).map(
          (value) => `${spring}/sessions/${value}/attendance`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/sessions+/$sessionId_.edit.tsx': {
      cases: [sessionForm('facilitator', `${spring}/sessions/${w.springSession}/edit`)],
      foreignPaths: [
        ...otherCohortPath(`/sessions/${w.springSession}/edit`),
        ...badIdsFor(w.springSession, [w.fallSession, w.other.session]).map(
          (value) => `${spring}/sessions/${value}/edit`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/sessions+/_index.tsx': {
      cases: [
        {
          as: 'participant',
          path: `${spring}/sessions`,
          fields: { intent: 'feed-create' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: otherCohortPath('/sessions'),
    },
    'app/routes/cohorts+/$cohortId+/sessions+/new.tsx': {
      cases: [sessionForm('coach', `${spring}/sessions/new`)],
      foreignPaths: otherCohortPath('/sessions/new'),
    },
    'app/routes/cohorts+/$cohortId+/settings.tsx': {
      cases: [
        cohortForm('facilitator', `${spring}/settings`),
        {
          as: 'facilitator',
          path: `${spring}/settings`,
          fields: { intent: 'join-code-off' },
          rules: { intent: { kind: 'enum', values: ['join-code-off'] } },
        },
      ],
      foreignPaths: otherCohortPath('/settings'),
    },
    'app/routes/cohorts+/$cohortId+/share-out.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${fall}/share-out`,
          fields: { intent: 'start-timer', memberId: fallMembers[0]!.id, minutes: '5' },
          rules: {
            intent: exact,
            memberId: id(springMembers[0]!.id, w.other.member),
            minutes: { kind: 'number', min: 1, max: 60, int: true },
          },
        },
        {
          as: 'facilitator',
          path: `${fall}/share-out`,
          fields: { intent: 'move', memberId: fallMembers[0]!.id, direction: 'up' },
          rules: {
            memberId: id(springMembers[0]!.id, w.other.member),
            direction: { kind: 'enum', values: ['up'] },
          },
        },
        {
          as: 'facilitator',
          path: `${fall}/share-out`,
          fields: { intent: 'spotlight', planId: w.plan.id },
          rules: { planId: id(w.other.unit) },
        },
        {
          as: 'facilitator',
          path: `${fall}/share-out`,
          fields: { intent: 'finish', confirm: 'yes' },
          rules: { confirm: exact },
        },
      ],
      foreignPaths: otherCohortPath('/share-out'),
    },
    'app/routes/cohorts+/new.tsx': {
      cases: [cohortForm('facilitator', '/cohorts/new'), cohortForm('admin', '/cohorts/new')],
    },
    'app/routes/credentials+/$credentialId.tsx': {
      cases: [
        {
          as: 'earner',
          path: `/credentials/${w.credential}`,
          fields: { intent: 'share', share: 'on' },
          rules: { intent: exact, share: { kind: 'enum', values: ['on'] } },
        },
        {
          as: 'admin',
          path: `/credentials/${w.credential}`,
          fields: { intent: 'revoke', reason: 'Issued in error.' },
          rules: { reason: text(500, true) },
        },
      ],
      foreignPaths: badIdsFor(w.credential, []).map((value) => `/credentials/${value}`),
    },
    'app/routes/transcripts+/$userId_.learner-record.ts': {
      cases: [
        { as: 'earner', path: `/transcripts/${w.earnerId}/learner-record`, fields: {}, rules: {} },
      ],
      foreignPaths: badIdsFor(w.earnerId, []).map(
        (value) => `/transcripts/${value}/learner-record`,
      ),
    },
    'app/routes/invitations+/$token.tsx': {
      cases: [
        {
          as: 'anonymous',
          path: `/invitations/${w.invitation.token}`,
          fields: {
            name: 'Invited Person',
            password: 'a long enough password',
            confirmPassword: 'a long enough password',
          },
          rules: {
            name: text(100, true),
            password: text(200, true),
            confirmPassword: { kind: 'exact' },
          },
        },
        {
          as: 'participant',
          path: `/invitations/${w.invitation.token}`,
          fields: { intent: 'accept' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: [
        '/invitations/no-such-invitation-token',
        '/invitations/%00',
        '/invitations/%E0%A4%A',
        `/invitations/${'x'.repeat(3000)}`,
      ],
    },
    'app/routes/join+/$code.tsx': {
      cases: [
        {
          as: 'anonymous',
          path: `/join/${w.joinCode}`,
          fields: {
            name: 'New Person',
            email: 'joiner@school.test',
            password: 'a long enough password',
            confirmPassword: 'a long enough password',
          },
          rules: {
            name: text(100, true),
            email: { kind: 'enum', values: ['joiner@school.test'] },
            password: text(200, true),
            confirmPassword: { kind: 'exact' },
          },
        },
      ],
      foreignPaths: [
        '/join/NOTACODE1',
        '/join/%00%00%00%00%00%00',
        '/join/%E0%A4%A',
        `/join/${'A'.repeat(3000)}`,
      ],
    },
    'app/routes/notifications+/_index.tsx': {
      cases: [
        {
          as: 'participant',
          path: '/notifications',
          fields: { notificationId: w.notification },
          rules: { notificationId: id(w.other.notification) },
        },
        {
          as: 'participant',
          path: '/notifications',
          fields: { intent: 'read-all' },
          rules: { intent: exact },
        },
      ],
    },
    'app/routes/programs+/$programId.assessment._index.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/programs/${w.program}/assessment`,
          fields: { intent: 'create', title: 'A new assessment' },
          rules: { intent: exact, title: text(200, true) },
        },
        {
          as: 'admin',
          path: `/programs/${w.program}/assessment`,
          fields: {
            intent: 'move-item',
            itemId: w.assessmentItems[0]!.id,
            direction: 'down',
          },
          rules: {
            itemId: id(w.other.competency),
            direction: { kind: 'enum', values: ['down'] },
          },
        },
        {
          ...itemForm(`/programs/${w.program}/assessment`),
          fields: { intent: 'add-item', ...itemForm('').fields },
        },
        {
          as: 'admin',
          path: `/programs/${w.program}/assessment`,
          fields: { intent: 'new-version' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: badIdsFor(w.program, [w.other.program]).map(
        (value) => `/programs/${value}/assessment`,
      ),
    },
    'app/routes/programs+/$programId.assessment.items.$itemId.tsx': {
      cases: [itemForm(`/programs/${w.program}/assessment/items/${w.assessmentItems[0]!.id}`)],
      foreignPaths: [
        ...badIdsFor(w.program, [w.other.program]).map(
          (value) => `/programs/${value}/assessment/items/${w.assessmentItems[0]!.id}`,
        ),
        ...badIdsFor(w.assessmentItems[0]!.id, [w.other.competency]).map(
          (value) => `/programs/${w.program}/assessment/items/${value}`,
        ),
      ],
    },
    'app/routes/authoring+/_index.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/authoring',
          fields: {
            intent: 'create',
            title: 'Fuzzed program',
            summary: '',
            topics: '',
            outcomes: '',
            audiences: ['K-12 educators'],
            format: 'blended',
            hoursPerCredential: '15',
            hoursForCompleting: '15',
            hoursForAttaining: '5',
          },
          rules: {
            title: text(200, true),
            summary: text(1000),
            format: { kind: 'refuses', values: ['', 'hologram'] },
            hoursForCompleting: { kind: 'number', min: 0, max: 500 },
            hoursForAttaining: { kind: 'number', min: 0, max: 500 },
          },
        },
      ],
    },
    // the demo program is published: every edit is refused until a new version is started
    'app/routes/authoring+/programs.$programId.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/authoring/programs/${w.program}`,
          fields: {
            intent: 'competencies',
            'competencies[0].code': 'FZ-1',
            'competencies[0].title': 'Fuzzed competency',
          },
          rules: {
            'competencies[0].code': { kind: 'refuses', values: ['A B', 'X'.repeat(21)] },
            'competencies[0].title': text(200, true),
          },
        },
      ],
    },
    'app/routes/authoring+/programs.$programId_.modules.$moduleId.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/authoring/programs/${w.program}/modules/new`,
          fields: { title: 'Fuzzed module', kind: 'online', minutes: '30', body: '' },
          rules: {
            title: text(200, true),
            kind: { kind: 'refuses', values: ['', 'lecture'] },
            minutes: { kind: 'number', min: 1, max: 1440 },
            body: text(100000),
          },
        },
      ],
    },
    'app/routes/authoring+/programs.$programId_.credentials.$credentialId.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/authoring/programs/${w.program}/credentials/new`,
          fields: {
            code: 'FZ-2',
            title: 'Fuzzed credential',
            competencyId: '',
            competencyStatement: 'A statement.',
            keyMethod: 'A method.',
            research: '',
            overviewPrompt: 'A question.',
            evidenceTypes: ['Video'],
            needsClassroomData: 'no',
            hours: '5',
            'criteria[0].title': 'Clear goal',
            'criteria[0].meets': 'States one goal.',
            'criteria[0].notYet': 'No goal.',
          },
          rules: {
            code: { kind: 'refuses', values: ['', '-X', 'A B', 'Ä-1', 'X'.repeat(21), 'A_1'] },
            title: text(200, true),
            competencyId: { ...id(w.other.competency), optional: true } as FieldRule,
            competencyStatement: text(4000, true),
            keyMethod: text(4000, true),
            research: text(20000),
            hours: { kind: 'number', min: 0, max: 500 },
            'criteria[0].title': text(200, true),
            'criteria[0].meets': text(4000, true),
            'criteria[0].notYet': text(4000, true),
          },
        },
        // the old page's second form: an existing micro-credential and its criteria
        {
          as: 'admin',
          path: `/authoring/programs/${w.program}/credentials/${w.microCredential}`,
          fields: {
            code: 'FZ-3',
            title: 'Fuzzed credential',
            competencyStatement: 'A statement.',
            keyMethod: 'A method.',
            overviewPrompt: 'A question.',
            evidenceTypes: ['Video'],
            needsClassroomData: 'no',
            hours: '5',
            'criteria[0].id': w.draft.criteria[0]!,
            'criteria[0].title': 'Clear goal',
            'criteria[0].meets': 'States one goal.',
            'criteria[0].notYet': 'No goal.',
          },
          rules: {
            'criteria[0].id': { ...id(w.other.criterion), optional: true } as FieldRule,
          },
        },
      ],
      foreignPaths: [
        ...badIdsFor(w.program, [w.other.program]).map(
          (value) => `/authoring/programs/${value}/credentials/new`,
        ),
        ...badIdsFor(w.microCredential, [w.other.credential]).map(
          (value) => `/authoring/programs/${w.program}/credentials/${value}`,
        ),
      ],
    },
    'app/routes/authoring+/import.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/authoring/import',
          fields: { intent: 'preview', document: '{"format":"cadre.program"}' },
          rules: { document: { kind: 'refuses', values: ['', 'not json', '{}'] } },
        },
      ],
      uploads: { path: '/authoring/import', as: 'admin', field: 'file' },
    },
    'app/routes/authoring+/images.ts': {
      cases: [
        {
          as: 'admin',
          path: '/authoring/images',
          fields: { intent: 'upload' },
          rules: { intent: exact },
        },
      ],
      uploads: { path: '/authoring/images', as: 'admin', field: 'file' },
    },
    'app/routes/programs+/$programId.credentials.tsx': {
      // the old page edits nothing: every post is guarded, then sent to the authoring editor
      cases: [
        {
          as: 'admin',
          path: `/programs/${w.program}/credentials`,
          fields: { credentialId: '', code: 'FZ-1', title: 'Fuzzed credential' },
          rules: { credentialId: { ...id(w.other.credential), optional: true } as FieldRule },
        },
      ],
      foreignPaths: badIdsFor(w.program, [w.other.program]).map(
        (value) => `/programs/${value}/credentials`,
      ),
    },
    'app/routes/resources+/zoom-signature.ts': {
      cases: [
        {
          as: 'participant',
          path: '/resources/zoom-signature',
          fields: { cohortId: w.spring, coachingSessionId: w.springSession },
          rules: {
            cohortId: id(w.fall, w.other.cohort),
            coachingSessionId: id(w.fallSession, w.other.session),
          },
        },
      ],
    },
    'app/routes/webhooks+/zoom.ts': {
      body: 'zoom-webhook',
      cases: [{ as: 'anonymous', path: '/webhooks/zoom', fields: {}, rules: {} }],
    },
  };
}
