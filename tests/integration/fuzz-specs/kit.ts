import type { FieldRule } from '../../setup/fuzz';
import type { FuzzWorld, Who } from './world';

// ---------------------------------------------------------------------------------------
// every route with an action, and the forms it takes

export interface FormCase {
  as: Who;
  path: string;
  /** a valid form; each payload breaks one field of it (or its whole body) */
  fields: Record<string, string | string[]>;
  /** the fields that are checked, and what they must be */
  rules: Record<string, FieldRule>;
}

export interface RouteSpec {
  cases: FormCase[];
  /** the same forms posted to paths naming rows of other cohorts, or nothing at all */
  foreignPaths?: string[];
  body?: 'form' | 'json' | 'zoom-webhook';
  /** a multipart post is an upload here: forms go urlencoded, and uploads get their own */
  uploads?: { path: string; as: Who; field: string };
}

export function badIdsFor(paramValue: string, foreign: string[]) {
  return [...foreign, '00000000-0000-4000-8000-000000000000', 'not-an-id', `${paramValue}%00`];
}

/** The paths, rules and shared forms the route specs are written with. */
export function specKit(w: FuzzWorld) {
  const cohort = (id: string) => `/cohorts/${id}`;
  const spring = cohort(w.spring);
  const fall = cohort(w.fall);
  const id = (...foreign: (string | null | undefined)[]): FieldRule => ({
    kind: 'id',
    foreign: foreign.filter((value): value is string => typeof value === 'string'),
  });
  const exact: FieldRule = { kind: 'exact' };
  const text = (max: number, required = false): FieldRule => ({ kind: 'text', max, required });
  const otherCohortPath = (rest: string) => [
    `${cohort(w.other.cohort)}${rest}`,
    `/cohorts/not-a-cohort${rest}`,
    `/cohorts/%E0%A4%A${rest}`,
    `/cohorts/00000000-0000-4000-8000-000000000000${rest}`,
  ];
  const springMembers = w.springParticipants;
  const fallMembers = w.fallParticipants;
  const sessionForm = (as: Who, path: string): FormCase => ({
    as,
    path,
    fields: {
      kind: 'coaching',
      title: 'Fuzzed session',
      date: '2027-02-10',
      time: '16:30',
      minutes: '60',
      hostId: w.other.user,
      moduleId: '',
      meetingLink: 'https://zoom.us/j/81234567890',
      passcode: 'abc123',
    },
    rules: {
      kind: { kind: 'enum', values: ['kickoff', 'coaching', 'share-out'] },
      title: text(200, true),
      date: { kind: 'date' },
      time: { kind: 'clock' },
      minutes: { kind: 'number', min: 15, max: 480, int: true },
      meetingLink: { kind: 'url' },
      passcode: text(10),
    },
  });
  const cohortForm = (as: Who, path: string): FormCase => ({
    as,
    path,
    fields: {
      programId: w.program,
      name: 'Fuzzed cohort',
      capacity: '20',
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      timezone: 'America/New_York',
      coachId: '',
    },
    rules: {
      programId: id(w.other.program),
      name: text(120, true),
      capacity: { kind: 'number', min: 2, max: 40, int: true },
      startsOn: { kind: 'date' },
      endsOn: { kind: 'date' },
      timezone: { kind: 'enum', values: ['America/New_York'] },
      coachId: { ...id(w.other.user), optional: true } as FieldRule,
    },
  });
  const itemForm = (path: string): FormCase => ({
    as: 'admin',
    path,
    fields: {
      kind: 'single-choice',
      competencyId: w.competencies[0]!,
      prompt: 'Which one?',
      option0: 'One',
      option1: 'Two',
      correct: '0',
    },
    rules: {
      kind: { kind: 'enum', values: ['self-rating'] },
      competencyId: id(w.other.competency),
      prompt: text(1000, true),
      option0: text(300),
      correct: { kind: 'number', min: 0, max: 1, int: true },
    },
  });
  return {
    cohort,
    spring,
    fall,
    id,
    exact,
    text,
    otherCohortPath,
    springMembers,
    fallMembers,
    sessionForm,
    cohortForm,
    itemForm,
  };
}

export type SpecKit = ReturnType<typeof specKit>;
