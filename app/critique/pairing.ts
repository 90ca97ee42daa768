/**
 * Partner groups as pure functions: pairs, with one triad when the count is odd, avoiding
 * people who were partners before. The same input and seed always give the same groups,
 * so a facilitator's "form groups" can be reproduced and tested.
 */

export type Group = string[];

/** who has been in a group with whom, as unordered pairs of member ids */
export type PairHistory = readonly (readonly [string, string])[];

function pairKey(a: string, b: string) {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function historySet(history: PairHistory) {
  return new Set(history.map(([a, b]) => pairKey(a, b)));
}

/** a small seeded generator (mulberry32) fed by a string hash (FNV-1a) */
export function seededRandom(seed: string) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index += 1) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** how many pairs inside these groups already worked together */
export function countRepeats(groups: readonly Group[], history: PairHistory) {
  const seen = historySet(history);
  let repeats = 0;
  for (const group of groups) {
    for (let i = 0; i < group.length; i += 1) {
      for (let j = i + 1; j < group.length; j += 1) {
        if (seen.has(pairKey(group[i]!, group[j]!))) repeats += 1;
      }
    }
  }
  return repeats;
}

/** greedy pairing of one ordering: each person takes the first newcomer to them, else anyone */
function pairGreedily(order: readonly string[], seen: Set<string>): Group[] {
  const left = [...order];
  const groups: Group[] = [];
  while (left.length >= 2) {
    const first = left.shift()!;
    let partnerIndex = left.findIndex((other) => !seen.has(pairKey(first, other)));
    if (partnerIndex < 0) partnerIndex = 0;
    const [partner] = left.splice(partnerIndex, 1);
    groups.push([first, partner!]);
  }
  if (left.length === 1) {
    const lone = left[0]!;
    if (groups.length === 0) return [[lone]];
    // the odd one out joins the pair where they repeat the fewest partners
    let best = 0;
    let bestRepeats = Number.POSITIVE_INFINITY;
    groups.forEach((group, index) => {
      const repeats = group.filter((member) => seen.has(pairKey(lone, member))).length;
      if (repeats < bestRepeats) {
        best = index;
        bestRepeats = repeats;
      }
    });
    groups[best]!.push(lone);
  }
  return groups;
}

const ATTEMPTS = 64;

/**
 * Forms groups for everyone in `memberIds`: pairs, plus one triad when the count is odd.
 * Tries several seeded orderings and keeps the one with the fewest repeated partners.
 * One person alone makes a group of one (nobody to pair with); none makes no groups.
 */
export function formGroups(
  memberIds: readonly string[],
  history: PairHistory,
  seed: string,
): Group[] {
  const unique = [...new Set(memberIds)].sort();
  if (unique.length === 0) return [];
  const seen = historySet(history);
  const random = seededRandom(seed);
  let best: Group[] = [];
  let bestRepeats = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < ATTEMPTS && bestRepeats > 0; attempt += 1) {
    const groups = pairGreedily(shuffled(unique, random), seen);
    const repeats = countRepeats(groups, history);
    if (repeats < bestRepeats) {
      best = groups;
      bestRepeats = repeats;
    }
  }
  return best;
}

export interface RepairResult {
  /** groups to keep exactly as they are */
  kept: Group[];
  /** groups whose membership changed or that are new: dissolve the old rows, insert these */
  formed: Group[];
  /** members whose group changed (they are told who their partner is now) */
  affected: string[];
}

/**
 * Fixes groups after people withdraw or join late, touching as few groups as possible:
 * members who left are dropped; whoever is left alone or has just joined is paired with
 * another such person, or joins a pair as its third (a newcomer to them where possible);
 * a triad that would become four splits into two pairs.
 */
export function repairGroups(
  current: readonly Group[],
  activeIds: readonly string[],
  history: PairHistory,
  seed: string,
): RepairResult {
  const active = new Set(activeIds);
  const seen = historySet(history);
  const kept: Group[] = [];
  const formed: Group[] = [];
  const unpaired: string[] = [];
  const placed = new Set<string>();

  for (const group of current) {
    const staying = group.filter((member) => active.has(member));
    staying.forEach((member) => placed.add(member));
    if (staying.length === group.length && staying.length >= 2) kept.push([...group]);
    else if (staying.length >= 2) formed.push(staying);
    else unpaired.push(...staying);
  }
  for (const member of [...active].sort()) {
    if (!placed.has(member)) unpaired.push(member);
  }
  if (unpaired.length === 0) {
    return { kept, formed, affected: formed.flat() };
  }

  const fresh = formGroups(unpaired, history, seed);
  const lonely = fresh.length === 1 && fresh[0]!.length === 1 ? fresh[0]![0]! : null;
  if (!lonely) {
    formed.push(...fresh);
  } else {
    // one person left over: join an existing pair, preferring one they have not worked with
    const pairs = [...kept, ...formed].filter((group) => group.length === 2);
    if (pairs.length > 0) {
      const target =
        pairs.find((pair) => pair.every((member) => !seen.has(pairKey(lonely, member)))) ??
        pairs[0]!;
      moveToFormed(kept, formed, target).push(lonely);
    } else {
      const triad = [...kept, ...formed].find((group) => group.length >= 3);
      if (triad) {
        const group = moveToFormed(kept, formed, triad);
        const everyone = [...group, lonely];
        formed.splice(formed.indexOf(group), 1, ...formGroups(everyone, history, seed));
      } else {
        formed.push([lonely]);
      }
    }
  }
  const keptMembers = new Set(kept.flat());
  const affected = formed.flat().filter((member) => !keptMembers.has(member));
  return { kept, formed, affected };
}

function moveToFormed(kept: Group[], formed: Group[], group: Group): Group {
  const keptIndex = kept.indexOf(group);
  if (keptIndex >= 0) {
    kept.splice(keptIndex, 1);
    const copy = [...group];
    formed.push(copy);
    return copy;
  }
  return group;
}

/** every unordered pair inside these groups, for the history */
export function pairsOf(groups: readonly Group[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const group of groups) {
    for (let i = 0; i < group.length; i += 1) {
      for (let j = i + 1; j < group.length; j += 1) pairs.push([group[i]!, group[j]!]);
    }
  }
  return pairs;
}
