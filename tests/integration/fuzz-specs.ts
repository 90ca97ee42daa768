import { hashToken } from '../../app/cohorts/invitations.server';
import { buildCohortWithPeople, buildMicroCredential } from '../../db/builders';
import type { DB } from '../../db/db.server';
import { demoAccounts, seedDemoData } from '../../db/seed';
import type { FieldRule } from '../setup/fuzz';
import { buildLiveSession } from '../setup/live';

/**
 * What the fuzz test points its payloads at: the demo organization (two cohorts that share
 * their staff and some participants) and another organization, and for every route with an
 * action and every socket event, a valid payload and the rules each of its fields follows.
 */

/** who a payload is sent as; every one but `anonymous` signs in with the demo password */
export type Who =
  | 'anonymous'
  | 'admin'
  | 'facilitator'
  | 'coach'
  | 'participant'
  | 'evidenceAuthor'
  | 'reviewer'
  | 'planAuthor'
  | 'earner';

export type FuzzWorld = Awaited<ReturnType<typeof buildFuzzWorld>>;

// ---------------------------------------------------------------------------------------
// the world the payloads point at

/** The demo organization, another organization, and the rows the fuzzed forms point at. */
export async function buildFuzzWorld(db: DB) {
  await seedDemoData(db, { origin: 'https://cadre.example.org' });
  const cohorts = await db.selectFrom('cohort').select(['id', 'status', 'program_id']).execute();
  const spring = cohorts.find((cohort) => cohort.status === 'learning')!;
  const fall = cohorts.find((cohort) => cohort.status === 'sharing')!;
  const program = spring.program_id;

  // another organization, for ids that must never be reachable from the demo one
  const other = await buildCohortWithPeople(db, { participants: 2 });
  const otherSession = await buildLiveSession(db, {
    cohortId: other.cohort.id,
    hostId: other.coach.id,
  });
  const otherCredential = await buildMicroCredential(db, { programId: other.program.id });
  const [otherParticipant] = await db
    .selectFrom('cohort_member')
    .select(['id', 'user_id'])
    .where('cohort_id', '=', other.cohort.id)
    .where('role', '=', 'participant')
    .execute();
  const otherSubmission = await db
    .insertInto('submission')
    .values({ member_id: otherParticipant!.id, micro_credential_id: otherCredential.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const otherItem = await db
    .insertInto('evidence_item')
    .values({
      submission_id: otherSubmission.id,
      kind: 'link',
      url: 'https://example.org/other',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('pathway').values({ cohort_id: other.cohort.id }).execute();
  const otherUnit = await db
    .insertInto('pathway_unit')
    .values({ cohort_id: other.cohort.id, position: 1, title: 'Their unit' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const otherNotification = await db
    .insertInto('notification')
    .values({
      user_id: otherParticipant!.user_id,
      cohort_id: other.cohort.id,
      kind: 'test',
      title: 'Theirs',
      href: '/',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const otherInvitation = await db
    .insertInto('invitation')
    .values({
      cohort_id: other.cohort.id,
      email: 'someone@other.test',
      token_hash: hashToken('other-invitation-token'),
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // an open invitation and a join code, so their pages' forms are reached
  const invitationToken = 'fuzz-invitation-token-0123456789abcdef';
  const invitation = await db
    .insertInto('invitation')
    .values({
      cohort_id: spring.id,
      email: 'invited@school.test',
      name: 'Invited Person',
      token_hash: hashToken(invitationToken),
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const joinCode = 'FUZZJOIN42';
  // an open password reset, of the other organization's participant, so its form is reached
  const passwordResetToken = 'fuzz-password-reset-token-0123456789abcdef';
  await db
    .insertInto('password_reset')
    .values({
      user_id: otherParticipant!.user_id,
      token_hash: hashToken(passwordResetToken),
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  await db.updateTable('cohort').set({ join_code: joinCode }).where('id', '=', spring.id).execute();

  const userOfMember = (memberId: string) =>
    db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select(['app_user.id', 'app_user.email', 'cohort_member.cohort_id as cohortId'])
      .where('cohort_member.id', '=', memberId)
      .executeTakeFirstOrThrow();
  const submissionWith = (status: 'draft' | 'in-critique' | 'submitted') =>
    db
      .selectFrom('submission')
      .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
      .select(['submission.id', 'submission.member_id as memberId', 'micro_credential_id'])
      .where('submission.status', '=', status)
      .where('cohort_member.cohort_id', '=', spring.id)
      .executeTakeFirstOrThrow();
  const draft = await submissionWith('draft');
  const inCritique = await submissionWith('in-critique');
  const submitted = await submissionWith('submitted');
  const draftAuthor = await userOfMember(draft.memberId);
  const openCritique = await db
    .selectFrom('critique')
    .select(['id', 'reviewer_member_id'])
    .where('submission_id', '=', inCritique.id)
    .where('completed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirstOrThrow();
  const reviewer = await userOfMember(openCritique.reviewer_member_id);
  const criteria = (microCredentialId: string) =>
    db
      .selectFrom('rubric_criterion')
      .select('id')
      .where('micro_credential_id', '=', microCredentialId)
      .orderBy('position')
      .execute()
      .then((rows) => rows.map((row) => row.id));
  const evidenceItem = await db
    .selectFrom('evidence_item')
    .select('id')
    .where('submission_id', '=', draft.id)
    .executeTakeFirst();

  const plan = await db
    .selectFrom('action_plan')
    .select(['id', 'member_id', 'version', 'unit_id'])
    .where('cohort_id', '=', fall.id)
    .where('status', '=', 'draft')
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  const planAuthor = await userOfMember(plan.member_id);
  const planComment = await db
    .selectFrom('action_plan_comment')
    .innerJoin('action_plan', 'action_plan.id', 'action_plan_comment.plan_id')
    .select('action_plan_comment.id')
    .where('action_plan.cohort_id', '=', fall.id)
    .executeTakeFirst();
  const fallUnits = await db
    .selectFrom('pathway_unit')
    .select('id')
    .where('cohort_id', '=', fall.id)
    .orderBy('position')
    .execute();
  const fallPathwayModule = await db
    .selectFrom('pathway_module')
    .select(['id', 'module_id'])
    .where('cohort_id', '=', fall.id)
    .orderBy('position')
    .executeTakeFirstOrThrow();

  const credential = await db
    .selectFrom('credential')
    .innerJoin('app_user', 'app_user.id', 'credential.user_id')
    .select(['credential.id', 'credential.user_id as userId', 'app_user.email'])
    .where('credential.revoked_at', 'is', null)
    .orderBy('credential.issued_at')
    .executeTakeFirstOrThrow();
  const sessions = await db
    .selectFrom('coaching_session')
    .select(['id', 'cohort_id', 'zoom_meeting_id'])
    .orderBy('starts_at')
    .execute();
  const springSession = sessions.find((session) => session.cohort_id === spring.id)!;
  const fallSession = sessions.find((session) => session.cohort_id === fall.id)!;
  const coach = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', demoAccounts.coach)
    .executeTakeFirstOrThrow();
  const springLive = await buildLiveSession(db, { cohortId: spring.id, hostId: coach.id });
  const assessmentItems = await db
    .selectFrom('assessment_item')
    .innerJoin('assessment', 'assessment.id', 'assessment_item.assessment_id')
    .select(['assessment_item.id', 'assessment_item.kind', 'assessment_item.competency_id'])
    .where('assessment.program_id', '=', program)
    .orderBy('assessment_item.position')
    .execute();
  const competencies = await db
    .selectFrom('competency')
    .select('id')
    .where('program_id', '=', program)
    .orderBy('position')
    .execute();
  const hoursEntry = await db
    .selectFrom('hours_entry')
    .select(['id', 'cohort_id'])
    .executeTakeFirstOrThrow();
  const springParticipants = await db
    .selectFrom('cohort_member')
    .select(['id', 'user_id'])
    .where('cohort_id', '=', spring.id)
    .where('role', '=', 'participant')
    .orderBy('user_id')
    .execute();
  // the first of them stands for "a participant" of the cohort: someone with no tie to the
  // evidence and the plan the payloads point at (not their author, partner or reviewer), so
  // what the permission table expects of a bystander holds whichever way the seed paired people
  const authorMembers = [draft.memberId, inCritique.memberId, submitted.memberId, plan.member_id];
  const tied = new Set([
    draftAuthor.id,
    reviewer.id,
    planAuthor.id,
    ...(
      await db
        .selectFrom('partnership_member as author')
        .innerJoin(
          'partnership_member as partner',
          'partner.partnership_id',
          'author.partnership_id',
        )
        .innerJoin('cohort_member', 'cohort_member.id', 'partner.member_id')
        .select('cohort_member.user_id')
        .where('author.member_id', 'in', authorMembers)
        .execute()
    ).map((row) => row.user_id),
    ...(
      await db
        .selectFrom('cohort_member')
        .select('user_id')
        .where('id', 'in', authorMembers)
        .execute()
    ).map((row) => row.user_id),
  ]);
  springParticipants.sort((a, b) => Number(tied.has(a.user_id)) - Number(tied.has(b.user_id)));
  const fallParticipants = await db
    .selectFrom('cohort_member')
    .select(['id', 'user_id'])
    .where('cohort_id', '=', fall.id)
    .where('role', '=', 'participant')
    .orderBy('user_id')
    .execute();

  const ownNotification = await db
    .insertInto('notification')
    .values({
      user_id: springParticipants[0]!.user_id,
      cohort_id: spring.id,
      kind: 'test',
      title: 'Yours',
      href: '/',
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // a stack of the demo catalog, and a non-member's fee waiting to be recorded
  const catalogStack = await db
    .selectFrom('program')
    .select('id')
    .where('title', '=', 'Leadership in Organizing')
    .executeTakeFirstOrThrow();
  const dueFee = await db
    .insertInto('scoring_fee')
    .values({
      organization_id: (
        await db
          .selectFrom('cohort')
          .select('organization_id')
          .where('id', '=', spring.id)
          .executeTakeFirstOrThrow()
      ).organization_id,
      submission_id: draft.id,
      user_id: draftAuthor.id,
      amount_cents: 12500,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return {
    spring: spring.id,
    fall: fall.id,
    program,
    catalogStack: catalogStack.id,
    dueFee: dueFee.id,
    other: {
      cohort: other.cohort.id,
      program: other.program.id,
      session: otherSession.id,
      credential: otherCredential.id,
      criterion: otherCredential.criteria[0]!.id,
      submission: otherSubmission.id,
      item: otherItem.id,
      unit: otherUnit.id,
      notification: otherNotification.id,
      invitation: otherInvitation.id,
      member: otherParticipant!.id,
      user: otherParticipant!.user_id,
      coach: other.coach.id,
      competency: other.program.competencies[0]!.id,
      module: other.program.modules[0]!.id,
    },
    emails: {
      admin: demoAccounts.admin,
      facilitator: demoAccounts.facilitator,
      coach: demoAccounts.coach,
      participant: (
        await db
          .selectFrom('app_user')
          .select('email')
          .where('id', '=', springParticipants[0]!.user_id)
          .executeTakeFirstOrThrow()
      ).email,
      evidenceAuthor: draftAuthor.email,
      reviewer: reviewer.email,
      planAuthor: planAuthor.email,
      earner: credential.email,
    } satisfies Record<Exclude<Who, 'anonymous'>, string>,
    invitation: { id: invitation.id, token: invitationToken },
    joinCode,
    passwordResetToken,
    draft: {
      id: draft.id,
      item: evidenceItem?.id ?? null,
      criteria: await criteria(draft.micro_credential_id),
    },
    inCritique: { id: inCritique.id, criteria: await criteria(inCritique.micro_credential_id) },
    openCritique: openCritique.id,
    submitted: { id: submitted.id, criteria: await criteria(submitted.micro_credential_id) },
    microCredential: draft.micro_credential_id,
    plan: { id: plan.id, version: plan.version, comment: planComment?.id ?? null },
    fallUnits: fallUnits.map((unit) => unit.id),
    fallPathwayModule,
    credential: credential.id,
    earnerId: credential.userId,
    springSession: springSession.id,
    fallSession: fallSession.id,
    springLive: springLive.id,
    meetingNumber: sessions.find((session) => session.zoom_meeting_id)?.zoom_meeting_id ?? null,
    assessmentItems,
    competencies: competencies.map((row) => row.id),
    hoursEntry: hoursEntry.id,
    springParticipants,
    fallParticipants,
    notification: ownNotification.id,
  };
}

// ---------------------------------------------------------------------------------------
// every route with an action, and the forms it takes

export interface FormCase {
  as: Who;
  path: string;
  /** a valid form; each payload breaks one field of it (or its whole body) */
  fields: Record<string, string | string[]>;
  /** the fields that are checked, and what they must be */
  rules: Record<string, FieldRule>;
}

export interface RouteSpec {
  cases: FormCase[];
  /** the same forms posted to paths naming rows of other cohorts, or nothing at all */
  foreignPaths?: string[];
  body?: 'form' | 'json' | 'zoom-webhook';
  /** a multipart post is an upload here: forms go urlencoded, and uploads get their own */
  uploads?: { path: string; as: Who; field: string };
}

function badIdsFor(paramValue: string, foreign: string[]) {
  return [...foreign, '00000000-0000-4000-8000-000000000000', 'not-an-id', `${paramValue}%00`];
}

/** Every route file with an action, and the forms it takes. */
export function routeSpecs(w: FuzzWorld): Record<string, RouteSpec> {
  const cohort = (id: string) => `/cohorts/${id}`;
  const spring = cohort(w.spring);
  const fall = cohort(w.fall);
  const id = (...foreign: (string | null | undefined)[]): FieldRule => ({
    kind: 'id',
    foreign: foreign.filter((value): value is string => typeof value === 'string'),
  });
  const exact: FieldRule = { kind: 'exact' };
  const text = (max: number, required = false): FieldRule => ({ kind: 'text', max, required });
  const otherCohortPath = (rest: string) => [
    `${cohort(w.other.cohort)}${rest}`,
    `/cohorts/not-a-cohort${rest}`,
    `/cohorts/%E0%A4%A${rest}`,
    `/cohorts/00000000-0000-4000-8000-000000000000${rest}`,
  ];
  const springMembers = w.springParticipants;
  const fallMembers = w.fallParticipants;
  const sessionForm = (as: Who, path: string): FormCase => ({
    as,
    path,
    fields: {
      kind: 'coaching',
      title: 'Fuzzed session',
      date: '2027-02-10',
      time: '16:30',
      minutes: '60',
      hostId: w.other.user,
      moduleId: '',
      meetingLink: 'https://zoom.us/j/81234567890',
      passcode: 'abc123',
    },
    rules: {
      kind: { kind: 'enum', values: ['kickoff', 'coaching', 'share-out'] },
      title: text(200, true),
      date: { kind: 'date' },
      time: { kind: 'clock' },
      minutes: { kind: 'number', min: 15, max: 480, int: true },
      meetingLink: { kind: 'url' },
      passcode: text(10),
    },
  });
  const cohortForm = (as: Who, path: string): FormCase => ({
    as,
    path,
    fields: {
      programId: w.program,
      name: 'Fuzzed cohort',
      capacity: '20',
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      timezone: 'America/New_York',
      coachId: '',
    },
    rules: {
      programId: id(w.other.program),
      name: text(120, true),
      capacity: { kind: 'number', min: 2, max: 40, int: true },
      startsOn: { kind: 'date' },
      endsOn: { kind: 'date' },
      timezone: { kind: 'enum', values: ['America/New_York'] },
      coachId: { ...id(w.other.user), optional: true } as FieldRule,
    },
  });
  const itemForm = (path: string): FormCase => ({
    as: 'admin',
    path,
    fields: {
      kind: 'single-choice',
      competencyId: w.competencies[0]!,
      prompt: 'Which one?',
      option0: 'One',
      option1: 'Two',
      correct: '0',
    },
    rules: {
      kind: { kind: 'enum', values: ['self-rating'] },
      competencyId: id(w.other.competency),
      prompt: text(1000, true),
      option0: text(300),
      correct: { kind: 'number', min: 0, max: 1, int: true },
    },
  });

  return {
    'app/routes/_index.tsx': {
      cases: [
        {
          // the partner asked for the critique cannot nudge themselves: nothing may change
          as: 'reviewer',
          path: '/?index',
          fields: { intent: 'nudge', critiqueId: w.openCritique },
          rules: { intent: exact, critiqueId: id(w.other.member) },
        },
      ],
    },
    'app/routes/_auth+/login.tsx': {
      cases: [
        {
          as: 'anonymous',
          path: '/login',
          fields: {
            email: demoAccounts.facilitator,
            password: 'not the password',
            redirectTo: '/',
          },
          rules: { email: text(254, true), password: text(200, true), redirectTo: text(2000) },
        },
      ],
    },
    'app/routes/_auth+/forgot-password.tsx': {
      // an address with no account: a well-formed request only counts against the limits
      cases: [
        {
          as: 'anonymous',
          path: '/forgot-password',
          fields: { email: 'nobody-here@school.test' },
          rules: { email: { kind: 'enum', values: ['nobody-here@school.test'] } },
        },
      ],
    },
    'app/routes/_auth+/sso.tsx': {
      // the demo organization has no provider: every form here finds nothing to start
      cases: [
        {
          as: 'anonymous',
          path: '/sso',
          fields: { intent: 'find', email: 'nobody-here@school.test' },
          rules: { intent: exact, email: text(254, true) },
        },
        {
          as: 'anonymous',
          path: '/sso',
          fields: {
            intent: 'start',
            connectionId: '00000000-0000-4000-8000-000000000001',
            redirectTo: '/',
          },
          rules: { intent: exact, connectionId: id() },
        },
      ],
    },
    'app/routes/_auth+/reset-password.$token.tsx': {
      cases: [
        {
          as: 'anonymous',
          path: `/reset-password/${w.passwordResetToken}`,
          fields: {
            password: 'a long enough password',
            confirmPassword: 'a long enough password',
          },
          rules: { password: text(200, true), confirmPassword: { kind: 'exact' } },
        },
      ],
      foreignPaths: [
        '/reset-password/no-such-reset-token',
        '/reset-password/%00',
        '/reset-password/%E0%A4%A',
        `/reset-password/${'x'.repeat(3000)}`,
      ],
    },
    'app/routes/me+/account._index.tsx': {
      cases: [
        {
          as: 'participant',
          path: '/me/account?index',
          fields: { name: 'Fuzz Participant', educatorId: '1234567' },
          rules: {
            name: text(100, true),
            // empty clears the id, so only its length is fuzzed; the PPID rule has its own tests
            educatorId: text(40),
          },
        },
      ],
    },
    'app/routes/me+/account.email.tsx': {
      // the password is wrong, so even a well-formed request changes nothing
      cases: [
        {
          as: 'participant',
          path: '/me/account/email',
          fields: { newEmail: 'fuzz-new-address@school.test', currentPassword: 'not the password' },
          rules: { newEmail: text(254, true), currentPassword: text(200, true) },
        },
      ],
    },
    'app/routes/me+/account.password.tsx': {
      cases: [
        {
          as: 'participant',
          path: '/me/account/password',
          fields: {
            currentPassword: 'not the password',
            password: 'a long enough password',
            confirmPassword: 'a long enough password',
          },
          rules: {
            currentPassword: text(200, true),
            password: text(200, true),
            confirmPassword: { kind: 'exact' },
          },
        },
      ],
    },
    'app/routes/me+/account.sessions.tsx': {
      // another person's id: signing it out finds nothing of this person's to end
      cases: [
        {
          as: 'participant',
          path: '/me/account/sessions',
          fields: { intent: 'sign-out-one', sessionId: w.other.cohort },
          rules: { intent: { kind: 'exact' }, sessionId: id(w.other.session) },
        },
      ],
    },
    'app/routes/me+/account.notifications.tsx': {
      cases: [
        {
          as: 'participant',
          path: '/me/account/notifications',
          fields: {
            intent: 'save',
            reminders: 'on',
            critique_requests: 'on',
            scoring_results: 'on',
            digests: 'on',
            cohort_updates: 'on',
          },
          rules: {
            intent: { kind: 'exact' },
            reminders: { kind: 'enum', values: ['on', 'off'] },
            critique_requests: { kind: 'enum', values: ['on', 'off'] },
            scoring_results: { kind: 'enum', values: ['on', 'off'] },
            digests: { kind: 'enum', values: ['on', 'off'] },
            cohort_updates: { kind: 'enum', values: ['on', 'off'] },
          },
        },
      ],
    },
    'app/routes/me+/email.$token.tsx': {
      // no such link: confirming it changes nothing
      cases: [
        {
          as: 'anonymous',
          path: '/me/email/no-such-confirmation-token',
          fields: { confirm: 'yes' },
          rules: {},
        },
      ],
      foreignPaths: ['/me/email/%00', '/me/email/%E0%A4%A', `/me/email/${'x'.repeat(3000)}`],
    },
    'app/routes/unsubscribe.$token.tsx': {
      // a well-formed token with a signature nobody made
      cases: [
        {
          as: 'anonymous',
          path: `/unsubscribe/${w.other.cohort}.reminders.${'A'.repeat(43)}`,
          fields: { 'List-Unsubscribe': 'One-Click' },
          rules: {},
        },
      ],
      foreignPaths: [
        '/unsubscribe/%00',
        '/unsubscribe/not-a-token',
        `/unsubscribe/${'x'.repeat(3000)}`,
      ],
    },
    'app/routes/_auth+/logout.tsx': {
      // signing out is what any body does; only an anonymous visitor's is fuzzed
      cases: [{ as: 'anonymous', path: '/logout', fields: { intent: 'logout' }, rules: {} }],
    },
    'app/routes/admin+/act48_.perms.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/act48/perms',
          fields: { confirm: 'mark-sent' },
          rules: { confirm: exact },
        },
      ],
    },
    'app/routes/admin+/organization.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/organization',
          fields: {
            intent: 'save',
            name: 'Keystone Education Association',
            shortName: 'KEA',
            timezone: 'America/New_York',
            supportEmail: 'help@kea.test',
            supportPhone: '717-555-0100',
            signatoryName: 'Dana Whitfield',
            signatoryTitle: 'Director of Professional Learning',
            providerName: 'Keystone Education Association',
            providerNumber: '1234',
            nonmemberFee: '125',
            defaultCompletionHours: '15',
            defaultAttainmentHours: '5',
          },
          rules: {
            intent: exact,
            name: text(120, true),
            shortName: text(40),
            timezone: { kind: 'refuses', values: ['Mars/Olympus', 'America/Nowhere', ''] },
            supportEmail: { kind: 'refuses', values: ['not-an-email', 'a@', '@b.test'] },
            supportPhone: { kind: 'refuses', values: ['call me', '12', '<script>'] },
            signatoryName: text(120),
            signatoryTitle: text(120),
            providerName: text(200),
            providerNumber: text(40),
            nonmemberFee: { kind: 'number', min: 0, max: 10_000 },
            defaultCompletionHours: { kind: 'number', min: 0, max: 500 },
            defaultAttainmentHours: { kind: 'number', min: 0, max: 500 },
          },
        },
        {
          as: 'admin',
          path: '/admin/organization',
          fields: { intent: 'remove-logo' },
          rules: { intent: exact },
        },
      ],
      uploads: { path: '/admin/organization', as: 'admin', field: 'file' },
    },

    'app/routes/catalog+/stacks.$programId.tsx': {
      cases: [
        {
          as: 'participant',
          path: `/catalog/stacks/${w.catalogStack}`,
          fields: { intent: 'join', note: 'Two of us from one building.' },
          rules: { intent: exact, note: text(500) },
        },
      ],
      foreignPaths: [
        `/catalog/stacks/${w.other.program}`,
        '/catalog/stacks/not-a-stack',
        '/catalog/stacks/00000000-0000-4000-8000-000000000000',
      ],
    },
    'app/routes/admin+/fees_.$feeId.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/admin/fees/${w.dueFee}`,
          fields: { intent: 'paid', receipt: 'Check 1042' },
          rules: { intent: exact, receipt: text(100, true) },
        },
        {
          as: 'admin',
          path: `/admin/fees/${w.dueFee}`,
          fields: { intent: 'waive', reason: 'District hardship fund' },
          rules: { intent: exact, reason: text(500, true) },
        },
      ],
      foreignPaths: ['/admin/fees/not-a-fee', '/admin/fees/00000000-0000-4000-8000-000000000000'],
    },
    'app/routes/admin+/people_.$userId.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'educator-id', stateEducatorId: '7654321' },
          rules: {
            intent: exact,
            // left out or empty clears the id, so only the length rule is fuzzed
            stateEducatorId: text(50),
          },
        },
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'membership', memberSince: '2026-09-01', memberUntil: '2027-08-31' },
          rules: {
            memberSince: { kind: 'date' },
            // left out, the membership is open-ended
            memberUntil: text(20),
          },
        },
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'delete', confirmation: w.emails.participant },
          // the typed address is compared without regard to case, so only other text is refused
          rules: {
            confirmation: {
              kind: 'refuses',
              values: [`${w.emails.participant}-x`, '', 'x', 'someone@school.test'],
            },
          },
        },
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'deactivate' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: [
        `/admin/people/${w.other.user}`,
        '/admin/people/not-a-person',
        '/admin/people/%E0%A4%A',
        '/admin/people/00000000-0000-4000-8000-000000000000',
      ],
    },
    'app/routes/admin+/people_.invite.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/people/invite',
          fields: {
            name: 'Fuzz Newcomer',
            email: 'fuzz-newcomer@school.test',
            stateEducatorId: '1234567',
          },
          rules: {
            name: text(200, true),
            email: { kind: 'refuses', values: ['not-an-address', '', w.emails.coach] },
            stateEducatorId: text(50),
          },
        },
      ],
    },
    'app/routes/admin+/people_.import.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/people/import',
          fields: {
            intent: 'confirm',
            payload: JSON.stringify([
              {
                line: 2,
                name: 'Fuzz Import',
                email: 'fuzz-import@school.test',
                stateEducatorId: null,
                member: null,
                role: null,
              },
            ]),
          },
          rules: { intent: { kind: 'refuses', values: ['', 'confirm-x'] }, payload: exact },
        },
      ],
      uploads: { path: '/admin/people/import', as: 'admin', field: 'people' },
    },
    'app/routes/admin+/sign-in.tsx': {
      cases: [
        {
          // a new provider left off, so nothing is fetched from the issuer
          as: 'admin',
          path: '/admin/sign-in',
          fields: {
            intent: 'save',
            kind: 'oidc',
            displayName: 'ClassLink',
            issuer: 'https://launchpad.classlink.com',
            clientId: 'fuzz-client',
            clientSecret: 'fuzz-secret',
            domains: 'school.test',
          },
          rules: {
            intent: exact,
            kind: { kind: 'enum', values: ['oidc'] },
            displayName: text(60, true),
            issuer: {
              kind: 'refuses',
              values: [
                'not a url',
                'ftp://example.org',
                'http://example.org',
                'javascript:alert(1)',
                'https://user:pw@example.org',
                'https://example.org/?q=1',
              ],
            },
            clientId: text(500, true),
            clientSecret: text(1000, true),
            domains: {
              kind: 'refuses',
              values: ['', 'not a domain', 'a..b', 'school.test bad!', '@', 'x'.repeat(300)],
            },
          },
        },
        {
          // the demo organization has no provider turned on, so passwords cannot be turned off
          as: 'admin',
          path: '/admin/sign-in',
          fields: { intent: 'password-sign-in', passwordSignIn: 'off' },
          rules: { intent: exact, passwordSignIn: { kind: 'enum', values: ['off'] } },
        },
      ],
    },
    'app/routes/admin+/recognition.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/recognition',
          fields: { programId: w.program, hoursForCompleting: '15', hoursForAttaining: '5' },
          rules: {
            programId: id(w.other.program),
            hoursForCompleting: { kind: 'number', min: 0, max: 500 },
            hoursForAttaining: { kind: 'number', min: 0, max: 500 },
          },
        },
        {
          as: 'admin',
          path: '/admin/recognition',
          fields: {
            programId: w.program,
            hoursForCompleting: '15',
            hoursForAttaining: '5',
            [`mc-${w.microCredential}`]: '5',
          },
          // a micro-credential's own hours may be left as they are
          rules: {
            [`mc-${w.microCredential}`]: { kind: 'number', min: 0, max: 500, optional: true },
          },
        },
      ],
    },
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

// ---------------------------------------------------------------------------------------
// socket events

export type SocketRule =
  /** `optional`: may be left out; `nullable`: may also be null */
  | { kind: 'id'; foreign: readonly string[]; optional?: boolean; nullable?: boolean }
  | { kind: 'text'; max: number }
  | { kind: 'int'; min: number; max: number; optional?: boolean }
  | { kind: 'bool' }
  | { kind: 'list'; of: unknown; min: number; max: number };

export interface EventSpec {
  /** a payload that would be accepted; every one sent breaks it */
  base: Record<string, unknown>;
  rules: Record<string, SocketRule>;
}

/** Every event a socket may send, with a payload that would be accepted. */
export function eventSpecs(w: FuzzWorld): Record<string, EventSpec> {
  const room = { coachingSessionId: w.springLive };
  // the coach also hosts the other demo cohort: only the other organization's sessions are
  // rooms it may not enter
  const session: SocketRule = { kind: 'id', foreign: [w.other.session, w.fallSession] };
  const roomOnly = { base: room, rules: { coachingSessionId: session } };
  const id: SocketRule = { kind: 'id', foreign: [w.other.session, w.other.member] };
  const optionalId: SocketRule = { ...id, optional: true };
  return {
    'room:join': {
      base: { ...room, afterSeq: 0 },
      rules: {
        coachingSessionId: { kind: 'id', foreign: [w.other.session] },
        afterSeq: { kind: 'int', min: 0, max: 2 ** 31, optional: true },
      },
    },
    'room:leave': { base: room, rules: { coachingSessionId: session } },
    'presence:watch': {
      base: { cohortId: w.spring },
      rules: { cohortId: { kind: 'id', foreign: [w.other.cohort] } },
    },
    'presence:unwatch': {
      base: { cohortId: w.other.cohort },
      rules: { cohortId: { kind: 'id', foreign: [w.fall] } },
    },
    'hand:raise': roomOnly,
    'hand:lower': {
      base: { ...room, userId: w.other.user },
      rules: { coachingSessionId: session, userId: optionalId },
    },
    'hand:next': roomOnly,
    'chat:send': {
      base: { ...room, text: 'Hello', groupId: w.other.unit },
      rules: {
        coachingSessionId: session,
        text: { kind: 'text', max: 2000 },
        groupId: optionalId,
      },
    },
    'chat:remove': {
      base: { ...room, messageId: w.other.item },
      rules: { coachingSessionId: session, messageId: id },
    },
    'poll:open': {
      base: {
        ...room,
        question: 'Which?',
        options: ['A', 'B'],
        multiple: false,
        competencyId: w.other.competency,
      },
      rules: {
        coachingSessionId: session,
        question: { kind: 'text', max: 300 },
        options: { kind: 'list', of: 'A', min: 2, max: 8 },
        multiple: { kind: 'bool' },
        competencyId: { kind: 'id', foreign: [w.other.competency], nullable: true },
      },
    },
    'poll:vote': {
      base: { ...room, pollId: w.other.item, choices: [0] },
      rules: {
        coachingSessionId: session,
        pollId: id,
        choices: { kind: 'list', of: 0, min: 1, max: 8 },
      },
    },
    'poll:close': {
      base: { ...room, pollId: w.other.item },
      rules: { coachingSessionId: session, pollId: id },
    },
    'poll:reveal': {
      base: { ...room, pollId: w.other.item },
      rules: { coachingSessionId: session, pollId: id },
    },
    'agenda:set': {
      base: { ...room, segments: [{ title: 'Welcome', minutes: 5 }] },
      rules: {
        coachingSessionId: session,
        segments: { kind: 'list', of: { title: 'Welcome', minutes: 5 }, min: 1, max: 20 },
      },
    },
    'timer:start': roomOnly,
    'timer:pause': roomOnly,
    'timer:next': roomOnly,
    'timer:extend': {
      base: { ...room, minutes: 5 },
      rules: { coachingSessionId: session, minutes: { kind: 'int', min: 1, max: 60 } },
    },
    'breakout:suggest': roomOnly,
    'breakout:start': {
      base: { ...room, minutes: 10, groups: [[w.other.user]] },
      rules: {
        coachingSessionId: session,
        minutes: { kind: 'int', min: 1, max: 120 },
        groups: { kind: 'list', of: [w.other.user], min: 1, max: 50 },
      },
    },
    'breakout:end': roomOnly,
    'spotlight:set': {
      base: { ...room, target: { kind: 'resource', moduleId: w.other.module } },
      rules: { coachingSessionId: session },
    },
    'spotlight:clear': roomOnly,
  };
}
