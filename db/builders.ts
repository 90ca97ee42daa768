import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CohortRole, CohortStatus, Database, MemberStatus, ModuleKind } from './schema';

/**
 * Row builders shared by the demo seed and the tests, so both make data the same way.
 * They insert rows and nothing else: password hashes arrive ready-made.
 */

type Executor = Kysely<Database>;

export async function buildOrganization(
  db: Executor,
  input: { name?: string; slug?: string; timezone?: string } = {},
) {
  const suffix = randomUUID().slice(0, 8);
  return db
    .insertInto('organization')
    .values({
      name: input.name ?? `Test Association ${suffix}`,
      slug: input.slug ?? `test-${suffix}`,
      timezone: input.timezone ?? 'America/New_York',
    })
    .returning(['id', 'name', 'slug', 'timezone'])
    .executeTakeFirstOrThrow();
}

export async function buildUser(
  db: Executor,
  input: {
    organizationId: string;
    email?: string;
    name?: string;
    passwordHash?: string | null;
    isOrgAdmin?: boolean;
    stateEducatorId?: string | null;
    mayCoach?: boolean;
  },
) {
  const suffix = randomUUID().slice(0, 8);
  return db
    .insertInto('app_user')
    .values({
      organization_id: input.organizationId,
      email: input.email ?? `person-${suffix}@school.test`,
      name: input.name ?? `Person ${suffix}`,
      password_hash: input.passwordHash ?? null,
      is_org_admin: input.isOrgAdmin ?? false,
      state_educator_id: input.stateEducatorId ?? null,
      // only when asked, so upgrade tests can build people on schemas older than the column
      ...(input.mayCoach === undefined ? {} : { may_coach: input.mayCoach }),
    })
    .returning([
      'id',
      'email',
      'name',
      'organization_id as organizationId',
      'is_org_admin as isOrgAdmin',
    ])
    .executeTakeFirstOrThrow();
}

export interface ProgramSpec {
  title?: string;
  description?: string;
  audience?: string;
  hoursForCompleting?: number;
  hoursForAttaining?: number;
  competencies?: { code: string; title: string; description?: string }[];
  modules?: {
    title: string;
    body?: string;
    minutes?: number;
    kind?: ModuleKind;
    competencyCodes?: string[];
  }[];
}

export async function buildProgram(db: Executor, organizationId: string, spec: ProgramSpec = {}) {
  const program = await db
    .insertInto('program')
    .values({
      organization_id: organizationId,
      title: spec.title ?? 'Test Program',
      description: spec.description ?? '',
      audience: spec.audience ?? '',
      hours_for_completing: spec.hoursForCompleting ?? 15,
      hours_for_attaining: spec.hoursForAttaining ?? 5,
    })
    .returning(['id', 'title'])
    .executeTakeFirstOrThrow();

  const competencySpecs = spec.competencies ?? [
    { code: 'C1', title: 'First competency' },
    { code: 'C2', title: 'Second competency' },
  ];
  const competencies = await db
    .insertInto('competency')
    .values(
      competencySpecs.map((competency, index) => ({
        program_id: program.id,
        code: competency.code,
        title: competency.title,
        description: competency.description ?? '',
        position: index + 1,
      })),
    )
    .returning(['id', 'code'])
    .execute();
  const competencyIds = new Map(competencies.map((row) => [row.code, row.id]));

  const moduleSpecs = spec.modules ?? [{ title: 'First module', competencyCodes: ['C1'] }];
  const modules = [];
  for (const [index, moduleSpec] of moduleSpecs.entries()) {
    const module = await db
      .insertInto('module')
      .values({
        program_id: program.id,
        title: moduleSpec.title,
        body: moduleSpec.body ?? '',
        minutes: moduleSpec.minutes ?? 30,
        kind: moduleSpec.kind ?? 'online',
        position: index + 1,
      })
      .returning(['id', 'title'])
      .executeTakeFirstOrThrow();
    const links = (moduleSpec.competencyCodes ?? []).map((code) => {
      const competencyId = competencyIds.get(code);
      if (!competencyId)
        throw new Error(`module "${moduleSpec.title}" names unknown competency ${code}`);
      return { module_id: module.id, competency_id: competencyId };
    });
    if (links.length > 0) await db.insertInto('module_competency').values(links).execute();
    modules.push(module);
  }
  return { ...program, competencies, modules };
}

export async function buildCohort(
  db: Executor,
  input: {
    organizationId: string;
    programId: string;
    facilitatorId: string;
    coachId?: string | null;
    name?: string;
    capacity?: number;
    timezone?: string;
    startsOn?: string;
    endsOn?: string;
    status?: CohortStatus;
  },
) {
  const cohort = await db
    .insertInto('cohort')
    .values({
      organization_id: input.organizationId,
      program_id: input.programId,
      facilitator_id: input.facilitatorId,
      coach_id: input.coachId ?? null,
      name: input.name ?? `Cohort ${randomUUID().slice(0, 6)}`,
      capacity: input.capacity ?? 20,
      timezone: input.timezone ?? 'America/New_York',
      starts_on: input.startsOn ?? '2027-01-11',
      ends_on: input.endsOn ?? '2027-04-30',
      status: input.status ?? 'forming',
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  await buildMember(db, { cohortId: cohort.id, userId: input.facilitatorId, role: 'facilitator' });
  if (input.coachId) {
    await buildMember(db, { cohortId: cohort.id, userId: input.coachId, role: 'coach' });
  }
  return cohort;
}

export async function buildMember(
  db: Executor,
  input: { cohortId: string; userId: string; role: CohortRole; status?: MemberStatus },
) {
  const status = input.status ?? 'active';
  return db
    .insertInto('cohort_member')
    .values({
      cohort_id: input.cohortId,
      user_id: input.userId,
      role: input.role,
      status,
      joined_at: status === 'active' ? new Date() : null,
    })
    .returning(['id', 'role', 'status'])
    .executeTakeFirstOrThrow();
}

/**
 * A whole cohort for a test: organization, program, facilitator, coach and
 * `participants` active participants, all able to sign in with `passwordHash`.
 */
export async function buildCohortWithPeople(
  db: Executor,
  input: { participants?: number; passwordHash?: string | null; status?: CohortStatus } = {},
) {
  const organization = await buildOrganization(db);
  const program = await buildProgram(db, organization.id);
  const passwordHash = input.passwordHash ?? null;
  const admin = await buildUser(db, {
    organizationId: organization.id,
    passwordHash,
    isOrgAdmin: true,
    name: 'Org Admin',
  });
  const facilitator = await buildUser(db, {
    organizationId: organization.id,
    passwordHash,
    name: 'Fay Facilitator',
  });
  const coach = await buildUser(db, {
    organizationId: organization.id,
    passwordHash,
    name: 'Cole Coach',
  });
  const cohort = await buildCohort(db, {
    organizationId: organization.id,
    programId: program.id,
    facilitatorId: facilitator.id,
    coachId: coach.id,
    status: input.status,
  });
  const participants = [];
  for (let index = 0; index < (input.participants ?? 3); index += 1) {
    const participant = await buildUser(db, {
      organizationId: organization.id,
      passwordHash,
      name: `Participant ${String(index + 1).padStart(2, '0')}`,
    });
    await buildMember(db, { cohortId: cohort.id, userId: participant.id, role: 'participant' });
    participants.push(participant);
  }
  return { organization, program, admin, facilitator, coach, cohort, participants };
}

export async function buildMicroCredential(
  db: Executor,
  input: {
    programId: string;
    code?: string;
    title?: string;
    description?: string;
    evidenceRequirements?: string;
    hours?: number;
    position?: number;
    criteria?: { title: string; meetsDescription?: string }[];
  },
) {
  const suffix = randomUUID().slice(0, 4).toUpperCase();
  const microCredential = await db
    .insertInto('micro_credential')
    .values({
      program_id: input.programId,
      code: input.code ?? `MC-${suffix}`,
      title: input.title ?? `Micro-credential ${suffix}`,
      description: input.description ?? 'Shows the practice in a real classroom.',
      evidence_requirements:
        input.evidenceRequirements ?? 'A lesson plan, a short video and a reflection.',
      hours: input.hours ?? 5,
      position: input.position ?? 1,
    })
    .returning(['id', 'code', 'title'])
    .executeTakeFirstOrThrow();
  const criteriaSpecs = input.criteria ?? [
    { title: 'Plans the practice' },
    { title: 'Reflects on the results' },
  ];
  const criteria = await db
    .insertInto('rubric_criterion')
    .values(
      criteriaSpecs.map((criterion, index) => ({
        micro_credential_id: microCredential.id,
        position: index + 1,
        title: criterion.title,
        meets_description: criterion.meetsDescription ?? `Meets: ${criterion.title.toLowerCase()}.`,
      })),
    )
    .returning(['id', 'title'])
    .execute();
  return { ...microCredential, criteria };
}

/**
 * A submission a coach has scored "earned": every rubric criterion meets, with the given
 * evidence links. Inserts rows only; issuing hours and the credential is the caller's call.
 */
export async function buildEarnedSubmission(
  db: Executor,
  input: {
    memberId: string;
    microCredentialId: string;
    scorerId: string | null;
    earnedAt?: Date;
    evidence?: { url: string; label?: string }[];
  },
) {
  const earnedAt = input.earnedAt ?? new Date();
  const submission = await db
    .insertInto('submission')
    .values({
      member_id: input.memberId,
      micro_credential_id: input.microCredentialId,
      status: 'earned',
      body: 'Evidence written for the micro-credential.',
      submitted_at: earnedAt,
      decided_at: earnedAt,
      earned_at: earnedAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const evidence = input.evidence ?? [
    { url: 'https://example.org/evidence/lesson-plan', label: 'Lesson plan' },
  ];
  if (evidence.length > 0) {
    await db
      .insertInto('evidence_item')
      .values(
        evidence.map((item) => ({
          submission_id: submission.id,
          kind: 'link' as const,
          label: item.label ?? '',
          url: item.url,
        })),
      )
      .execute();
  }
  const score = await db
    .insertInto('score')
    .values({
      submission_id: submission.id,
      scorer_id: input.scorerId,
      outcome: 'earned',
      feedback: 'Clear evidence on every criterion.',
      scored_at: earnedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const criteria = await db
    .selectFrom('rubric_criterion')
    .select('id')
    .where('micro_credential_id', '=', input.microCredentialId)
    .execute();
  if (criteria.length > 0) {
    await db
      .insertInto('score_criterion')
      .values(
        criteria.map((criterion) => ({
          score_id: score.id,
          criterion_id: criterion.id,
          result: 'meets' as const,
          feedback: '',
        })),
      )
      .execute();
  }
  return { id: submission.id, scoreId: score.id };
}

export interface MicroCredentialSpec {
  code: string;
  title: string;
  description?: string;
  evidenceRequirements?: string;
  hours?: number;
  competencyId?: string | null;
  criteria?: { title: string; meetsDescription: string }[];
}

/** A micro-credential of a program with its rubric criteria, in the order given. */
export async function buildMicroCredentialWithRubric(
  db: Executor,
  input: { programId: string; position?: number } & MicroCredentialSpec,
) {
  const credential = await db
    .insertInto('micro_credential')
    .values({
      program_id: input.programId,
      competency_id: input.competencyId ?? null,
      code: input.code,
      title: input.title,
      description: input.description ?? '',
      evidence_requirements:
        input.evidenceRequirements ?? 'A written artifact of 500–800 words and a short video.',
      hours: input.hours ?? 5,
      position: input.position ?? 1,
    })
    .returning(['id', 'code', 'title'])
    .executeTakeFirstOrThrow();
  const criteriaSpecs = input.criteria ?? [
    { title: 'Clear goal', meetsDescription: 'States one measurable goal for the classroom.' },
    { title: 'Evidence of impact', meetsDescription: 'Shows before-and-after data on the goal.' },
  ];
  const criteria = await db
    .insertInto('rubric_criterion')
    .values(
      criteriaSpecs.map((criterion, index) => ({
        micro_credential_id: credential.id,
        position: index + 1,
        title: criterion.title,
        meets_description: criterion.meetsDescription,
      })),
    )
    .returning(['id', 'title', 'position'])
    .execute();
  return { ...credential, criteria: criteria.sort((a, b) => a.position - b.position) };
}

/** A partner group of cohort members (pair or triad), active unless dissolved. */
export async function buildPartnership(
  db: Executor,
  input: { cohortId: string; memberIds: string[]; dissolvedAt?: Date | null },
) {
  const partnership = await db
    .insertInto('partnership')
    .values({ cohort_id: input.cohortId, dissolved_at: input.dissolvedAt ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('partnership_member')
    .values(
      input.memberIds.map((memberId) => ({ partnership_id: partnership.id, member_id: memberId })),
    )
    .execute();
  return partnership;
}
