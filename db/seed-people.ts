/**
 * The demo association, its staff and its 18 participants. All people, schools, and
 * educator ids are fictional.
 */

export interface DemoPerson {
  name: string;
  stateEducatorId: string;
  school: string;
  subject: string;
}

export const demoOrganization: { name: string; slug: string; timezone: string } = {
  name: 'Three Rivers Education Association',
  slug: 'three-rivers-ea',
  timezone: 'America/New_York',
};

export const demoStaff: {
  admin: { name: string };
  facilitator: { name: string };
  coach: { name: string };
  secondCoach: { name: string };
} = {
  admin: { name: 'Denise Marino' },
  facilitator: { name: 'Marcus Bell' },
  coach: { name: 'Lena Okafor' },
  // a coach of the cadre who staffs no demo cohort yet, so the coach picker has a choice
  secondCoach: { name: 'Priya Raman' },
};

export const demoParticipants: DemoPerson[] = [
  {
    name: 'Maria Delgado',
    stateEducatorId: '2847301',
    school: 'Ridgeview Elementary School',
    subject: 'Grade 2',
  },
  {
    name: 'Rebecca Stoltzfus',
    stateEducatorId: '3105968',
    school: 'Ridgeview Elementary School',
    subject: 'Kindergarten',
  },
  {
    name: 'Keisha Robinson',
    stateEducatorId: '1973442',
    school: 'Ridgeview Elementary School',
    subject: 'Special education (learning support, K-5)',
  },
  {
    name: 'Emily Kowalczyk',
    stateEducatorId: '4418207',
    school: 'Millbrook Elementary School',
    subject: 'Grade 4',
  },
  {
    name: 'Sofia Marchetti',
    stateEducatorId: '2650913',
    school: 'Millbrook Elementary School',
    subject: 'Art K-5',
  },
  {
    name: 'Nia Bradford',
    stateEducatorId: '3782154',
    school: 'Millbrook Elementary School',
    subject: 'Grade 1',
  },
  {
    name: 'Aisha Mahmoud',
    stateEducatorId: '1508876',
    school: 'Ferry Street Elementary School',
    subject: 'Grade 5',
  },
  {
    name: 'Andre Coleman',
    stateEducatorId: '4021639',
    school: 'Ferry Street Elementary School',
    subject: 'Physical education K-5',
  },
  {
    name: 'Luis Ortega',
    stateEducatorId: '2936480',
    school: 'Ferry Street Elementary School',
    subject: 'English as a second language, K-5',
  },
  {
    name: 'Jamal Whitaker',
    stateEducatorId: '3347725',
    school: 'Carson Middle School',
    subject: 'Middle school mathematics',
  },
  {
    name: 'Thanh Nguyen',
    stateEducatorId: '1764092',
    school: 'Carson Middle School',
    subject: 'Middle school science',
  },
  {
    name: 'Tyler Brennan',
    stateEducatorId: '4589316',
    school: 'Carson Middle School',
    subject: 'Middle school English language arts',
  },
  {
    name: 'Grace Kim',
    stateEducatorId: '2213857',
    school: 'Carson Middle School',
    subject: 'Music, grades 6-8',
  },
  {
    name: 'Samuel Adeyemi',
    stateEducatorId: '3690241',
    school: 'Carson Middle School',
    subject: 'Special education (emotional support, grades 6-8)',
  },
  {
    name: 'Priya Raman',
    stateEducatorId: '1882574',
    school: 'Three Rivers Area High School',
    subject: 'High school chemistry',
  },
  {
    name: "Daniel O'Brien",
    stateEducatorId: '4127063',
    school: 'Three Rivers Area High School',
    subject: 'High school social studies',
  },
  {
    name: 'Hannah Goldberg',
    stateEducatorId: '2479618',
    school: 'Three Rivers Area High School',
    subject: 'High school English',
  },
  {
    name: 'Joseph Yoder',
    stateEducatorId: '3951307',
    school: 'Three Rivers Area High School',
    subject: 'High school mathematics',
  },
];
