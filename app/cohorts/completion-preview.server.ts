import type { DB } from '../../db/db.server';
import { getCompletionFacts, toHours, type CompletionFacts } from '../hours/ledger.server';

export interface CompletionPreviewPerson {
  userId: string;
  name: string;
  meets: boolean;
  /** hours this person receives on completion (0 when the rule is not met) */
  hours: number;
  /** in words, what the person has done, or what is missing */
  details: string[];
}

/** What completing the cohort will do, person by person, before anyone confirms it. */
export interface CompletionPreview {
  hoursForCompleting: number;
  thresholdPercent: number;
  people: CompletionPreviewPerson[];
  meetCount: number;
}

function plural(count: number, one: string, many: string) {
  return `${count} ${count === 1 ? one : many}`;
}

/** The completion rule applied to one participant, in words a facilitator can act on. */
export function describeCompletion(fact: CompletionFacts, hoursForCompleting: number) {
  const meets = fact.pathwayComplete && fact.attendanceMet;
  const details: string[] = [];
  if (!fact.pathwayComplete && fact.modulesCompleted >= fact.modulesAssigned) {
    details.push('The pathway was never published');
  } else if (fact.modulesAssigned === 0) {
    details.push('No modules assigned');
  } else if (fact.pathwayComplete) {
    details.push(`Finished all ${plural(fact.modulesAssigned, 'module', 'modules')}`);
  } else {
    details.push(
      `Finished ${fact.modulesCompleted} of ${plural(fact.modulesAssigned, 'module', 'modules')}`,
    );
  }
  if (fact.sessionsHeld === 0) {
    details.push('No coaching sessions held yet');
  } else {
    const attended = `Attended ${fact.sessionsAttended} of ${plural(fact.sessionsHeld, 'coaching session', 'coaching sessions')} (${fact.attendancePercent}%`;
    details.push(
      fact.attendanceMet
        ? `${attended})`
        : `${attended}; the rule asks for ${fact.thresholdPercent}%)`,
    );
  }
  return { meets, hours: meets ? hoursForCompleting : 0, details };
}

export async function getCompletionPreview(
  db: DB,
  input: { cohortId: string; now?: Date },
): Promise<CompletionPreview> {
  const program = await db
    .selectFrom('cohort')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .select([
      'program.hours_for_completing as hours',
      'program.attendance_threshold_percent as thresholdPercent',
    ])
    .where('cohort.id', '=', input.cohortId)
    .executeTakeFirstOrThrow();
  const hoursForCompleting = toHours(program.hours);
  const facts = await getCompletionFacts(db, input);
  const people = facts.map((fact) => ({
    userId: fact.userId,
    name: fact.name,
    ...describeCompletion(fact, hoursForCompleting),
  }));
  // those who will not receive hours first: they are what the facilitator may want to fix
  people.sort((a, b) => Number(a.meets) - Number(b.meets) || a.name.localeCompare(b.name));
  return {
    hoursForCompleting,
    thresholdPercent: program.thresholdPercent,
    people,
    meetCount: people.filter((person) => person.meets).length,
  };
}
