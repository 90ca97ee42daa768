import { sql, type Kysely } from 'kysely';
import type { Database, SubmissionPartKind } from './schema';

/**
 * The demo catalog: the twenty-five PSEA/NEA micro-credentials that need no classroom or
 * student data, under the stacks they belong to, and NEA's "Elevating the Profession Through
 * Educator Ethics" stack with its eight micro-credential topics. Titles, descriptions, stacks,
 * evidence and audiences carry over from the published lists; rubrics are sample content
 * written for the demo, not NEA's.
 */

const K12 = 'K-12 educators';
const ESP = 'Education support professionals';
const ASPIRING = 'Aspiring educators';
const LEADERS = 'Teacher leaders';
const TECH_COACHES = 'Technology coaches';
const MENTORS = 'Mentors';
const CLASSROOM = 'Classroom teachers';
const ELL_EDUCATORS = 'Educators of English language learners';

interface CatalogCredential {
  title: string;
  description: string;
  /** the evidence as the published list words it */
  evidence: string;
  evidenceTypes: string[];
  /** who it is for, when not everyone the stack is for */
  audiences?: string[];
}

interface CatalogStack {
  code: string;
  title: string;
  summary: string;
  description?: string;
  topics: string[];
  outcomes?: string[];
  gradeLevels?: string[];
  audiences: string[];
  needsClassroomData: boolean;
  credentials: CatalogCredential[];
}

const espGrowth = 'Professional vision, professional growth plan and documentation';
const espTypes = ['Professional vision', 'Professional growth plan', 'Documentation'];
const esp = (title: string, description: string): CatalogCredential => ({
  title,
  description,
  evidence: espGrowth,
  evidenceTypes: espTypes,
});

const ethicsTopics = [
  'Educator Ethics and the Law',
  'Responsibility for Professional Competence',
  'Responsibility to Students',
  'Responsibility to the Profession',
  'Responsibility to the School Community',
  'Responsible and Ethical Use of Technology',
  'Setting and Maintaining Ethical Boundaries',
  'Understanding Educator Ethics',
];

export const catalogStacks: CatalogStack[] = [
  {
    code: 'BFS',
    title: 'Bully Free Schools',
    summary:
      'In this stack, you will learn how to create a safe and bully free environment for your students.',
    topics: ['Bullying Prevention', 'Positive School Environments'],
    audiences: [K12, ESP, ASPIRING],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Federal, State, and Local Policy Related to Bullying',
        description:
          'Educator demonstrates an understanding of how to empower students to avoid or appropriately deal with bullying situations.',
        evidence: 'Presentation, handbook',
        evidenceTypes: ['Presentation', 'Handbook'],
      },
    ],
  },
  {
    code: 'CLM',
    title: 'Classroom Management',
    summary:
      'In this stack, you will learn how to create a student-centered learning community that is supportive of all students.',
    topics: ['Classroom Management', 'Positive School Environments'],
    audiences: [K12, ESP, ASPIRING],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Trauma-Informed Pedagogy',
        description:
          'Educator demonstrates an understanding of how trauma can affect student behaviors and responses within the school context and promotes students’ abilities to self-monitor and maintain positive engagement in all aspects of learning and interactions.',
        evidence: 'Written artifact (see the full rubric)',
        evidenceTypes: ['Written artifact'],
      },
      {
        title: 'Addressing Challenging Behaviors',
        description:
          'Educator demonstrates an understanding and application of multiple strategies when addressing challenging classroom behaviors to meet the needs of all learners.',
        evidence: 'Option B: SMART goal analysis, pamphlet or brochure',
        evidenceTypes: ['SMART goal analysis', 'Pamphlet or brochure'],
      },
    ],
  },
  {
    code: 'ESP',
    title: 'Education Support Professionals: Professional Growth Continuum',
    summary:
      'In this stack, you will learn how to use The Universal Standards and Levels of Practice to reflect on current levels of skills and knowledge, and map out the area(s) that can be strengthened or improved upon in order to move along the continuum of professional growth.',
    topics: ['Education Support Professionals', 'Professional Growth'],
    audiences: [ESP],
    needsClassroomData: false,
    credentials: [
      esp(
        'Communication Standard',
        'The Education Support Professional (ESP) effectively listens and communicates (written and verbal) with a diverse audience, including students, parents/guardians, staff, visitors, and community.',
      ),
      esp(
        'Cultural Competence Standard',
        'The Education Support Professional (ESP) examines their own cultural context, understands the cultural contexts of others, and interacts across cultural contexts with sensitivity to difference (e.g., economics, race, gender, and disability).',
      ),
      esp(
        'Ethics Standard',
        'The Education Support Professional (ESP) maintains a high level of ethical behavior, confidentiality, and privacy regarding any information relating to students, staff, and all career-related matters.',
      ),
      esp(
        'Health and Safety Standard',
        'The Education Support Professional (ESP) protects the health and safety of oneself and others by knowing and executing health, safety, and emergency protocols/procedures with fidelity.',
      ),
      esp(
        'Organization Standard',
        'The Education Support Professional (ESP) prioritizes, plans, and executes tasks efficiently and effectively.',
      ),
      esp(
        'Professionalism Standard',
        "The Education Support Professional (ESP) presents and conducts oneself with skill around career roles while maintaining high expectations and responsibility to one's students, colleagues, and profession.",
      ),
      esp(
        'Reporting Standard',
        'The Education Support Professional (ESP) understands the responsibilities of a mandated reporter, including what, when, how, and to whom reports should be filed.',
      ),
    ],
  },
  {
    code: 'ELL',
    title: 'English Language Learners',
    summary:
      'In this stack, you will learn how to support the learning for students who are learning English as a Second Language.',
    topics: ['English Language Learners', 'Advocacy'],
    audiences: [ELL_EDUCATORS],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Advocating for ELL Students and their Families at the School Level',
        description:
          'Educator advocates in their schools for English Language Learner (ELL) students and families using a five-step action plan.',
        evidence: 'Written artifacts, presentation',
        evidenceTypes: ['Written artifact', 'Presentation'],
      },
      {
        title: 'Advocating for ELL Friendly Local, State, and Federal Policy',
        description:
          'Educator advocates at the local, state, and/or federal level for policies that support English Language Learners and their families.',
        evidence: 'Written artifacts',
        evidenceTypes: ['Written artifact'],
      },
    ],
  },
  {
    code: 'ESSA',
    title: 'Every Student Succeeds Act (ESSA)',
    summary: 'In this stack, you will learn how to use ESSA to advocate for equity in education.',
    topics: ['Every Student Succeeds Act', 'Advocacy', 'Equity'],
    audiences: [K12, ESP, ASPIRING, LEADERS],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Advocacy with ESSA',
        description:
          'Educator demonstrates an understanding of the needs of their students and leverages the opportunities provided by the ESSA to meet those needs.',
        evidence: 'Any format allowed: written, audio or video suggested',
        evidenceTypes: ['Written artifact', 'Audio', 'Video'],
      },
      {
        title: 'Building Awareness: The Non-Academic Indicators',
        description:
          'Educator demonstrates how non-academic indicators provide equitable opportunities for student success.',
        evidence: 'Written artifact, choice of presentation',
        evidenceTypes: ['Written artifact', 'Presentation'],
      },
      {
        title: 'Using Data for Change',
        description:
          'Educator uses state/local data to drive ESSA Implementation to meet the needs of their students',
        evidence:
          'Written artifact that contains links, presentation that includes narrative (written or recorded)',
        evidenceTypes: ['Written artifact', 'Presentation'],
      },
      {
        title: 'Working Together for Student Success',
        description:
          'Educator demonstrates an understanding of how stakeholder engagements leads to student success and contributes to the implementation of ESSA.',
        evidence: 'Written artifacts, video or photo journal',
        evidenceTypes: ['Written artifact', 'Video', 'Photo journal'],
      },
    ],
  },
  {
    code: 'EXL',
    title: 'Exceptional Learners',
    summary:
      'Sample summary: micro-credentials on the laws, policies and practices that serve students with disabilities.',
    topics: ['Exceptional Learners', 'Special Education'],
    audiences: [K12, ESP],
    needsClassroomData: false,
    credentials: [
      {
        title: 'IDEA-Determining Eligibility',
        description:
          'Educator demonstrates an understanding of the connection between laws, regulations, policies, and procedures at the federal, state, and local levels and the process used to determine eligibility for special education and related services.',
        evidence: 'Comparison chart, informational pamphlet, and presentation',
        evidenceTypes: ['Comparison chart', 'Pamphlet or brochure', 'Presentation'],
      },
    ],
  },
  {
    code: 'LIO',
    title: 'Leadership in Organizing',
    summary:
      'In this stack, you will learn skills that will help you organize to support member engagement in the association.',
    topics: ['Leadership', 'Organizing', 'Family & Community Engagement'],
    audiences: [K12, ESP, ASPIRING],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Building a Meaningful Partnership',
        description:
          'The leader develops a plan for creating community partnerships that engage a diverse variety of stakeholders in advocacy for public education issues. The educator understands that community partnerships are critical to advancing education policy and initiatives at the local, state, and national level that give students the greatest opportunities to succeed.',
        evidence: 'Two written artifacts',
        evidenceTypes: ['Written artifact'],
      },
      {
        title: 'Story of Self',
        description: 'Leader effectively uses their story of self as an organizing skill.',
        evidence: 'Written artifact, photo essay, 2–3-minute video',
        evidenceTypes: ['Written artifact', 'Photo essay', 'Video'],
      },
    ],
  },
  {
    code: 'LGBTQ',
    title: 'Supporting LGBTQ Students',
    summary:
      'In this stack, you will learn how to support LGBTQ students by creating a safe space and a culture of inclusivity.',
    topics: ['Supporting LGBTQ Students', 'Advocacy', 'Positive School Environments'],
    audiences: [K12, ESP, LEADERS, ASPIRING],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Advocating for LGBTQ—Inclusive Policy',
        description:
          'Educator effectively consults LGBTQ students and family members about what their needs are and then advocates for LGBTQ-inclusive policies to support these needs.',
        evidence: 'Choice of letter or poster or video, written artifact, audio or video',
        evidenceTypes: ['Letter', 'Poster', 'Video', 'Written artifact', 'Audio'],
      },
      {
        title: 'Advocating for LGBTQ—Inclusive Workplaces',
        description:
          'Educator advocates for LGBTQ-inclusive policy and protections for adults in the workplace.',
        evidence: 'Presentation video or screencast or PowerPoint/Keynote/Google Slides',
        evidenceTypes: ['Presentation', 'Video'],
      },
    ],
  },
  {
    code: 'TEL',
    title: 'Technology for Educational Leaders',
    summary:
      'In this stack, you will learn technical skills needed to facilitate professional learning in a variety of settings as well as how to grow your own professional network and troubleshoot basic technology problems.',
    topics: ['Technology', 'Leadership', 'Peer Mentoring & Collaboration'],
    audiences: [LEADERS, TECH_COACHES, MENTORS, CLASSROOM],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Connected Educator- Growing Your Professional Network',
        description:
          'Educator shares and learns in the global community as a means to develop professionally.',
        evidence: 'List of memberships, problem of practice and solution, website or blog',
        evidenceTypes: ['List of memberships', 'Problem of practice', 'Website or blog'],
      },
      {
        title: 'Curating Content',
        description:
          'Educator uses a variety of curation tools to collect meaningful content for other educators.',
        evidence: 'Essay and a website or blog',
        evidenceTypes: ['Essay', 'Website or blog'],
      },
      {
        title: 'Introduction to Online Netiquette',
        description:
          'Educator creates guidelines for educators on the topic of online etiquette ("netiquette").',
        evidence: 'Annotated and edited email, checklist, and a professional article to publish',
        evidenceTypes: ['Annotated email', 'Checklist', 'Article'],
      },
    ],
  },
  {
    code: 'TIN',
    title: 'Technology Integration',
    summary:
      'In this stack, you will learn how to leverage digital tools to support your students using critical thinking, communication and collaboration skills.',
    topics: ['Technology'],
    audiences: [K12],
    needsClassroomData: false,
    credentials: [
      {
        title: 'Technology Integration: Learner',
        description:
          'Educator improves their practice by learning from and with others through the exploration of best practices that leverage technology to improve student learning.',
        evidence: 'Reflection, goal, matrix and evidence of networking',
        evidenceTypes: ['Reflection', 'Goal', 'Matrix', 'Evidence of networking'],
      },
    ],
  },
  {
    code: 'ETH',
    title: 'Elevating the Profession Through Educator Ethics',
    summary:
      'This stack of micro-credentials is intended to teach educators how to make ethical professional decisions and understand the complex intersectionalities of relationships.',
    description:
      'This stack challenges the status quo, personal beliefs, and cultural norms in order to develop a non-biased approach to ethical decision-making that allows educators to take control of their Profession. Participants examine various ethical situations including: technology dos and don’ts; relationships with students, parents, and colleagues, and; the dichotomy of a school employee’s life.',
    topics: [
      'Educator Self-Care',
      'Family & Community Engagement',
      'Peer Mentoring & Collaboration',
      'Positive School Environments',
    ],
    outcomes: [
      'Use knowledge of laws and policies in day-to-day decision-making to model and promote ethical behavior.',
      'Learn to use research and resources to promote ethical relationships and effective interactions with members of the school community.',
      'Learn to demonstrate responsible and ethical use of technology.',
    ],
    gradeLevels: [
      'Early Childhood',
      'Elementary School',
      'Middle School',
      'High School',
      'Higher Education',
    ],
    audiences: [K12, ESP, ASPIRING],
    // not on the list of micro-credentials that need no classroom or student data
    needsClassroomData: true,
    credentials: ethicsTopics.map((title) => ({
      title,
      description: `Sample description: the educator applies the ethics of the profession to “${title.toLowerCase()}” and explains the decisions made.`,
      evidence: 'Sample evidence: a written artifact and a reflection',
      evidenceTypes: ['Written artifact', 'Reflection'],
    })),
  },
];

/** how many micro-credentials the demo catalog adds */
export const catalogCredentialCount = catalogStacks.reduce(
  (total, stack) => total + stack.credentials.length,
  0,
);

function sampleParts(
  credential: CatalogCredential,
): { kind: SubmissionPartKind; prompt: string }[] {
  return [
    {
      kind: 'overview',
      prompt: `Sample prompt: in your own words, why does “${credential.title}” matter where you work?`,
    },
    { kind: 'artifact', prompt: `Sample prompt: submit ${credential.evidence.toLowerCase()}.` },
    {
      kind: 'reflection',
      prompt: 'Sample prompt: what did you learn, and what will you do differently next?',
    },
  ];
}

function sampleCriteria(credential: CatalogCredential) {
  return [
    {
      part: 'overview' as const,
      title: 'Overview',
      meets:
        'Sample rubric: answers the overview questions in the educator’s own words and ties them to the competency.',
      notYet:
        'Sample rubric: restates the competency without saying what it means for this educator.',
    },
    {
      part: 'artifact' as const,
      title: 'Artifacts',
      meets: `Sample rubric: the ${credential.evidenceTypes.join(', ').toLowerCase()} ${credential.evidenceTypes.length === 1 ? 'is' : 'are'} complete, accurate and ready for colleagues to use.`,
      notYet:
        'Sample rubric: an artifact is missing, incomplete or could not be used as it stands.',
    },
    {
      part: 'reflection' as const,
      title: 'Reflection',
      meets:
        'Sample rubric: names what was learned, what changes in practice, and who benefits from the change.',
      notYet: 'Sample rubric: describes what was done without reflecting on it.',
    },
  ];
}

/**
 * Adds the demo catalog to the organization: one published program per stack with its
 * micro-credentials and sample rubrics, and a few requests to join the ethics stack.
 */
export async function seedDemoCatalog(
  db: Kysely<Database>,
  input: { organizationId: string; requesterIds: string[]; demoProgramId: string },
) {
  // the demo program's evidence asks for classroom data (time on task, student voice)
  await db
    .updateTable('micro_credential')
    .set({ needs_classroom_data: true })
    .where('program_id', '=', input.demoProgramId)
    .execute();
  const programIds: Record<string, string> = {};
  for (const stack of catalogStacks) {
    const program = await db
      .insertInto('program')
      .values({
        organization_id: input.organizationId,
        title: stack.title,
        description: stack.description ?? stack.summary,
        audience: stack.audiences.join(', '),
        hours_for_completing: 15,
        hours_for_attaining: 5,
        summary: stack.summary,
        topics: stack.topics,
        outcomes: stack.outcomes ?? [],
        audiences: stack.audiences,
        grade_levels: stack.gradeLevels ?? [],
        // hours_per_credential keeps its default of 15
        format: 'blended',
        status: 'published',
        published_at: sql<Date>`now()`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    programIds[stack.code] = program.id;
    for (const [index, credential] of stack.credentials.entries()) {
      const created = await db
        .insertInto('micro_credential')
        .values({
          program_id: program.id,
          code: `${stack.code}-${index + 1}`,
          title: credential.title,
          description: credential.description,
          evidence_requirements: credential.evidence,
          hours: 15,
          position: index + 1,
          competency_statement: credential.description,
          key_method: 'Sample content written for the demo catalog.',
          submission_parts: sampleParts(credential),
          evidence_types: credential.evidenceTypes,
          needs_classroom_data: stack.needsClassroomData,
          audiences: credential.audiences ?? stack.audiences,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('rubric_criterion')
        .values(
          sampleCriteria(credential).map((criterion, position) => ({
            micro_credential_id: created.id,
            position: position + 1,
            title: criterion.title,
            meets_description: criterion.meets,
            not_yet_description: criterion.notYet,
            part: criterion.part,
          })),
        )
        .execute();
    }
  }
  const ethics = programIds.ETH!;
  const { lineage_id: ethicsLineage } = await db
    .selectFrom('program')
    .select('lineage_id')
    .where('id', '=', ethics)
    .executeTakeFirstOrThrow();
  for (const userId of input.requesterIds) {
    await db
      .insertInto('catalog_join_request')
      .values({
        organization_id: input.organizationId,
        lineage_id: ethicsLineage,
        program_id: ethics,
        user_id: userId,
      })
      .execute();
  }
  return { programIds };
}
