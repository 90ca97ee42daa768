import type { Kysely } from 'kysely';
import type { AssessmentItemKind, Database } from './schema';

/**
 * The demo program's pre-assessment: self-ratings with a descriptor per level, knowledge
 * questions with their right answers, and open questions the coach reads, over CM1–CM5.
 */

export interface DemoAssessmentItem {
  competencyCode: string;
  kind: AssessmentItemKind;
  prompt: string;
  options?: string[];
  correct?: number[];
}

export const demoAssessment: { title: string; intro: string; items: DemoAssessmentItem[] } = {
  title: 'Classroom Management Pre-Assessment',
  intro:
    'About 20 minutes. Answer for the classroom you teach now. There are no trick questions: your coach uses the results to choose the modules that help this group most.',
  items: [
    {
      competencyCode: 'CM1',
      kind: 'self-rating',
      prompt: 'How established are the routines for entering class, transitions and dismissal?',
      options: [
        'Beginning: routines exist mostly in my head; students often ask what to do next.',
        'Developing: some routines are posted, but I re-explain them most days.',
        'Proficient: key routines were taught and practised; most students follow them without reminders.',
        'Leading: students run the routines themselves and coach newcomers through them.',
      ],
    },
    {
      competencyCode: 'CM1',
      kind: 'single-choice',
      prompt:
        'A transition that used to take one minute now takes four. What is the most effective first response?',
      options: [
        'Add a consequence for the last students ready',
        'Stop, name the missed step, and have the class practise the transition again',
        'Skip the transition and keep students at their seats',
        'Post the rule again without comment',
      ],
      correct: [1],
    },
    {
      competencyCode: 'CM1',
      kind: 'multi-choice',
      prompt:
        'Which of these are procedures, written so a student could follow them? Choose all that apply.',
      options: [
        'Be ready to learn',
        'Take your folder from the bin, sit down, and start the Do Now silently',
        'Respect your classmates',
        'When you hear the chime, stop, look at the speaker, and put materials down',
      ],
      correct: [1, 3],
    },
    {
      competencyCode: 'CM2',
      kind: 'self-rating',
      prompt: 'How well do you know each student beyond their academic performance?',
      options: [
        'Beginning: I know a few students well; many I know only by name.',
        'Developing: I know something personal about most students.',
        'Proficient: I deliberately connect with every student and track who I have not reached.',
        'Leading: students say an adult here knows them, and I help colleagues build the same habits.',
      ],
    },
    {
      competencyCode: 'CM2',
      kind: 'single-choice',
      prompt: 'What does a "warm demander" do when a student has not started an assignment?',
      options: [
        'Lets it go to protect the relationship',
        'Sends the student to the office',
        'Checks in privately, names belief in the student, and holds the expectation',
        'Lowers the expectation for that day',
      ],
      correct: [2],
    },
    {
      competencyCode: 'CM2',
      kind: 'open-text',
      prompt:
        'Describe one thing you do to build community in your classroom. What works, and what would you like to get better at?',
    },
    {
      competencyCode: 'CM3',
      kind: 'self-rating',
      prompt: 'How do you respond to minor misbehaviour during instruction?',
      options: [
        'Beginning: I usually stop the lesson to address it publicly.',
        'Developing: I try quieter responses but often escalate.',
        'Proficient: I use the least intrusive response that works (proximity, a look, a private word) and keep teaching.',
        'Leading: my responses are consistent and calm, and students rarely escalate.',
      ],
    },
    {
      competencyCode: 'CM3',
      kind: 'single-choice',
      prompt: 'A student in the agitation phase is pacing and muttering. Which response fits best?',
      options: [
        'Demand that the student sit down immediately',
        'Offer a calm choice and space, using few words',
        'Explain the consequence in detail',
        'Ask the class to ignore the student',
      ],
      correct: [1],
    },
    {
      competencyCode: 'CM3',
      kind: 'multi-choice',
      prompt:
        'Which practices raise the ratio of positive to corrective feedback? Choose all that apply.',
      options: [
        'Specific praise for following a posted expectation',
        'Public lists of students who broke a rule',
        'Pre-corrections before a transition',
        'Acknowledging the class when a routine goes well',
      ],
      correct: [0, 2, 3],
    },
    {
      competencyCode: 'CM4',
      kind: 'self-rating',
      prompt: 'How many students actively respond during a typical lesson?',
      options: [
        'Beginning: a handful of volunteers answer most questions.',
        'Developing: I use some whole-class responses, but not every lesson.',
        'Proficient: every lesson plans for all students to respond (boards, turn-and-talk, cold call).',
        'Leading: high participation is routine and students hold each other to it.',
      ],
    },
    {
      competencyCode: 'CM4',
      kind: 'single-choice',
      prompt: 'Which question technique gets every student thinking before anyone answers?',
      options: [
        'Asking for volunteers',
        'Wait time followed by a cold call or all-write',
        'Answering your own question',
        'Calling on the first hand raised',
      ],
      correct: [1],
    },
    {
      competencyCode: 'CM5',
      kind: 'self-rating',
      prompt: 'How do you communicate with families?',
      options: [
        'Beginning: mostly when there is a problem.',
        'Developing: a newsletter and conference nights.',
        'Proficient: regular positive contact with every family, in their language, before problems arise.',
        'Leading: families contribute to the classroom and help shape decisions.',
      ],
    },
    {
      competencyCode: 'CM5',
      kind: 'single-choice',
      prompt: 'What is the main purpose of a restorative conversation after harm?',
      options: [
        'To decide the right punishment',
        'To help those involved understand the impact and agree how to repair it',
        'To get an apology as quickly as possible',
        'To document the incident for the file',
      ],
      correct: [1],
    },
    {
      competencyCode: 'CM5',
      kind: 'open-text',
      prompt:
        'Think of a family you find hard to reach. What have you tried, and what got in the way?',
    },
  ],
};

/** Adds the demo pre-assessment (version 1) to the program. */
export async function seedDemoAssessment(
  trx: Kysely<Database>,
  input: { programId: string; createdBy?: string | null },
) {
  const competencies = await trx
    .selectFrom('competency')
    .select(['id', 'code'])
    .where('program_id', '=', input.programId)
    .execute();
  const competencyIds = new Map(competencies.map((row) => [row.code, row.id]));
  const assessment = await trx
    .insertInto('assessment')
    .values({
      program_id: input.programId,
      version: 1,
      title: demoAssessment.title,
      intro: demoAssessment.intro,
      created_by: input.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('assessment_item')
    .values(
      demoAssessment.items.map((item, index) => {
        const competencyId = competencyIds.get(item.competencyCode);
        if (!competencyId) throw new Error(`unknown competency ${item.competencyCode}`);
        return {
          assessment_id: assessment.id,
          competency_id: competencyId,
          position: index + 1,
          kind: item.kind,
          prompt: item.prompt,
          options: item.options ?? [],
          correct: item.correct ?? [],
        };
      }),
    )
    .execute();
  return assessment;
}
