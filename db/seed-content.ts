/**
 * Demo content for seeding a realistic Cadre program: a Classroom Management
 * micro-credential stack with its competencies and modules of real Markdown.
 */

export interface DemoCompetency {
  code: string;
  title: string;
  description: string;
}

export interface DemoModule {
  title: string;
  minutes: number;
  kind: 'online' | 'coaching' | 'action-plan';
  competencyCodes: string[];
  body: string;
}

const moduleRoutines = `## Why routines matter

Every minute a class spends figuring out how to turn in papers, get a device, or line up is a minute not spent learning. Routines are the invisible architecture of a well-run classroom: they reduce the number of decisions students have to make, close the openings for off-task behavior, and free your attention for teaching. Students who know exactly what to do when they walk in the door feel safer, and students who feel safe are more ready to take academic risks.

A procedure is the step-by-step way a task gets done; a routine is a procedure students carry out automatically, without reminders. The goal of this module is to move your most important procedures from the first category to the second. As Harry and Rosemary Wong put it, the number one problem in classrooms is not discipline but the lack of procedures and routines.

## Audit your day

Start by listing the moments when things tend to get loose. For most teachers these are the same predictable pressure points:

- Entering the room and starting work, ideally with a posted Do Now that takes three to five minutes
- Getting and returning materials, devices, and supplies
- Getting students' attention back with one consistent signal, rather than talking over the noise
- Moving into and out of partner or group work
- Asking for help, using the restroom, or sharpening a pencil during independent work
- Finishing early and knowing what to do next
- Packing up and dismissal

For each pressure point, write the procedure as a short sequence of observable steps. "Be ready to learn" is an expectation; "Take your folder from the bin, sit down, and begin the Do Now silently" is a procedure. If you can't picture what it looks like when a student does it correctly, your students can't either. Keep procedures developmentally appropriate: a kindergarten arrival routine might use picture cues and a song, while a high school lab entry might include putting on goggles and reading the safety note on the board.

Then teach each procedure the way you would teach content. Explain why it matters, model it yourself, have students practice it while you watch, and give specific feedback. When a procedure breaks down later, the most effective response is usually a reset rather than a consequence: calmly stop, name the step that was missed, and have students do it again the right way. A neutral "Let's try that again" shows that the procedure matters without turning it into a confrontation.

## Try it this week

Pick the two pressure points that cost you the most time. Write each procedure as three to six steps, post the steps where students can see them, and time each transition on Monday and again on Friday. Bring your numbers to the first coaching session.

## Resources

- Harry K. Wong and Rosemary T. Wong, *The First Days of School: How to Be an Effective Teacher*
- Doug Lemov, *Teach Like a Champion 3.0*, especially the techniques on routines and the Do Now
- Responsive Classroom, *The First Six Weeks of School* (https://www.responsiveclassroom.org)
- IRIS Center at Vanderbilt University, free classroom behavior management modules (https://iris.peabody.vanderbilt.edu)
`;

const moduleRelationships = `## Relationships are a management strategy

It can feel as if relationship-building is something you do once the "real" work of management is done. The research points the other way. Students work harder for teachers they believe know and care about them, and they are far more likely to accept redirection from an adult they trust. A warm relationship doesn't replace clear expectations; it is what makes students willing to meet them. Zaretta Hammond describes the stance of the "warm demander": a teacher who pairs personal warmth with high, explicit expectations, and who earns the right to push students because the care is obvious.

Relationship-building doesn't require long conversations with every student every day. It is built from small, repeated moments of positive attention that add up over a semester. Greeting students at the door is a well-studied example: in a 2018 middle school study led by Clayton Cook, teachers who greeted each student by name with a positive word saw academic engagement rise and disruptive behavior fall.

## Practices that build connection

- **Greet at the door.** Use each student's name, make eye contact, and offer a wave, handshake, or quick positive word. It takes about two minutes for a whole class.
- **Try the 2x10 strategy.** For a student you are struggling to connect with, spend two minutes a day for ten days in a row talking about anything other than schoolwork.
- **Learn names and pronunciations quickly.** Ask students how to say their names, practice, and use them often. Getting a name right is one of the clearest signals of respect.
- **Use interest surveys.** Find out what students care about and weave it into examples, word problems, and reading choices.
- **Make positive contacts home.** A two-sentence message about something a student did well changes the tone of every later conversation with that family.
- **Build in community time.** A short, predictable morning meeting or class circle gives students time to greet each other and share.

## Community, not just connection

Individual relationships matter, and so do the relationships among students. A positive classroom community is one where students know each other's names, feel safe making mistakes, and share responsibility for how the room feels. Co-create a small set of classroom norms with students, using their words where you can, and revisit them when things drift. Give students real roles and jobs. Celebrate effort and growth publicly; handle corrections privately whenever possible.

Be honest with yourself about which relationships come easily. Most of us connect quickly with students who remind us of ourselves, and it takes deliberate effort to build the same trust with students whose backgrounds, languages, or behaviors feel less familiar. Tracking your personal interactions is one of the simplest ways to find that gap and close it.

## Try it this week

Print a class list and put a check next to each student you had a personal, non-academic conversation with this week. Choose two students without a check and begin a 2x10 with each. Note any change you see by the end of the second week.

## Resources

- Zaretta Hammond, *Culturally Responsive Teaching and the Brain*
- CASEL, the CASEL framework and classroom SEL practices (https://casel.org)
- Responsive Classroom, Morning Meeting resources (https://www.responsiveclassroom.org)
- Rita Pierson, "Every Kid Needs a Champion" (TED Talk, 2013)
`;

const moduleEngagement = `## Engagement is prevention

A large share of the behavior problems teachers deal with begin in dead time: the wait while papers are passed out, the explanation that ran ten minutes too long, the group task with no clear product. When students are actively doing something meaningful, there is less room for anything else. That is why engaging instruction belongs in a classroom management credential. The goal is not entertainment; it is maximizing the share of class time in which every student is thinking.

Two ideas are especially useful. The first is pacing: changing the activity often enough that attention doesn't drift, usually by building in a student response every few minutes. The second is participation ratio: how many students are doing the work at any given moment. A question answered by one volunteer has a low ratio; the same question answered by every student on a whiteboard, or discussed in pairs first, has a high one.

## Strategies for high participation

- **Think-pair-share with a clear prompt and time limit.** Give 30 seconds of silent think time before partners talk.
- **All-student response.** Mini whiteboards, response cards, and quick polls let you see everyone's thinking at once.
- **Cold call, warmly.** Ask the question, pause, then name a student. Everyone prepares an answer because anyone might be asked. Normalize responses like "I'm not sure yet, but I think..."
- **Chunk direct instruction.** Teach for 8 to 12 minutes (less for younger students), then have students do something with the content.
- **Give every task a clear product.** Group work should end with something visible: a chart, a written answer, a solved problem, or a claim with evidence.

## Tight transitions

Transitions are the seams of a lesson, and loose seams are where behavior leaks out. An elementary class can make more than a dozen transitions a day, and a few wasted minutes each adds up to hours of lost instruction over a month. Treat transitions as procedures in their own right:

1. **Signal.** Use your consistent attention signal and wait until it is honored before giving directions.
2. **Give directions in order: what, how, and how long.** "When I say go, move to your lab tables with your notebook and pencil. Walk, no talking. You have 30 seconds. Go."
3. **Check for understanding.** Before releasing students, ask one or two of them to repeat the directions.
4. **Narrate the positive.** As students move, name what is going well: "Table three is already seated with notebooks open."
5. **Time it and celebrate improvement.** Students enjoy beating their own record.

Teach transitions the same way you teach content: model them, have students practice, and give specific feedback. Expect to reteach after long weekends and breaks, and whenever a routine starts to slip.

## Reflection

Record one lesson (audio is fine) or ask a colleague to observe for 20 minutes. Count how many minutes students spent waiting and how many students responded to each question you asked. Which single change would raise participation the most?

## Resources

- Doug Lemov, *Teach Like a Champion 3.0*, especially the chapters on ratio and pacing
- Robert J. Marzano and Debra J. Pickering, *The Highly Engaged Classroom*
- Peter Liljedahl, *Building Thinking Classrooms in Mathematics, Grades K-12*
- Harry K. Wong and Rosemary T. Wong, *The First Days of School: How to Be an Effective Teacher*
`;

const moduleCoachingOne = `## Before the session

This is the first of two live coaching sessions on Zoom with your coach and cohort. It is a working session, not a lecture: you will bring evidence from your own classroom, get feedback from colleagues who teach in similar settings, and leave with a concrete next step. Please complete the first three modules before we meet.

To prepare, bring the following:

- Your Monday and Friday transition times from the routines module
- Your class list with relationship check marks, and the initials of your two 2x10 students
- One procedure that is working well and one that isn't, each written out step by step
- One question you would like the group to help you think through

Please join from a quiet space, with your camera on if you can. Never share identifiable student information on screen; use first initials only.

## Agenda (60 minutes)

1. **Welcome and check-in (5 minutes).** One word or phrase that describes how the semester is starting.
2. **Data share in breakout rooms (15 minutes).** In groups of three or four, each person shares transition times and one routine. Listeners ask one clarifying question and offer one suggestion.
3. **Coach spotlight (10 minutes).** The coach models an attention signal and a transition using the "what, how, and how long" format, and everyone practices giving directions aloud.
4. **Problem-of-practice consultancy (20 minutes).** One or two volunteers present a real challenge. The presenter describes it (3 minutes), the group asks clarifying questions (3 minutes), the group discusses while the presenter listens (8 minutes), the presenter reflects on what was useful (3 minutes), and the coach closes with connections to the modules (3 minutes).
5. **Commitments and exit ticket (10 minutes).** Each participant names one routine, relationship, or engagement practice to focus on in the first action plan.

## Norms for our time together

A few simple norms keep these sessions productive and safe: assume good intent, speak from your own experience, keep student and colleague details confidential, and stay focused on solutions. Coaching is not evaluation. What you share in sessions is not part of your supervision or evaluation, and your coach's role is to support your growth, not to rate your teaching.

Attendance at both live sessions is required to complete the program and earn professional-learning hours. If you have an unavoidable conflict, contact your facilitator in advance to arrange a make-up activity.

## Reflection after the session

Within 48 hours, jot down answers to two questions. What did I hear from a colleague that I want to try? What do I want my coach to look for when we discuss my action plan?

## Resources

- Jim Knight, *The Impact Cycle: What Instructional Coaches Should Do to Foster Powerful Improvements in Teaching*
- Elena Aguilar, *The Art of Coaching: Effective Strategies for School Transformation*
- School Reform Initiative, consultancy and tuning protocols for collaborative problem-solving
- Learning Forward, Standards for Professional Learning
`;

const moduleActionPlanOne = `## What the action plan is for

Your action plan turns what you learned in the first unit into a focused, four-week experiment in your own classroom. It is short on purpose. A good plan names one specific change, explains why it matters for your students, and describes how you will know whether it worked. You will submit the plan before you begin, carry it out, and then add a brief reflection with evidence. Your coach will read it and respond with written feedback within a week.

## Writing your plan

Use the action plan template in Cadre. Each section should take a few sentences, not pages.

1. **Focus area.** Choose one competency from this unit: routines and procedures (CM1), relationships and community (CM2), or engaging instruction and transitions (CM4).
2. **Current reality.** Describe what is happening now using the data you have gathered: transition times, participation counts, relationship check marks, or tallies of redirections.
3. **Goal.** Write a specific, measurable goal for the next four weeks. "Improve transitions" is too vague; "Reduce the time from my attention signal to students seated in groups from about three minutes to under one minute" is a goal you can test.
4. **Strategies.** List two or three practices from the modules you will use, and when. Be specific about the class period or part of the day.
5. **Evidence.** Decide what you will collect: timed transitions, a tally sheet, student survey results, samples of student work, or observation notes from a colleague.
6. **Support needed.** Note what would help, such as a peer observation, materials, or a conversation with your coach.

## Examples of strong goals

- "By February 26, at least 90 percent of students in my second-period Algebra I class will begin the Do Now within one minute of the bell, measured by a daily tally."
- "Over four weeks, I will complete a 2x10 with three students and record each student's on-task rate during independent reading once a week."
- "I will increase the number of students who respond to each discussion question from about five to all of them, using whiteboards or pair talk at least three times per lesson."

## Common pitfalls

The most common mistake is trying to change everything at once. Choose one focus and do it well; the second action plan will give you a chance to build on it. The second is choosing a goal you can't measure. If you can't count it, time it, or collect it, rewrite it. The third is waiting until the end to look at your data. Check your evidence every week and adjust your strategies if nothing is moving. Adjusting is part of the process, not a sign of failure.

## Reflection prompt

When you finish the four weeks, answer three questions in the reflection box. What changed, and what does your evidence show? What surprised you? What will you keep doing, stop doing, or adjust?

## Resources

- Jim Knight, *The Impact Cycle*, on writing PEERS goals
- Harry K. Wong and Rosemary T. Wong, *The First Days of School: How to Be an Effective Teacher*
- Center on PBIS, classroom practice and data tools (https://www.pbis.org)
- IRIS Center at Vanderbilt University, classroom behavior management modules (https://iris.peabody.vanderbilt.edu)
`;

const moduleBehaviorSupport = `## Prevention comes first

Most challenging behavior is predictable. It tends to happen at the same times of day, during the same kinds of tasks, and after the same triggers. That is good news, because predictable behavior can be prevented. Positive Behavioral Interventions and Supports (PBIS) organizes classroom practice around a simple idea: make expectations clear, teach them directly, acknowledge students when they meet them, and respond to errors calmly and consistently, the way you would respond to an academic mistake.

Three of the most powerful classroom practices are also the simplest:

- **Post and teach three to five positively stated expectations.** "Be respectful, be responsible, be safe" means little until you show students what respect looks like during partner work, in the hallway, or on a laptop.
- **Acknowledge expected behavior specifically and often.** Aim for at least four positive interactions for every correction. "Thanks for starting right away, Jordan" tells Jordan, and everyone else, what success looks like.
- **Precorrect.** Just before a situation where problems are likely, remind students of the expectation: "When we walk to the library, voices off and stay on the right."

When a student does make an error, use the least intrusive response that works: proximity, a look, a quiet private prompt, or a restatement of the expectation. Keep corrections brief, private when possible, and focused on the behavior rather than the student.

## When a student escalates

Even in a well-run classroom, students will sometimes become upset, defiant, or overwhelmed. Escalation tends to follow a predictable cycle: calm, trigger, agitation, acceleration, peak, de-escalation, and recovery. Your best window is early, during agitation, before the student's stress response takes over and reasoning becomes difficult. During agitation and acceleration, your goal is to lower the temperature, not to win:

1. **Regulate yourself first.** Slow your breathing, lower your voice, and relax your posture. Students mirror the adult's state.
2. **Give space and reduce the audience.** Stand to the side rather than over the student, and move the conversation away from peers if you can.
3. **Say less.** Use short, calm statements. Avoid sarcasm, ultimatums, and debating in the moment.
4. **Offer a choice and a way out.** "You can take a break at the reset table or start with the first two problems. Your choice." Then give the student time to choose.
5. **Follow up later.** Once the student is calm, talk about what happened, what they needed, and how to repair any harm. Consequences, if needed, belong here, not at the peak.

Know your school's crisis procedures and when to call for help. De-escalation is not about tolerating unsafe behavior; it is about reducing the chance that a situation becomes unsafe.

## Try it this week

Track your ratio of positive to corrective statements during one class period on two different days, using tally marks on a sticky note. If you are below four to one, choose one routine time to precorrect and acknowledge on purpose, then track again.

## Resources

- Center on PBIS, classroom PBIS practices and tools (https://www.pbis.org)
- Geoff Colvin and Terrance M. Scott, *Managing the Cycle of Acting-Out Behavior in the Classroom*
- Ross W. Greene, *Lost at School* (https://livesinthebalance.org)
- Jessica Minahan and Nancy Rappaport, *The Behavior Code: A Practical Guide to Understanding and Teaching the Most Challenging Students*
`;

const moduleRestorative = `## From punishment to repair

Traditional discipline asks three questions: What rule was broken? Who did it? What punishment do they deserve? Restorative practices ask different ones: What happened? Who was affected, and how? What needs to happen to make things right? The shift matters because exclusionary responses such as removal and suspension often don't change behavior, and they fall disproportionately on some groups of students. Restorative approaches keep students connected to the classroom community while still holding them accountable for their actions.

It helps to think of restorative practice as a continuum. Most of it is proactive and informal: the everyday language and community-building that make repair possible when something goes wrong. A smaller share is responsive and more formal, used after harm has occurred. The International Institute for Restorative Practices describes this range as running from simple affective statements all the way to formal restorative conferences.

## Restorative practices in the classroom

- **Affective statements.** Share how a behavior affects you and others: "I feel frustrated when I'm interrupted, because I lose track of what I was explaining." These model the emotional honesty you want from students.
- **Restorative questions.** When something goes wrong, ask: What happened? What were you thinking at the time? Who has been affected, and how? What do you need to do to make things right?
- **Proactive circles.** Short, regular circles with a talking piece build community before problems arise. Prompts can be light ("What is one thing you're looking forward to this weekend?") or connected to content.
- **Responsive circles and small conferences.** When a conflict affects the class or a small group, a structured conversation lets everyone be heard and agree on next steps.
- **Re-entry conversations.** When a student returns after a removal or suspension, a brief, welcoming conversation about moving forward prevents a cold restart.

## Getting started with circles

Begin with low-stakes community circles long before you use a circle to address harm; students need to trust the format first. Sit where everyone can see each other, introduce a talking piece, and review a few guidelines: speak from the heart, listen from the heart, say just enough, and it's okay to pass. Open with a round everyone can answer, move to a slightly deeper prompt, and close with a short round that ends on a positive note. Ten to fifteen minutes once a week is a realistic start at any grade level.

Restorative practices are not a replacement for clear expectations or safety procedures, and they are not "going soft." Students are still responsible for repairing harm, which is often harder than sitting through a detention. Consistency across a school helps a great deal, so talk with colleagues and administrators about how your classroom practices connect to your building's discipline policy.

## Try it this week

Hold one 15-minute community circle with a single class. Afterward, write down who spoke, who passed, and one thing you learned about a student that you didn't know before.

## Resources

- Dominique Smith, Douglas Fisher, and Nancy Frey, *Better Than Carrots or Sticks: Restorative Practices for Positive Classroom Management*
- Katherine Evans and Dorothy Vaandering, *The Little Book of Restorative Justice in Education*
- Carolyn Boyes-Watson and Kay Pranis, *Circle Forward: Building a Restorative School Community*
- International Institute for Restorative Practices (https://www.iirp.edu)
`;

const moduleFamilies = `## Families as partners

Families know things about their children that no teacher can learn from the classroom alone: what motivates them, what has been happening at home, what worked last year, and what worries them. When teachers and families share that knowledge, students benefit. Decades of research, summarized by Anne Henderson and Karen Mapp, link strong family engagement to better attendance, behavior, and achievement for students from all kinds of backgrounds.

Too often, though, a family's first call from school is about a problem, which sets up every later conversation to be defensive. A partnership approach flips the order: build the relationship early through positive contact, make communication two-way, and treat families as experts on their children rather than as an audience for reports.

## Practices that build partnership

- **Make positive contact first.** In the first weeks, reach every family with a short, specific, positive message, and keep a simple log so no one is missed.
- **Communicate in the family's preferred language and mode.** Ask how families want to hear from you (text, email, phone, or app) and use your district's interpretation and translation services.
- **Ask, don't just tell.** Questions like "What should I know about your child?" and "What helps at home when she gets frustrated?" invite families to share their expertise.
- **Share your routines.** Send home your key classroom routines and expectations so families can use the same language.
- **Lead with strengths in hard conversations.** Open with something the student is doing well, describe the concern factually, ask for the family's perspective, and agree on one next step together.
- **Follow up.** Close the loop within a week, especially after a difficult call, to share progress.

## Preparing for a difficult conversation

When you need to talk with a family about behavior, plan the call in advance. Write down the specific behavior you have seen (what, when, and how often), what you have already tried, and one or two questions you want to ask. Avoid labels like "disrespectful" or "lazy"; describe what happened instead. Listen more than you talk, and expect that a family may feel defensive or embarrassed at first. Your goal is a shared plan, not agreement on every detail. Restorative practice applies here too: families can help a student think through who was affected and how to make things right.

Remember that families' own experiences of school vary widely. Some carry difficult memories of school or have had little reason to trust it. Flexible meeting times, a warm tone, and steady follow-through earn that trust over time.

## Try it this week

Send five positive messages to families you have not yet contacted this year. For one student you are concerned about, call home and ask at least two questions before offering any suggestions. Note what you learned.

## Resources

- Anne T. Henderson, Karen L. Mapp, Vivian R. Johnson, and Don Davies, *Beyond the Bake Sale: The Essential Guide to Family-School Partnerships*
- Karen L. Mapp and Paul J. Kuttner, *Partners in Education: A Dual Capacity-Building Framework for Family-School Partnerships*
- CASEL, resources on family and community partnerships for SEL (https://casel.org)
- Center on PBIS, family engagement resources (https://www.pbis.org)
`;

const moduleCoachingTwo = `## Before the session

Our second live session on Zoom focuses on the harder moments of classroom management: escalation, conflict, and working with families when things are not going well. It is also a checkpoint on your first action plan and a launch for your second. Please complete the behavior support, restorative practices, and family partnership modules before we meet.

Bring the following:

- Your positive-to-corrective ratio tallies from the behavior support module
- Notes from your community circle: what went well and what felt awkward
- Your first action plan reflection, including your evidence and what you would adjust
- A brief, anonymized description of one student situation where you would like the group's thinking (use "Student A" and leave out identifying details)

## Agenda (60 minutes)

1. **Opening circle (8 minutes).** We model a community circle on Zoom, passing the turn in a set order around the gallery. Prompt: "One moment this month when a student surprised you."
2. **Action plan share (12 minutes).** In breakout rooms, each participant takes two minutes to share their goal, one piece of evidence, and one lesson learned.
3. **De-escalation rehearsal (15 minutes).** The coach walks through the escalation cycle using a short scenario. In pairs, one person plays the teacher and the other a student in the agitation phase; practice calm language, offering a choice, and planning the follow-up. Then switch roles.
4. **Family conversation role-play (15 minutes).** In trios (teacher, family member, and observer), rehearse opening a difficult call with a strength, describing behavior factually, and asking for the family's perspective. The observer offers one piece of specific feedback.
5. **Looking ahead (10 minutes).** The coach previews the micro-credential evidence requirements, and each participant names a draft focus for the second action plan.

## A note on role-plays

Rehearsal can feel uncomfortable on a video call, and that is normal. Practicing language in a low-stakes setting makes it much easier to use when your heart is racing in a real classroom. Keep scenarios realistic but never about identifiable students, and feel free to step out of a role-play at any time.

Some situations are outside the scope of this session, including self-harm, suspected abuse, and threats of violence. For those, follow your district's reporting procedures and talk with your building administrator or school counselor right away.

## Reflection after the session

Write two or three sentences, in your own words, that you want to have ready for moments of escalation. Then name one family you want to contact before your second action plan begins, and note why.

## Resources

- Geoff Colvin and Terrance M. Scott, *Managing the Cycle of Acting-Out Behavior in the Classroom*
- Ross W. Greene, *Lost at School* (https://livesinthebalance.org)
- International Institute for Restorative Practices (https://www.iirp.edu)
- Elena Aguilar, *The Art of Coaching: Effective Strategies for School Transformation*
`;

const moduleActionPlanTwo = `## Your second action plan

The second action plan follows the same format as the first, but it builds on what you have already learned. Choose a focus from the second unit, either proactive behavior support and de-escalation (CM3) or family partnership and restorative practices (CM5), or extend your first plan if your evidence shows it needs more time. Many participants find that their strongest second plans connect the two units, for example by pairing a new entry routine with restorative check-ins for students who struggle to start class.

Write the plan before you begin, carry it out for four weeks, and finish with a reflection. Use the same sections as before: focus area, current reality, goal, strategies, evidence, and support needed. Your coach will respond within a week.

## Assembling your micro-credential evidence

To attain the micro-credential, you will submit a short evidence portfolio in Cadre. A trained reviewer scores each submission against the rubric as either **Meets** or **Not Yet**. A Not Yet is not a failing grade: it comes with written feedback, and you may revise and resubmit.

A complete submission includes:

1. **Both action plans with reflections**, showing your goals, strategies, and what changed.
2. **Classroom evidence for each of the five competencies**, such as a posted procedure and transition data (CM1), a relationship tracker or circle notes (CM2), ratio tallies or a behavior support plan (CM3), a lesson plan with participation strategies marked (CM4), and a family communication log (CM5).
3. **Evidence of student impact**, such as before-and-after data, student survey results, or work samples.
4. **A final reflection of 500 to 750 words** explaining how your practice has changed and what you will do next.

Remove student names and identifying details from all evidence. Follow your district's policy on photos and video; when in doubt, use written descriptions and data instead.

## Tips for earning Meets on the first try

- **Make the connections explicit.** Reviewers look for a clear line from goal to strategy to evidence to reflection.
- **Use numbers, and explain them.** "Transitions dropped from over three minutes to under one" is stronger with a sentence about what that meant for instruction.
- **Be honest about what didn't work.** Thoughtful analysis of a strategy that fell short can meet the standard; vague claims of success usually don't.
- **Check every competency.** Missing evidence for one competency is the most common reason for a Not Yet.

Completing all modules, both live sessions, and both action plans earns 15 professional-learning hours, and attaining the micro-credential earns 30. Submit by the cohort deadline; your facilitator can answer questions about hours and records.

## Reflection prompt

Before you start, look back at your pre-assessment. Which competency has grown the most since January? Which one do you want your portfolio to show most clearly?

## Resources

- Jim Knight, *The Impact Cycle: What Instructional Coaches Should Do to Foster Powerful Improvements in Teaching*
- Center on PBIS, classroom practices and tools (https://www.pbis.org)
- CASEL, the CASEL framework (https://casel.org)
- Dominique Smith, Douglas Fisher, and Nancy Frey, *Better Than Carrots or Sticks: Restorative Practices for Positive Classroom Management*
`;

export const demoProgram: {
  title: string;
  description: string;
  audience: string;
  hoursForCompleting: number;
  hoursForAttaining: number;
  competencies: DemoCompetency[];
  modules: DemoModule[];
} = {
  title: 'Classroom Management: Calm, Connected, Ready to Learn',
  description:
    'A five-competency micro-credential stack that helps teachers build calm, predictable, and welcoming classrooms where more time goes to learning. Over one semester, participants combine self-paced online modules with two live coaching sessions, test new practices through classroom action plans, and submit evidence scored against a shared rubric. Completing the program earns 15 professional-learning hours; attaining the micro-credential earns 30.',
  audience:
    'K-12 classroom teachers and specialists at any career stage who want a practical, relationship-centered approach to classroom management.',
  hoursForCompleting: 15,
  hoursForAttaining: 5,
  competencies: [
    {
      code: 'CM1',
      title: 'Establishing Routines and Procedures',
      description:
        'Designs, explicitly teaches, and consistently reinforces classroom routines and procedures so that students know what to do and instructional time is protected.',
    },
    {
      code: 'CM2',
      title: 'Building Relationships and Classroom Community',
      description:
        'Builds trusting relationships with every student and fosters a positive, inclusive classroom community in which students feel safe to take academic risks.',
    },
    {
      code: 'CM3',
      title: 'Proactive Behavior Support and De-escalation',
      description:
        'Teaches and acknowledges clear expectations, responds to minor misbehavior with the least intrusive effective response, and uses calm de-escalation strategies when students are in distress.',
    },
    {
      code: 'CM4',
      title: 'Engaging Instruction and Smooth Transitions',
      description:
        'Plans well-paced lessons with high rates of student participation and efficient transitions that keep every student actively learning.',
    },
    {
      code: 'CM5',
      title: 'Family Partnership and Restorative Practices',
      description:
        'Builds two-way partnerships with families and uses restorative practices to strengthen community, address conflict, and repair harm.',
    },
  ],
  modules: [
    {
      title: 'Designing Routines and Procedures That Run Themselves',
      minutes: 45,
      kind: 'online',
      competencyCodes: ['CM1'],
      body: moduleRoutines,
    },
    {
      title: 'Relationships First: Knowing and Welcoming Every Student',
      minutes: 45,
      kind: 'online',
      competencyCodes: ['CM2'],
      body: moduleRelationships,
    },
    {
      title: 'Engaging Instruction and Tight Transitions',
      minutes: 50,
      kind: 'online',
      competencyCodes: ['CM4', 'CM1'],
      body: moduleEngagement,
    },
    {
      title: 'Live Coaching Session 1: Routines, Relationships, and Engagement',
      minutes: 60,
      kind: 'coaching',
      competencyCodes: ['CM1', 'CM2', 'CM4'],
      body: moduleCoachingOne,
    },
    {
      title: 'Action Plan 1: Putting Routines, Relationships, and Engagement to Work',
      minutes: 30,
      kind: 'action-plan',
      competencyCodes: ['CM1', 'CM2', 'CM4'],
      body: moduleActionPlanOne,
    },
    {
      title: 'Proactive Behavior Support and De-escalation',
      minutes: 55,
      kind: 'online',
      competencyCodes: ['CM3'],
      body: moduleBehaviorSupport,
    },
    {
      title: 'Restorative Practices: Building Community and Repairing Harm',
      minutes: 50,
      kind: 'online',
      competencyCodes: ['CM5', 'CM2'],
      body: moduleRestorative,
    },
    {
      title: 'Partnering with Families',
      minutes: 40,
      kind: 'online',
      competencyCodes: ['CM5'],
      body: moduleFamilies,
    },
    {
      title: 'Live Coaching Session 2: Behavior Support, Repair, and Partnership',
      minutes: 60,
      kind: 'coaching',
      competencyCodes: ['CM3', 'CM5'],
      body: moduleCoachingTwo,
    },
    {
      title: 'Action Plan 2 and Micro-Credential Evidence',
      minutes: 45,
      kind: 'action-plan',
      competencyCodes: ['CM1', 'CM2', 'CM3', 'CM4', 'CM5'],
      body: moduleActionPlanTwo,
    },
  ],
};
