import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Executor = Kysely<Database>;

export interface Person {
  userId: string;
  name: string;
}

/** Pairs in order, the last three together when the count is odd; one person stays alone. */
export function pairUp<T>(people: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let index = 0; index + 1 < people.length; index += 2) {
    groups.push([people[index]!, people[index + 1]!]);
  }
  if (people.length % 2 === 1) {
    const last = people[people.length - 1]!;
    if (groups.length > 0) groups[groups.length - 1]!.push(last);
    else groups.push([last]);
  }
  return groups;
}

function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** The cohort's active participants, by user id, with their current partnership if any. */
export async function listBreakoutCandidates(db: Executor, input: { cohortId: string }) {
  return db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .leftJoin('partnership_member', 'partnership_member.member_id', 'cohort_member.id')
    .leftJoin('partnership', (join) =>
      join
        .onRef('partnership.id', '=', 'partnership_member.partnership_id')
        .on('partnership.dissolved_at', 'is', null),
    )
    .select(['app_user.id as userId', 'app_user.name as name', 'partnership.id as partnershipId'])
    .where('cohort_member.cohort_id', '=', input.cohortId)
    .where('cohort_member.role', '=', 'participant')
    .where('cohort_member.status', 'in', ['active', 'completed'])
    .orderBy('app_user.name')
    .execute();
}

/**
 * Breakout groups for the participants in the room: the cohort's current partnerships
 * (the partners who are here), then everyone left over paired at random, a triad when odd.
 */
export async function suggestBreakoutGroups(
  db: Executor,
  input: { cohortId: string; presentUserIds: readonly string[] },
): Promise<Person[][]> {
  const present = new Set(input.presentUserIds);
  const candidates = (await listBreakoutCandidates(db, input)).filter((row) =>
    present.has(row.userId),
  );
  const byPartnership = new Map<string, Person[]>();
  const unpartnered: Person[] = [];
  const placed = new Set<string>();
  for (const row of candidates) {
    if (placed.has(row.userId)) continue;
    if (row.partnershipId) {
      const group = byPartnership.get(row.partnershipId) ?? [];
      group.push({ userId: row.userId, name: row.name });
      byPartnership.set(row.partnershipId, group);
      placed.add(row.userId);
    }
  }
  for (const row of candidates) {
    if (!placed.has(row.userId)) {
      unpartnered.push({ userId: row.userId, name: row.name });
      placed.add(row.userId);
    }
  }
  const groups: Person[][] = [];
  for (const group of byPartnership.values()) {
    // a partner who is not here leaves the other to join the random pairing
    if (group.length >= 2) groups.push(group);
    else unpartnered.push(...group);
  }
  const random = pairUp(shuffle(unpartnered));
  const alone = random.find((group) => group.length === 1);
  if (alone && groups.length > 0) {
    groups[groups.length - 1]!.push(alone[0]!);
    return [...groups, ...random.filter((group) => group !== alone)];
  }
  return [...groups, ...random];
}
