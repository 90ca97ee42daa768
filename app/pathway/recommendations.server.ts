import type { ModuleKind } from '../../db/schema';
import type { CompetencySummary } from '../assessment/scoring.server';

/**
 * Which modules to suggest from a cohort's pre-assessment.
 *
 * 1. The weak competencies are those with a cohort mean under 75 (at least one person
 *    scored), weakest first: lowest mean, then more people below 50, then catalog order.
 *    At most three are used, so the suggestions stay focused.
 * 2. Each online module that builds at least one weak competency gets a need: the sum of
 *    (100 − cohort mean) over the weak competencies it builds.
 * 3. Modules are ranked by need, then by how many people are below 50 on the competencies
 *    they build, then by their place in the catalog. Every suggestion says why, in numbers.
 */

export const WEAK_BELOW = 75;
export const MAX_WEAK_COMPETENCIES = 3;

export interface RankingCompetency {
  id: string;
  code: string;
  title: string;
  position: number;
}

export interface RankingModule {
  id: string;
  title: string;
  kind: ModuleKind;
  position: number;
  minutes: number;
  competencyIds: string[];
}

export interface WeakCompetency extends RankingCompetency {
  mean: number;
  below50: number;
  scored: number;
}

export interface Recommendation {
  moduleId: string;
  title: string;
  minutes: number;
  need: number;
  competencyCodes: string[];
  reasons: string[];
}

export function weakestCompetencies(
  competencies: RankingCompetency[],
  summaries: CompetencySummary[],
): WeakCompetency[] {
  const summaryOf = new Map(summaries.map((summary) => [summary.competencyId, summary]));
  return competencies
    .flatMap((competency) => {
      const summary = summaryOf.get(competency.id);
      if (!summary || summary.mean === null || summary.mean >= WEAK_BELOW) return [];
      return [
        { ...competency, mean: summary.mean, below50: summary.below50, scored: summary.scored },
      ];
    })
    .sort((a, b) => a.mean - b.mean || b.below50 - a.below50 || a.position - b.position)
    .slice(0, MAX_WEAK_COMPETENCIES);
}

export function describeNeed(competency: WeakCompetency) {
  return `cohort mean ${competency.mean} on ${competency.code}; ${competency.below50} of ${competency.scored} below 50`;
}

export function rankModules(
  competencies: RankingCompetency[],
  summaries: CompetencySummary[],
  modules: RankingModule[],
): { weakest: WeakCompetency[]; recommendations: Recommendation[] } {
  const weakest = weakestCompetencies(competencies, summaries);
  const weakById = new Map(weakest.map((competency) => [competency.id, competency]));
  const ranked = modules
    .filter((module) => module.kind === 'online')
    .flatMap((module) => {
      const builds = weakest.filter((competency) => module.competencyIds.includes(competency.id));
      if (builds.length === 0) return [];
      const need = builds.reduce((sum, competency) => sum + (100 - competency.mean), 0);
      const below50 = builds.reduce((sum, competency) => sum + competency.below50, 0);
      return [{ module, builds, need, below50 }];
    })
    .sort(
      (a, b) => b.need - a.need || b.below50 - a.below50 || a.module.position - b.module.position,
    );
  return {
    weakest,
    recommendations: ranked.map(({ module, builds, need }) => ({
      moduleId: module.id,
      title: module.title,
      minutes: module.minutes,
      need,
      competencyCodes: builds.map((competency) => competency.code),
      reasons: builds.map((competency) => describeNeed(weakById.get(competency.id)!)),
    })),
  };
}
