import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Executor = Kysely<Database>;

/** What the live room page offers a host to pick from: the program's modules and competencies. */
export async function getLiveRoomChoices(db: Executor, input: { cohortId: string }) {
  const [modules, competencies] = await Promise.all([
    db
      .selectFrom('module')
      .innerJoin('cohort', 'cohort.program_id', 'module.program_id')
      .select(['module.id', 'module.title'])
      .where('cohort.id', '=', input.cohortId)
      .orderBy('module.position')
      .execute(),
    db
      .selectFrom('competency')
      .innerJoin('cohort', 'cohort.program_id', 'competency.program_id')
      .select(['competency.id', 'competency.code', 'competency.title'])
      .where('cohort.id', '=', input.cohortId)
      .orderBy('competency.position')
      .execute(),
  ]);
  return { modules, competencies };
}
