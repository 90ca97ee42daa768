import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { planAsMarkdown } from '../plans/content';
import { getPlanForSpotlight } from '../plans/plans.server';
import type { SpotlightContent, SpotlightTarget } from './state';

type Executor = Kysely<Database>;

export type SpotlightResolution = { content: SpotlightContent } | { error: string };

/**
 * What a spotlight target shows, checked against the cohort: a module of the cohort's
 * program, or a participant's handed-in action plan. The one place
 * a new kind of spotlight content is added.
 */
export async function resolveSpotlight(
  db: Executor,
  input: { cohortId: string; target: SpotlightTarget },
): Promise<SpotlightResolution> {
  const { target } = input;
  switch (target.kind) {
    case 'resource': {
      const module = await db
        .selectFrom('module')
        .innerJoin('cohort', 'cohort.program_id', 'module.program_id')
        .select(['module.id', 'module.title', 'module.body'])
        .where('cohort.id', '=', input.cohortId)
        .where('module.id', '=', target.moduleId)
        .executeTakeFirst();
      if (!module) return { error: 'That module is not part of this cohort’s program.' };
      return {
        content: { target, title: module.title, ownerName: null, body: module.body },
      };
    }
    case 'action-plan': {
      const plan = await getPlanForSpotlight(db, {
        cohortId: input.cohortId,
        planId: target.planId,
      });
      if (!plan) return { error: 'Only an action plan its author has handed in can be shown.' };
      return {
        content: {
          target,
          title: `Action plan: ${plan.unitTitle}`,
          ownerName: plan.authorName,
          body: planAsMarkdown(plan),
        },
      };
    }
  }
}
