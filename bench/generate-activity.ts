import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';

type Executor = Kysely<Database>;

/** What a cohort under way holds, written set-based for a whole set of cohorts at once. */

export interface SetContext {
  organizationId: string;
  programId: string;
  passwordHash: string;
  moduleIds: string[];
  assessmentId: string;
  assessmentItemIds: string[];
  microCredentialId: string;
  criterionIds: string[];
}

/** the first this many modules of the program make the pathway's first unit */
export const FIRST_UNIT_MODULES = 3;

// ids derive from the set's key and the row's place in the series, so one statement can
// point at rows another statement made without looking them up
export function idFor(key: string, kind: string, ...parts: RawBuilder<unknown>[]) {
  const suffix = parts.map((part) => sql`|| ':' || ${part}`);
  return sql<string>`md5(${key}::text || ':' || ${kind}::text ${sql.join(suffix, sql` `)})::uuid`;
}

export const uuidArray = (ids: string[]) =>
  sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`))}]`;

export interface SetRefs {
  key: string;
  cohorts: RawBuilder<unknown>;
  participants: RawBuilder<unknown>;
  cohortId: RawBuilder<string>;
  coachId: RawBuilder<string>;
  facilitatorId: RawBuilder<string>;
  participantId: RawBuilder<string>;
  memberId: RawBuilder<string>;
  createdAt: RawBuilder<unknown>;
}

/**
 * What a cohort under way holds, for every cohort of a set: the pre-assessment answered
 * (three in four submitted), a published pathway of two units over the program's modules
 * with progress on the first unit, a kickoff and a coaching session past (attendance taken,
 * one in five absent) and a share-out ahead, an action plan per participant in every state,
 * and a submission per participant: a third earned and scored, a third waiting for the
 * coach, a third in draft.
 */
export async function insertCohortActivity(trx: Executor, context: SetContext, refs: SetRefs) {
  const { key, cohorts, participants, cohortId, coachId, facilitatorId, memberId, createdAt } =
    refs;
  const g = sql.ref('g');
  const p = sql.ref('p');
  const u = sql.ref('u');
  const s = sql.ref('s');
  const n = sql.ref('m.n');
  const modules = sql`unnest(${uuidArray(context.moduleIds)}) with ordinality as m (id, n)`;
  const items = sql`unnest(${uuidArray(context.assessmentItemIds)}) with ordinality as m (id, n)`;
  const criteria = sql`unnest(${uuidArray(context.criterionIds)}) as c (id)`;
  const units = sql`generate_series(1, 2) as u`;
  const pastSessions = sql`generate_series(1, 2) as s`;
  const unitId = (unit: RawBuilder<unknown>) => idFor(key, 'unit', g, unit);
  const sessionId = idFor(key, 'session', g, s);
  // kickoff three weeks ago, coaching one week ago, share-out three weeks ahead
  const sessionStart = sql`date_trunc('hour', now()) + (array[-21, -7, 21])[${s}] * interval '1 day'`;
  const absent = sql`(${p} + ${s}) % 5 = 0`;
  const submissionId = idFor(key, 'submission', g, p);
  const planStatus = sql`(array['accepted', 'submitted', 'draft', 'revision-requested'])[1 + ${p} % 4]`;
  const submissionStatus = sql`(array['earned', 'submitted', 'draft'])[1 + ${p} % 3]`;

  await sql`
    insert into pathway (cohort_id, published_at, published_by)
    select ${cohortId}, now() - interval '30 days', ${coachId} from ${cohorts}
  `.execute(trx);
  await sql`
    insert into pathway_unit (id, cohort_id, position, title, action_plan_prompt)
    select ${unitId(u)}, ${cohortId}, ${u}, 'Unit ' || ${u},
      'Plan one four-week change you will make in your classroom.'
    from ${cohorts} cross join ${units}
  `.execute(trx);
  const firstUnit = sql`${n} <= ${FIRST_UNIT_MODULES}`;
  await sql`
    insert into pathway_module (cohort_id, unit_id, module_id, position, due_on, rationale)
    select ${cohortId}, ${unitId(sql`case when ${firstUnit} then 1 else 2 end`)}, m.id,
      case when ${firstUnit} then ${n} else ${n} - ${FIRST_UNIT_MODULES} end,
      current_date + (${n}::int * 7 - 21), 'Chosen from the pre-assessment results.'
    from ${cohorts} cross join ${modules}
  `.execute(trx);
  await sql`
    insert into module_progress (member_id, module_id, status, reflection, started_at,
      completed_at)
    select ${memberId}, m.id, case when ${n} <= 2 then 'completed' else 'in-progress' end,
      'What I will try next week.', now() - interval '20 days',
      case when ${n} <= 2 then now() - interval '10 days' end
    from ${cohorts} cross join ${participants} cross join ${modules}
    where ${firstUnit}
  `.execute(trx);

  await sql`
    insert into cohort_assessment (cohort_id, assessment_id, pinned_at)
    select ${cohortId}, ${context.assessmentId}::uuid, ${createdAt} from ${cohorts}
  `.execute(trx);
  await sql`
    insert into assessment_response (id, cohort_id, assessment_id, member_id, started_at,
      updated_at, submitted_at)
    select ${idFor(key, 'response', g, p)}, ${cohortId}, ${context.assessmentId}::uuid, ${memberId},
      now() - interval '40 days', now() - interval '39 days',
      case when ${p} % 4 <> 0 then now() - interval '39 days' end
    from ${cohorts} cross join ${participants}
  `.execute(trx);
  await sql`
    insert into assessment_answer (response_id, assessment_id, item_id, rating)
    select ${idFor(key, 'response', g, p)}, ${context.assessmentId}::uuid, m.id,
      1 + (${g} + ${p} + ${n}::int) % 4
    from ${cohorts} cross join ${participants} cross join ${items}
  `.execute(trx);

  await sql`
    insert into coaching_session (id, cohort_id, kind, title, starts_at, minutes, host_id,
      created_by)
    select ${sessionId}, ${cohortId}, (array['kickoff', 'coaching', 'share-out'])[${s}],
      (array['Kickoff', 'Coaching: routines', 'Share-out'])[${s}], ${sessionStart}, 60,
      case when ${s} = 2 then ${coachId} else ${facilitatorId} end, ${facilitatorId}
    from ${cohorts} cross join generate_series(1, 3) as s
  `.execute(trx);
  await sql`
    insert into attendance_segment (coaching_session_id, user_id, joined_at, left_at, source,
      raw_event_id)
    select ${sessionId}, ${refs.participantId}, ${sessionStart},
      ${sessionStart} + interval '58 minutes', 'zoom', ${sessionId}::text || ':' || ${p}
    from ${cohorts} cross join ${participants} cross join ${pastSessions}
    where not ${absent}
  `.execute(trx);
  await sql`
    insert into attendance (coaching_session_id, user_id, minutes_credited, present, computed_at)
    select ${sessionId}, ${refs.participantId}, case when ${absent} then 0 else 58 end,
      not ${absent}, ${sessionStart} + interval '2 hours'
    from ${cohorts} cross join ${participants} cross join ${pastSessions}
  `.execute(trx);

  const steps = [
    { action: 'Teach the three-step signal', owner: 'Me', due: '', resources: 'A visual card' },
    { action: 'Practise it twice a day for a week', owner: 'The class', due: '', resources: '' },
  ];
  await sql`
    insert into action_plan (id, cohort_id, member_id, unit_id, status, goal, measure, steps,
      support, context, version, submitted_at, decided_at, shared_at, created_at)
    select ${idFor(key, 'plan', g, p)}, ${cohortId}, ${memberId}, ${unitId(sql.lit(1))},
      ${planStatus},
      'My class lines up for lunch in under 90 seconds using a practised three-step signal.',
      'I time each transition for three weeks and tally the reminders I give.',
      ${sql.lit(JSON.stringify(steps))}::jsonb, 'A short observation of a transition.',
      'Transitions are where we lose the most time.', 1,
      case when ${planStatus} <> 'draft' then now() - interval '5 days' end,
      case when ${planStatus} in ('accepted', 'revision-requested')
        then now() - interval '3 days' end,
      case when ${planStatus} = 'accepted' then now() - interval '2 days' end,
      now() - interval '10 days'
    from ${cohorts} cross join ${participants}
  `.execute(trx);

  await sql`
    insert into submission (id, member_id, micro_credential_id, status, body, submitted_at,
      decided_at, earned_at, created_at)
    select ${submissionId}, ${memberId}, ${context.microCredentialId}::uuid, ${submissionStatus},
      '## The routine' || chr(10) || 'Students start the warm-up within two minutes.',
      case when ${submissionStatus} <> 'draft' then now() - interval '6 days' end,
      case when ${submissionStatus} = 'earned' then now() - interval '4 days' end,
      case when ${submissionStatus} = 'earned' then now() - interval '4 days' end,
      now() - interval '12 days'
    from ${cohorts} cross join ${participants}
  `.execute(trx);
  await sql`
    insert into evidence_item (submission_id, kind, label, url)
    select ${submissionId}, 'link', 'Video of the routine',
      'https://video.example.org/watch/routine-' || ${p}
    from ${cohorts} cross join ${participants}
  `.execute(trx);
  const earned = sql`${submissionStatus} = 'earned'`;
  await sql`
    insert into score (id, submission_id, scorer_id, outcome, feedback, scored_at)
    select ${idFor(key, 'score', g, p)}, ${submissionId}, ${coachId}, 'earned',
      'Clear evidence on every criterion.', now() - interval '4 days'
    from ${cohorts} cross join ${participants}
    where ${earned}
  `.execute(trx);
  await sql`
    insert into score_criterion (score_id, criterion_id, result, feedback)
    select ${idFor(key, 'score', g, p)}, c.id, 'meets', ''
    from ${cohorts} cross join ${participants} cross join ${criteria}
    where ${earned}
  `.execute(trx);
}

/**
 * The filler's earned submissions get their hours and credential in two statements; each
 * credential reuses the signed document of one the app issued for a measured cohort, as
 * nothing verifies the filler's.
 */
export async function insertFillerRecognition(trx: Executor, context: SetContext) {
  const earned = sql`
    from submission
    join cohort_member on cohort_member.id = submission.member_id
    join cohort on cohort.id = cohort_member.cohort_id`;
  const notYetRecognised = sql`
    where submission.status = 'earned'
      and not exists (select 1 from hours_entry where hours_entry.submission_id = submission.id)`;
  await sql`
    insert into credential (organization_id, user_id, cohort_id, program_id, kind,
      micro_credential_id, submission_id, title, hours, issued_at, signing_key_id, document, jwt,
      origin)
    select cohort.organization_id, cohort_member.user_id, cohort.id, cohort.program_id,
      'micro-credential', submission.micro_credential_id, submission.id, template.title,
      template.hours, submission.earned_at, template.signing_key_id, template.document,
      template.jwt, template.origin
    ${earned}
    cross join (
      select title, hours, signing_key_id, document, jwt, origin from credential
      where micro_credential_id = ${context.microCredentialId}::uuid limit 1
    ) as template
    ${notYetRecognised}
  `.execute(trx);
  await sql`
    insert into hours_entry (organization_id, user_id, cohort_id, source, hours, reason,
      micro_credential_id, submission_id, awarded_at)
    select cohort.organization_id, cohort_member.user_id, cohort.id, 'micro-credential', 5,
      'Earned the micro-credential BENCH-1 Classroom routines',
      submission.micro_credential_id, submission.id, submission.earned_at
    ${earned}
    ${notYetRecognised}
  `.execute(trx);
}
