import { hashToken } from '../../../app/cohorts/invitations.server';
import { buildCohortWithPeople, buildMicroCredential } from '../../../db/builders';
import type { DB } from '../../../db/db.server';
import { demoAccounts, seedDemoData } from '../../../db/seed';
import { buildLiveSession } from '../../setup/live';

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
  // evidence and the plan the payloads point at (not their author, partner or reviewer), no
  // hours yet and not a paraprofessional (so no Chapter 14 letter), so what the permission
  // table expects of a bystander holds whichever way the seed paired people and whoever it
  // made an earner or a paraprofessional
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
    ...(await db.selectFrom('hours_entry').select('user_id').distinct().execute()).map(
      (row) => row.user_id,
    ),
    // a paraprofessional has a Chapter 14 letter even before any hours
    ...(
      await db.selectFrom('app_user').select('id').where('is_paraprofessional', '=', true).execute()
    ).map((row) => row.id),
  ]);
  springParticipants.sort((a, b) => Number(tied.has(a.user_id)) - Number(tied.has(b.user_id)));
  if (tied.has(springParticipants[0]!.user_id)) {
    throw new Error('the seed left no participant without ties or hours to stand for a bystander');
  }
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
