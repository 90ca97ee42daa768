import { describe, expect, it } from 'vitest';
import type { CompetencySummary } from '../assessment/scoring.server';
import { rankModules, type RankingCompetency, type RankingModule } from './recommendations.server';

const competencies: RankingCompetency[] = [
  { id: 'c1', code: 'C1', title: 'Routines', position: 1 },
  { id: 'c2', code: 'C2', title: 'Relationships', position: 2 },
  { id: 'c3', code: 'C3', title: 'Behavior', position: 3 },
  { id: 'c4', code: 'C4', title: 'Engagement', position: 4 },
  { id: 'c5', code: 'C5', title: 'Families', position: 5 },
];

function summary(competencyId: string, mean: number | null, below50 = 0, scored = 18) {
  return {
    competencyId,
    scored: mean === null ? 0 : scored,
    mean,
    spread: null,
    min: null,
    max: null,
    below50,
  } satisfies CompetencySummary;
}

const module = (
  id: string,
  position: number,
  competencyIds: string[],
  kind: RankingModule['kind'] = 'online',
): RankingModule => ({ id, title: `Module ${id}`, kind, position, minutes: 30, competencyIds });

describe('module recommendations', () => {
  it('rank modules by the need of the weak competencies they build, and say why', () => {
    const summaries = [
      summary('c1', 80),
      summary('c2', 38, 11),
      summary('c3', 55, 6),
      summary('c4', 70, 2),
      summary('c5', 90),
    ];
    const modules = [
      module('routines', 1, ['c1']),
      module('relationships', 2, ['c2']),
      module('behavior', 3, ['c3']),
      module('restorative', 4, ['c5', 'c2']),
      module('engagement', 5, ['c4', 'c1']),
      module('coaching', 6, ['c2', 'c3'], 'coaching'),
    ];
    const { weakest, recommendations } = rankModules(competencies, summaries, modules);
    expect(weakest.map((competency) => competency.code)).toEqual(['C2', 'C3', 'C4']);
    expect(recommendations.map((entry) => entry.moduleId)).toEqual([
      'relationships',
      'restorative',
      'behavior',
      'engagement',
    ]);
    expect(recommendations[0]).toMatchObject({
      need: 62,
      competencyCodes: ['C2'],
      reasons: ['cohort mean 38 on C2; 11 of 18 below 50'],
    });
  });

  it('break ties by people below 50, then by catalog order', () => {
    const summaries = [summary('c1', 40, 9), summary('c2', 40, 12), summary('c3', 40, 12)];
    const modules = [
      module('first-c1', 1, ['c1']),
      module('c3-late', 9, ['c3']),
      module('c3-early', 2, ['c3']),
      module('c2', 5, ['c2']),
    ];
    const { weakest, recommendations } = rankModules(competencies, summaries, modules);
    expect(weakest.map((competency) => competency.code)).toEqual(['C2', 'C3', 'C1']);
    expect(recommendations.map((entry) => entry.moduleId)).toEqual([
      'c3-early',
      'c2',
      'c3-late',
      'first-c1',
    ]);
  });

  it('use at most the three weakest competencies', () => {
    const summaries = competencies.map((competency, index) =>
      summary(competency.id, 10 + index * 10, 5),
    );
    const modules = competencies.map((competency, index) =>
      module(competency.code, index + 1, [competency.id]),
    );
    const { recommendations } = rankModules(competencies, summaries, modules);
    expect(recommendations.map((entry) => entry.moduleId)).toEqual(['C1', 'C2', 'C3']);
  });

  it('suggest nothing for an empty cohort or one strong everywhere', () => {
    const modules = [module('m', 1, ['c1'])];
    expect(
      rankModules(
        competencies,
        competencies.map((c) => summary(c.id, null)),
        modules,
      ),
    ).toEqual({ weakest: [], recommendations: [] });
    expect(rankModules(competencies, [], modules)).toEqual({ weakest: [], recommendations: [] });
    expect(
      rankModules(
        competencies,
        competencies.map((c) => summary(c.id, 75)),
        modules,
      ),
    ).toEqual({ weakest: [], recommendations: [] });
  });
});
