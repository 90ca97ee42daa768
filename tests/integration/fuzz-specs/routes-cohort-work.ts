import type { FieldRule } from '../../setup/fuzz';
import type { FuzzWorld } from './world';
import { badIdsFor, type RouteSpec, type SpecKit } from './kit';

/** A cohort's overview, pre-assessment, evidence, hours, invitations, modules, partners, pathway and plans. */
export function cohortWorkSpecs(
  w: FuzzWorld,
  { spring, fall, id, exact, text, otherCohortPath, springMembers, fallMembers }: SpecKit,
): Record<string, RouteSpec> {
  return {
    'app/routes/cohorts+/$cohortId+/_index.tsx': {
      cases: [
        {
          as: 'facilitator',
          // the cohort's layout shares the address; ?index aims at the overview's action
          path: `${spring}?index`,
          fields: { intent: 'move', to: 'assessing' },
          rules: { intent: exact, to: { kind: 'enum', values: ['assessing'] } },
        },
      ],
      foreignPaths: otherCohortPath('?index'),
    },
    'app/routes/cohorts+/$cohortId+/complete.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${fall}/complete`,
          fields: { intent: 'move', to: 'completed', confirm: 'complete' },
          rules: {
            intent: exact,
            to: { kind: 'enum', values: ['completed'] },
            confirm: exact,
          },
        },
      ],
      foreignPaths: otherCohortPath('/complete'),
    },
    'app/routes/cohorts+/$cohortId+/assessment+/_index.tsx': {
      cases: [
        {
          as: 'coach',
          path: `${spring}/assessment`,
          fields: { intent: 'remind', memberId: springMembers[0]!.id },
          rules: { intent: exact, memberId: id(fallMembers[0]!.id, w.other.member) },
        },
        {
          as: 'facilitator',
          path: `${spring}/assessment`,
          fields: { intent: 'remind-all' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: otherCohortPath('/assessment'),
    },
    'app/routes/cohorts+/$cohortId+/assessment+/questions.$number.tsx': {
      cases: w.assessmentItems.slice(0, 3).map((item) => ({
        as: 'participant' as const,
        path: `${spring}/assessment/questions/1`,
        fields: {
          itemId: item.id,
          ...(item.kind === 'self-rating' ? { rating: '3' } : {}),
          ...(item.kind.endsWith('choice') ? { choice: '0' } : {}),
          ...(item.kind === 'open-text' ? { text: 'An answer.' } : {}),
          then: 'stay',
        },
        rules: {
          itemId: id(w.other.competency),
          ...(item.kind === 'self-rating'
            ? { rating: { kind: 'number', min: 1, max: 4, int: true } as FieldRule }
            : {}),
          ...(item.kind.endsWith('choice')
            ? { choice: { kind: 'number', min: 0, max: 7, int: true } as FieldRule }
            : {}),
          ...(item.kind === 'open-text' ? { text: text(5000) } : {}),
        },
      })),
      foreignPaths: otherCohortPath('/assessment/questions/1'),
    },
    'app/routes/cohorts+/$cohortId+/assessment+/review.tsx': {
      cases: [
        {
          as: 'participant',
          path: `${spring}/assessment/review`,
          fields: { intent: 'submit' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: otherCohortPath('/assessment/review'),
    },
    'app/routes/cohorts+/$cohortId+/evidence+/$submissionId.tsx': {
      cases: [
        {
          as: 'evidenceAuthor',
          path: `${spring}/evidence/${w.draft.id}`,
          fields: { intent: 'add-link', label: 'Lesson plan', url: 'https://example.org/plan' },
          rules: { intent: exact, label: text(200), url: { kind: 'url' } },
        },
        {
          as: 'evidenceAuthor',
          path: `${spring}/evidence/${w.draft.id}`,
          fields: { intent: 'save-draft', body: 'My evidence.', version: '1' },
          rules: {
            body: text(100_000),
            version: { kind: 'number', min: 1, max: 2 ** 31, int: true },
          },
        },
        {
          as: 'evidenceAuthor',
          path: `${spring}/evidence/${w.draft.id}`,
          fields: { intent: 'remove-item', itemId: w.draft.item ?? w.other.item },
          rules: { itemId: id(w.other.item) },
        },
        {
          as: 'evidenceAuthor',
          path: `${spring}/evidence/${w.draft.id}`,
          fields: { intent: 'waive', reason: 'Partner unresponsive since March 3.' },
          rules: { reason: text(500, true) },
        },
        {
          as: 'evidenceAuthor',
          path: `${spring}/evidence/${w.draft.id}`,
          fields: { intent: 'request-critique' },
          rules: { intent: exact },
        },
      ],
      uploads: { path: `${spring}/evidence/${w.draft.id}`, as: 'evidenceAuthor', field: 'file' },
      foreignPaths: [
        ...otherCohortPath(`/evidence/${w.draft.id}`),
        ...badIdsFor(w.draft.id, [w.other.submission, w.inCritique.id]).map(
          (value) => `${spring}/evidence/${value}`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/evidence+/$submissionId_.critique.tsx': {
      cases: [
        {
          as: 'reviewer',
          path: `${spring}/evidence/${w.inCritique.id}/critique`,
          fields: {
            ...Object.fromEntries(
              w.inCritique.criteria.map((criterion) => [`meets-${criterion}`, 'Clear.']),
            ),
            summary: 'Good work.',
          },
          rules: {
            [`meets-${w.inCritique.criteria[0]}`]: text(10_000, true),
            summary: text(10_000),
          },
        },
      ],
      foreignPaths: [
        ...otherCohortPath(`/evidence/${w.inCritique.id}/critique`),
        ...badIdsFor(w.inCritique.id, [w.other.submission, w.draft.id]).map(
          (value) => `${spring}/evidence/${value}/critique`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/evidence+/$submissionId_.draft.ts': {
      cases: [
        {
          as: 'evidenceAuthor',
          path: `${spring}/evidence/${w.draft.id}/draft`,
          fields: { body: 'Autosaved evidence.', version: '1' },
          rules: {
            body: text(100_000),
            version: { kind: 'number', min: 1, max: 2 ** 31, int: true },
          },
        },
      ],
      foreignPaths: [
        ...otherCohortPath(`/evidence/${w.draft.id}/draft`),
        ...badIdsFor(w.draft.id, [w.other.submission, w.inCritique.id]).map(
          (value) => `${spring}/evidence/${value}/draft`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/evidence+/_index.tsx': {
      cases: [
        {
          as: 'participant',
          path: `${spring}/evidence`,
          fields: { microCredentialId: w.microCredential },
          rules: { microCredentialId: id(w.other.credential) },
        },
      ],
      foreignPaths: otherCohortPath('/evidence'),
    },
    'app/routes/cohorts+/$cohortId+/act48.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${spring}/act48`,
          fields: { intent: 'save', evaluationRequired: 'on', permsActivityId: 'ACT-2027-0042' },
          // an unticked box is simply absent, and an empty activity id clears it
          rules: {
            intent: exact,
            permsActivityId: text(40),
          },
        },
      ],
      foreignPaths: otherCohortPath('/act48'),
    },
    'app/routes/cohorts+/$cohortId+/evaluation.tsx': {
      cases: [
        {
          as: 'participant',
          path: `${spring}/evaluation`,
          fields: {
            objectivesMet: '5',
            relevant: '4',
            wellLed: '4',
            helpfulActivities: '3',
            willApply: '5',
            applyPlan: 'Teach the entry routine in week one.',
            improvements: '',
          },
          rules: {
            objectivesMet: { kind: 'number', min: 1, max: 5, int: true },
            relevant: { kind: 'number', min: 1, max: 5, int: true },
            wellLed: { kind: 'number', min: 1, max: 5, int: true },
            helpfulActivities: { kind: 'number', min: 1, max: 5, int: true },
            willApply: { kind: 'number', min: 1, max: 5, int: true },
            applyPlan: text(2000),
            improvements: text(2000),
          },
        },
      ],
      foreignPaths: otherCohortPath('/evaluation'),
    },
    'app/routes/cohorts+/$cohortId+/hours.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${spring}/hours`,
          fields: {
            intent: 'adjust',
            userId: springMembers[0]!.user_id,
            hours: '1.5',
            reason: 'Attended the regional workshop.',
          },
          rules: {
            intent: exact,
            userId: id(w.other.user, w.other.coach),
            hours: { kind: 'number', min: -100, max: 100 },
            reason: text(500, true),
          },
        },
        {
          as: 'facilitator',
          path: `${spring}/hours`,
          fields: { intent: 'reverse', entryId: w.hoursEntry, reason: 'Entered twice.' },
          rules: { entryId: id(), reason: text(500, true) },
        },
      ],
      foreignPaths: otherCohortPath('/hours'),
    },
    'app/routes/cohorts+/$cohortId+/invite.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${spring}/invite`,
          fields: {
            intent: 'confirm',
            role: 'participant',
            payload: JSON.stringify({
              role: 'participant',
              entries: [
                { line: 1, name: 'New Person', email: 'new@school.test', stateEducatorId: null },
              ],
            }),
          },
          rules: { intent: exact, payload: exact },
        },
        {
          as: 'facilitator',
          path: `${spring}/invite`,
          fields: {
            intent: 'confirm',
            role: 'participant',
            payload: `{"role":"participant","entries":[{"line":1,"name":"N${'\\u0000'}ul","email":"nul@school.test","stateEducatorId":null}]}`,
          },
          rules: {},
        },
        {
          as: 'facilitator',
          path: `${spring}/invite`,
          fields: {
            intent: 'confirm',
            role: 'participant',
            payload: `{"role":"participant","entries":[{"line":1,"name":"${'\\ud83d'}","email":"half@school.test","stateEducatorId":null}]}`,
          },
          rules: {},
        },
        {
          as: 'facilitator',
          path: `${spring}/invite`,
          fields: { intent: 'preview', role: 'participant', emails: 'a@school.test' },
          rules: { role: { kind: 'enum', values: ['participant'] }, emails: text(1_000_000) },
        },
      ],
      uploads: { path: `${spring}/invite`, as: 'facilitator', field: 'roster' },
      foreignPaths: otherCohortPath('/invite'),
    },
    'app/routes/cohorts+/$cohortId+/modules.$moduleId.tsx': {
      cases: [
        {
          as: 'planAuthor',
          path: `${fall}/modules/${w.fallPathwayModule.module_id}`,
          fields: { intent: 'save', reflection: 'What I learned.' },
          rules: { intent: { kind: 'enum', values: ['save'] }, reflection: text(10_000) },
        },
      ],
      foreignPaths: [
        ...otherCohortPath(`/modules/${w.fallPathwayModule.module_id}`),
        ...badIdsFor(w.fallPathwayModule.module_id, [w.other.module]).map(
          (value) => `${fall}/modules/${value}`,
        ),
      ],
    },
    'app/routes/cohorts+/$cohortId+/partners.tsx': {
      cases: [
        {
          as: 'facilitator',
          path: `${spring}/partners`,
          fields: {
            intent: 'move',
            memberId: springMembers[0]!.id,
            partnerMemberId: springMembers[1]!.id,
          },
          rules: {
            intent: exact,
            memberId: id(fallMembers[0]!.id, w.other.member),
            partnerMemberId: id(fallMembers[1]!.id, w.other.member),
          },
        },
        {
          as: 'facilitator',
          path: `${spring}/partners`,
          fields: { intent: 'form' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: otherCohortPath('/partners'),
    },
    'app/routes/cohorts+/$cohortId+/pathway.tsx': {
      cases: [
        {
          as: 'coach',
          path: `${fall}/pathway`,
          fields: { intent: 'add-unit', title: 'A new unit', actionPlanPrompt: 'Plan it.' },
          rules: { intent: exact, title: text(120, true), actionPlanPrompt: text(1000) },
        },
        {
          as: 'coach',
          path: `${fall}/pathway`,
          fields: { intent: 'update-unit', unitId: w.fallUnits[0]!, title: 'Renamed' },
          rules: { unitId: id(w.other.unit), title: text(120, true) },
        },
        {
          as: 'coach',
          path: `${fall}/pathway`,
          fields: {
            intent: 'add-module',
            unitId: w.fallUnits[0]!,
            moduleId: w.fallPathwayModule.module_id,
            rationale: 'Because.',
          },
          rules: { unitId: id(w.other.unit), moduleId: id(w.other.module), rationale: text(2000) },
        },
        {
          as: 'coach',
          path: `${fall}/pathway`,
          fields: {
            intent: 'update-module',
            pathwayModuleId: w.fallPathwayModule.id,
            dueOn: '2027-03-01',
            rationale: '',
            assignTo: 'some',
            memberId: fallMembers[0]!.id,
          },
          rules: {
            pathwayModuleId: id(),
            dueOn: { kind: 'date' },
            assignTo: { kind: 'enum', values: ['some'] },
            memberId: id(w.other.member, springMembers[0]!.id),
          },
        },
        {
          as: 'coach',
          path: `${fall}/pathway`,
          fields: {
            intent: 'assign-below',
            pathwayModuleId: w.fallPathwayModule.id,
            competencyId: w.competencies[0]!,
            threshold: '50',
          },
          rules: {
            competencyId: id(w.other.competency),
            threshold: { kind: 'number', min: 1, max: 100, int: true },
          },
        },
        {
          as: 'coach',
          path: `${fall}/pathway`,
          fields: { intent: 'publish' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: otherCohortPath('/pathway'),
    },
    'app/routes/cohorts+/$cohortId+/plans+/$planId.tsx': {
      cases: [
        {
          as: 'planAuthor',
          path: `${fall}/plans/${w.plan.id}`,
          fields: {
            intent: 'save',
            version: String(w.plan.version),
            goal: 'A goal',
            measure: 'A measure',
            'steps[0].action': 'Do it',
            'steps[0].due': '2027-03-15',
          },
          rules: {
            intent: { kind: 'enum', values: ['save'] },
            version: { kind: 'number', min: w.plan.version, max: w.plan.version, int: true },
            goal: text(2000),
            'steps[0].action': text(500),
            'steps[0].due': { kind: 'date' },
          },
        },
        {
          as: 'planAuthor',
          path: `${fall}/plans/${w.plan.id}`,
          fields: { intent: 'comment', kind: 'glow', body: 'Nice.' },
          rules: { kind: { kind: 'enum', values: ['glow'] }, body: text(500, true) },
        },
        {
          as: 'planAuthor',
          path: `${fall}/plans/${w.plan.id}`,
          fields: { intent: 'remove-comment', commentId: w.plan.comment ?? w.other.item },
          rules: { commentId: id(w.other.item) },
        },
        {
          as: 'coach',
          path: `${fall}/plans/${w.plan.id}`,
          fields: { intent: 'review', decision: 'accepted', overallNote: 'Good.' },
          rules: {
            decision: { kind: 'enum', values: ['accepted'] },
            overallNote: text(4000),
          },
        },
        {
          as: 'planAuthor',
          path: `${fall}/plans/${w.plan.id}`,
          fields: { intent: 'share' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: [
        ...otherCohortPath(`/plans/${w.plan.id}`),
        ...badIdsFor(w.plan.id, [w.other.unit]).map((value) => `${fall}/plans/${value}`),
      ],
    },
    'app/routes/cohorts+/$cohortId+/plans+/$planId_.autosave.ts': {
      body: 'json',
      cases: [
        { as: 'planAuthor', path: `${fall}/plans/${w.plan.id}/autosave`, fields: {}, rules: {} },
      ],
      foreignPaths: [
        ...otherCohortPath(`/plans/${w.plan.id}/autosave`),
        ...badIdsFor(w.plan.id, [w.other.unit]).map((value) => `${fall}/plans/${value}/autosave`),
      ],
    },
    'app/routes/cohorts+/$cohortId+/plans+/_index.tsx': {
      cases: [
        {
          as: 'planAuthor',
          path: `${fall}/plans`,
          fields: { unitId: w.fallUnits[1] ?? w.fallUnits[0]! },
          rules: { unitId: id(w.other.unit) },
        },
      ],
      foreignPaths: otherCohortPath('/plans'),
    },
  };
}
