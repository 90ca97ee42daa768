import { describe, expect, it } from 'vitest';
import { countRepeats, formGroups, pairsOf, repairGroups, type Group } from './pairing';

const people = (count: number) =>
  Array.from({ length: count }, (_, index) => `m${String(index + 1).padStart(2, '0')}`);

function sizes(groups: Group[]) {
  return groups.map((group) => group.length).sort();
}

function everyoneOnce(groups: Group[], members: string[]) {
  expect(groups.flat().sort()).toEqual([...members].sort());
}

describe('formGroups', () => {
  it('pairs an even count', () => {
    const members = people(18);
    const groups = formGroups(members, [], 'spring');
    expect(sizes(groups)).toEqual(Array(9).fill(2));
    everyoneOnce(groups, members);
  });

  it('makes exactly one triad when the count is odd', () => {
    const members = people(17);
    const groups = formGroups(members, [], 'spring');
    expect(sizes(groups)).toEqual([...Array(7).fill(2), 3]);
    everyoneOnce(groups, members);
  });

  it('handles three, two, one and nobody', () => {
    expect(sizes(formGroups(people(3), [], 's'))).toEqual([3]);
    expect(sizes(formGroups(people(2), [], 's'))).toEqual([2]);
    expect(formGroups(people(1), [], 's')).toEqual([['m01']]);
    expect(formGroups([], [], 's')).toEqual([]);
  });

  it('gives the same groups for the same seed, whatever order the members arrive in', () => {
    const members = people(12);
    const first = formGroups(members, [], 'seed-a');
    expect(formGroups([...members].reverse(), [], 'seed-a')).toEqual(first);
    const others = ['seed-b', 'seed-c', 'seed-d'].map((seed) => formGroups(members, [], seed));
    expect(others.some((groups) => JSON.stringify(groups) !== JSON.stringify(first))).toBe(true);
  });

  it('avoids repeating partners when a history exists', () => {
    const members = people(10);
    let history: [string, string][] = [];
    // three rounds of ten people can always be formed without a repeat
    for (const round of ['r1', 'r2', 'r3']) {
      const groups = formGroups(members, history, round);
      expect(countRepeats(groups, history)).toBe(0);
      history = [...history, ...pairsOf(groups)];
    }
  });

  it('repeats only when it cannot be helped', () => {
    const members = people(4);
    // everyone has already worked with everyone except m01–m04 and m02–m03
    const history: [string, string][] = [
      ['m01', 'm02'],
      ['m01', 'm03'],
      ['m02', 'm04'],
      ['m03', 'm04'],
    ];
    const groups = formGroups(members, history, 'x');
    expect(countRepeats(groups, history)).toBe(0);
    expect(groups.map((group) => [...group].sort().join('+')).sort()).toEqual([
      'm01+m04',
      'm02+m03',
    ]);
    const everyone = pairsOf([people(4)]);
    expect(countRepeats(formGroups(members, everyone, 'x'), everyone)).toBe(2);
  });
});

describe('repairGroups', () => {
  const pairs: Group[] = [
    ['m01', 'm02'],
    ['m03', 'm04'],
    ['m05', 'm06'],
  ];

  it('leaves groups alone when nobody changed', () => {
    const result = repairGroups(pairs, people(6), pairsOf(pairs), 's');
    expect(result.kept).toEqual(pairs);
    expect(result.formed).toEqual([]);
    expect(result.affected).toEqual([]);
  });

  it('puts a withdrawn person’s partner into another pair as its third', () => {
    const active = people(6).filter((id) => id !== 'm02');
    const result = repairGroups(pairs, active, pairsOf(pairs), 's');
    expect(result.affected).toContain('m01');
    expect(sizes([...result.kept, ...result.formed])).toEqual([2, 3]);
    everyoneOnce([...result.kept, ...result.formed], active);
    // only the receiving pair and the lone partner are touched
    expect(result.kept).toHaveLength(1);
  });

  it('keeps a triad as a pair when one of three withdraws', () => {
    const groups: Group[] = [
      ['m01', 'm02', 'm03'],
      ['m04', 'm05'],
    ];
    const active = ['m01', 'm02', 'm04', 'm05'];
    const result = repairGroups(groups, active, pairsOf(groups), 's');
    expect(result.kept).toEqual([['m04', 'm05']]);
    expect(result.formed).toEqual([['m01', 'm02']]);
    expect(result.affected.sort()).toEqual(['m01', 'm02']);
  });

  it('pairs a late joiner with a partner left alone by a withdrawal', () => {
    const active = [...people(6).filter((id) => id !== 'm06'), 'm07'];
    const result = repairGroups(pairs, active, pairsOf(pairs), 's');
    expect(result.formed.map((group) => [...group].sort())).toEqual([['m05', 'm07']]);
    expect(result.kept).toHaveLength(2);
  });

  it('adds a single late joiner to a pair, preferring people they have not worked with', () => {
    const history: [string, string][] = [...pairsOf(pairs), ['m07', 'm01'], ['m07', 'm03']];
    const result = repairGroups(pairs, [...people(6), 'm07'], history, 's');
    expect(result.formed).toEqual([['m05', 'm06', 'm07']]);
    expect(result.affected.sort()).toEqual(['m05', 'm06', 'm07']);
  });

  it('splits a triad into two pairs when a fourth person arrives and there is no pair', () => {
    const groups: Group[] = [['m01', 'm02', 'm03']];
    const result = repairGroups(groups, ['m01', 'm02', 'm03', 'm04'], pairsOf(groups), 's');
    expect(result.kept).toEqual([]);
    expect(sizes(result.formed)).toEqual([2, 2]);
    everyoneOnce(result.formed, ['m01', 'm02', 'm03', 'm04']);
  });

  it('is deterministic with a seed', () => {
    const active = [...people(6).filter((id) => id !== 'm02' && id !== 'm04'), 'm07', 'm08'];
    const first = repairGroups(pairs, active, pairsOf(pairs), 'seed');
    expect(repairGroups(pairs, active, pairsOf(pairs), 'seed')).toEqual(first);
  });
});
