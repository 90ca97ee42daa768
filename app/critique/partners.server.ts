import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { lockCohort } from '../cohorts/enrolment.server';
import { tellPeople, type Recipient } from '../evidence/notices.server';
import { formGroups, repairGroups, type Group } from './pairing';

type Executor = Kysely<Database>;

export interface PartnerGroupMember {
  memberId: string;
  userId: string;
  name: string;
  email: string;
}

export interface PartnerGroup {
  id: string;
  formedAt: string;
  members: PartnerGroupMember[];
}

/** The cohort's current groups (rows not dissolved), each with its members by name. */
export async function getPartnerGroups(db: Executor, cohortId: string): Promise<PartnerGroup[]> {
  const rows = await db
    .selectFrom('partnership')
    .select((eb) => [
      'partnership.id',
      'partnership.formed_at as formedAt',
      jsonArrayFrom(
        eb
          .selectFrom('partnership_member')
          .innerJoin('cohort_member', 'cohort_member.id', 'partnership_member.member_id')
          .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
          .select([
            'cohort_member.id as memberId',
            'app_user.id as userId',
            'app_user.name',
            'app_user.email',
          ])
          .whereRef('partnership_member.partnership_id', '=', 'partnership.id')
          .orderBy('app_user.name'),
      ).as('members'),
    ])
    .where('partnership.cohort_id', '=', cohortId)
    .where('partnership.dissolved_at', 'is', null)
    .execute();
  return rows
    .map((row) => ({
      id: row.id,
      formedAt: new Date(row.formedAt).toISOString(),
      members: row.members,
    }))
    .sort((a, b) => (a.members[0]?.name ?? '').localeCompare(b.members[0]?.name ?? ''));
}

/** every pair who have shared a group in this cohort, current groups included */
async function getPairHistory(db: Executor, cohortId: string) {
  const rows = await db
    .selectFrom('partnership_member as a')
    .innerJoin('partnership_member as b', (join) =>
      join
        .onRef('a.partnership_id', '=', 'b.partnership_id')
        .onRef('a.member_id', '<', 'b.member_id'),
    )
    .innerJoin('partnership', 'partnership.id', 'a.partnership_id')
    .select(['a.member_id as first', 'b.member_id as second'])
    .where('partnership.cohort_id', '=', cohortId)
    .execute();
  return rows.map((row) => [row.first, row.second] as const);
}

async function getActiveParticipants(db: Executor, cohortId: string) {
  return db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select([
      'cohort_member.id as memberId',
      'app_user.id as userId',
      'app_user.name',
      'app_user.email',
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('cohort_member.role', '=', 'participant')
    .where('cohort_member.status', '=', 'active')
    .execute();
}

async function insertGroups(
  trx: Transaction<Database>,
  input: { cohortId: string; actorId: string | null; groups: Group[] },
) {
  if (input.groups.length === 0) return;
  // ids made here so both inserts are one statement each, whatever the number of groups
  const partnerships = input.groups.map((group) => ({ id: randomUUID(), group }));
  await trx
    .insertInto('partnership')
    .values(
      partnerships.map(({ id }) => ({ id, cohort_id: input.cohortId, formed_by: input.actorId })),
    )
    .execute();
  const members = partnerships.flatMap(({ id, group }) =>
    group.map((memberId) => ({ partnership_id: id, member_id: memberId })),
  );
  if (members.length > 0) await trx.insertInto('partnership_member').values(members).execute();
}

async function dissolve(trx: Transaction<Database>, partnershipIds: string[], reason: string) {
  if (partnershipIds.length === 0) return;
  await trx
    .updateTable('partnership')
    .set({ dissolved_at: new Date(), dissolved_reason: reason })
    .where('id', 'in', partnershipIds)
    .where('dissolved_at', 'is', null)
    .execute();
}

/** tells each person in `memberIds` who their partners are now */
async function tellPartners(
  trx: Transaction<Database>,
  input: {
    organizationId: string;
    cohortId: string;
    cohortName: string;
    groups: Group[];
    memberIds: string[];
    people: Map<string, PartnerGroupMember>;
    appOrigin: string | null;
    why: string;
  },
) {
  const told = new Set(input.memberIds);
  for (const group of input.groups) {
    for (const memberId of group) {
      const person = input.people.get(memberId);
      if (!told.has(memberId) || !person) continue;
      const others = group
        .filter((other) => other !== memberId)
        .map((other) => input.people.get(other)?.name ?? 'a colleague');
      const title =
        others.length === 0
          ? `You have no critique partner in ${input.cohortName} for now`
          : `Your critique ${others.length > 1 ? 'partners are' : 'partner is'} ${others.join(' and ')}`;
      const recipient: Recipient = {
        userId: person.userId,
        email: person.email,
        name: person.name,
      };
      await tellPeople(
        trx,
        [recipient],
        {
          organizationId: input.organizationId,
          cohortId: input.cohortId,
          kind: 'partners.formed',
          title,
          href: `/cohorts/${input.cohortId}/partners`,
          paragraphs: [
            `${input.why} ${title} in ${input.cohortName}.`,
            'Partners read each other’s micro-credential evidence next to the rubric and say, for each criterion, what meets the bar and what would strengthen it.',
          ],
          actionLabel: 'See your partners',
        },
        input.appOrigin,
      );
    }
  }
}

/**
 * Forms new groups for every active participant in one go: pairs and one triad when the
 * count is odd, avoiding earlier partners. The current groups are dissolved (kept as
 * history) and everyone is told who their partner is.
 */
export async function formPartnerGroups(
  db: Executor,
  input: { cohortId: string; actorId: string; appOrigin: string | null; seed?: string },
) {
  return withTransaction(db, async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (!cohort) return { status: 'not-found' as const };
    const participants = await getActiveParticipants(trx, input.cohortId);
    if (participants.length < 2) return { status: 'too-few' as const };
    const history = await getPairHistory(trx, input.cohortId);
    // the seed follows the cohort and its history, so a formation can be reproduced from the audit log
    const seed = input.seed ?? `${input.cohortId}:${history.length}`;
    const groups = formGroups(
      participants.map((person) => person.memberId),
      history,
      seed,
    );
    const current = await getPartnerGroups(trx, input.cohortId);
    await dissolve(
      trx,
      current.map((group) => group.id),
      'groups re-formed',
    );
    await insertGroups(trx, { cohortId: input.cohortId, actorId: input.actorId, groups });
    await recordAudit(trx, {
      organizationId: cohort.organizationId,
      actorId: input.actorId,
      action: 'partners.formed',
      targetType: 'cohort',
      targetId: input.cohortId,
      before: { groups: current.map((group) => group.members.map((member) => member.memberId)) },
      after: { groups, seed },
    });
    await tellPartners(trx, {
      organizationId: cohort.organizationId,
      cohortId: input.cohortId,
      cohortName: cohort.name,
      groups,
      memberIds: groups.flat(),
      people: new Map(participants.map((person) => [person.memberId, person])),
      appOrigin: input.appOrigin,
      why: 'The facilitator formed critique partners.',
    });
    return { status: 'formed' as const, groups: groups.length };
  });
}

/**
 * Moves one participant into another participant's group (the facilitator's adjustment).
 * Both old groups are dissolved; what is left of the mover's old group stays together when
 * two or more remain, and a person left alone is listed as unpaired for the next move.
 */
export async function moveToPartner(
  db: Executor,
  input: {
    cohortId: string;
    memberId: string;
    partnerMemberId: string;
    actorId: string;
    appOrigin: string | null;
  },
) {
  return withTransaction(db, async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (!cohort) return { status: 'not-found' as const };
    if (input.memberId === input.partnerMemberId) return { status: 'same-person' as const };
    const participants = await getActiveParticipants(trx, input.cohortId);
    const people = new Map(participants.map((person) => [person.memberId, person]));
    const mover = people.get(input.memberId);
    const partner = people.get(input.partnerMemberId);
    if (!mover || !partner) return { status: 'not-found' as const };

    const groups = await getPartnerGroups(trx, input.cohortId);
    const moverGroup = groups.find((group) =>
      group.members.some((member) => member.memberId === mover.memberId),
    );
    const partnerGroup = groups.find((group) =>
      group.members.some((member) => member.memberId === partner.memberId),
    );
    if (moverGroup && moverGroup === partnerGroup) {
      return { status: 'already' as const, name: mover.name, partnerName: partner.name };
    }
    const target = [
      ...(partnerGroup?.members.map((member) => member.memberId) ?? [partner.memberId]),
      mover.memberId,
    ];
    if (target.length > 3) return { status: 'too-big' as const, partnerName: partner.name };
    const remainder =
      moverGroup?.members
        .map((member) => member.memberId)
        .filter((memberId) => memberId !== mover.memberId) ?? [];
    const formed = remainder.length >= 2 ? [target, remainder] : [target];
    await dissolve(
      trx,
      [moverGroup?.id, partnerGroup?.id].filter((id): id is string => Boolean(id)),
      'adjusted by the facilitator',
    );
    await insertGroups(trx, { cohortId: input.cohortId, actorId: input.actorId, groups: formed });
    await recordAudit(trx, {
      organizationId: cohort.organizationId,
      actorId: input.actorId,
      action: 'partners.adjusted',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { moved: mover.memberId, into: target, remainder },
    });
    const lonely = remainder.length === 1 ? remainder : [];
    await tellPartners(trx, {
      organizationId: cohort.organizationId,
      cohortId: input.cohortId,
      cohortName: cohort.name,
      groups: [...formed, ...lonely.map((memberId) => [memberId])],
      memberIds: [...target, ...remainder],
      people,
      appOrigin: input.appOrigin,
      why: 'The facilitator changed the critique partners.',
    });
    return {
      status: 'moved' as const,
      name: mover.name,
      partnerName: partner.name,
      leftAlone: lonely.map((memberId) => people.get(memberId)?.name ?? ''),
    };
  });
}

/**
 * Mends the groups after someone withdraws or joins late: their partner is paired again
 * (or a newcomer is placed) and told. Does nothing while the cohort has no groups yet.
 * Call inside the transaction that changed the membership, with the cohort locked.
 */
export async function repairPartnerGroups(
  trx: Transaction<Database>,
  input: { cohortId: string; actorId: string | null; appOrigin: string | null },
) {
  const current = await getPartnerGroups(trx, input.cohortId);
  if (current.length === 0) return { changed: 0 };
  const cohort = await trx
    .selectFrom('cohort')
    .select(['name', 'organization_id as organizationId'])
    .where('id', '=', input.cohortId)
    .executeTakeFirstOrThrow();
  const participants = await getActiveParticipants(trx, input.cohortId);
  const history = await getPairHistory(trx, input.cohortId);
  const currentGroups = current.map((group) => group.members.map((member) => member.memberId));
  const result = repairGroups(
    currentGroups,
    participants.map((person) => person.memberId),
    history,
    `${input.cohortId}:${history.length}`,
  );
  const keptKeys = new Set(result.kept.map((group) => [...group].sort().join(',')));
  const changed = current.filter(
    (group, index) => !keptKeys.has([...currentGroups[index]!].sort().join(',')),
  );
  if (changed.length === 0 && result.formed.length === 0) return { changed: 0 };
  await dissolve(
    trx,
    changed.map((group) => group.id),
    'membership changed',
  );
  const formedPairs = result.formed.filter((group) => group.length >= 2);
  await insertGroups(trx, {
    cohortId: input.cohortId,
    actorId: input.actorId,
    groups: formedPairs,
  });
  await tellPartners(trx, {
    organizationId: cohort.organizationId,
    cohortId: input.cohortId,
    cohortName: cohort.name,
    groups: result.formed,
    memberIds: result.affected,
    people: new Map(participants.map((person) => [person.memberId, person])),
    appOrigin: input.appOrigin,
    why: 'The cohort’s membership changed, so the partners were adjusted.',
  });
  return { changed: result.formed.length };
}

/** the member ids currently in a group with this member (not themselves) */
export async function getCurrentPartnerIds(db: Executor, memberId: string) {
  const rows = await db
    .selectFrom('partnership_member as mine')
    .innerJoin('partnership', 'partnership.id', 'mine.partnership_id')
    .innerJoin('partnership_member as other', 'other.partnership_id', 'mine.partnership_id')
    .select('other.member_id')
    .where('mine.member_id', '=', memberId)
    .where('partnership.dissolved_at', 'is', null)
    .where('other.member_id', '!=', memberId)
    .execute();
  return rows.map((row) => row.member_id);
}

/** the participants in no current group, for the facilitator's list */
export async function getUnpairedParticipants(db: Executor, cohortId: string) {
  const participants = await getActiveParticipants(db, cohortId);
  const groups = await getPartnerGroups(db, cohortId);
  const paired = new Set(groups.flatMap((group) => group.members.map((member) => member.memberId)));
  return participants
    .filter((person) => !paired.has(person.memberId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getParticipantOptions(db: Executor, cohortId: string) {
  const participants = await getActiveParticipants(db, cohortId);
  return participants
    .map((person) => ({ memberId: person.memberId, name: person.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
