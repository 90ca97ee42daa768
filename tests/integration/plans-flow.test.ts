import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { pdfPageTexts } from '../setup/pdf-text';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'plans test password';
let server: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let unitId: string;
let planId: string;
let author: HttpClient;
let peer: HttpClient;
let coach: HttpClient;

const GOAL = 'By March 15 my 4th period starts the bell-ringer within 2 minutes on 4 of 5 days.';

const content = (overrides: Record<string, unknown> = {}) => ({
  goal: GOAL,
  measure: 'I time the start every day for four weeks.',
  steps: [
    {
      action: 'Post a three-step entry routine',
      owner: 'Me',
      due: '2027-02-12',
      resources: 'Chart paper',
    },
  ],
  support: 'One observation after week two.',
  context: 'Fourth period comes right after lunch.',
  ...overrides,
});

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, {
    participants: 3,
    passwordHash,
    status: 'learning',
  });
  other = await buildCohortWithPeople(server.db, {
    participants: 1,
    passwordHash,
    status: 'learning',
  });
  await server.db
    .insertInto('pathway')
    .values({ cohort_id: mine.cohort.id, published_at: new Date(), published_by: mine.coach.id })
    .execute();
  const unit = await server.db
    .insertInto('pathway_unit')
    .values({
      cohort_id: mine.cohort.id,
      position: 1,
      title: 'Calm routines',
      action_plan_prompt: 'Plan one routine.',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  unitId = unit.id;
  author = await signedIn(mine.participants[0]!.email);
  peer = await signedIn(mine.participants[1]!.email);
  coach = await signedIn(mine.coach.email);
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const plansPath = () => `/cohorts/${mine.cohort.id}/plans`;
const planPath = () => `${plansPath()}/${planId}`;

async function autosave(client: HttpClient, version: number, body: unknown) {
  const response = await fetch(new URL(`${planPath()}/autosave`, server.url), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: server.url,
      Cookie: client.cookieHeader,
      'X-Forwarded-For': client.ip,
    },
    body: JSON.stringify({ version, content: body }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown> | null,
  };
}

async function currentPlan() {
  return server.db
    .selectFrom('action_plan')
    .select(['status', 'version', 'goal', 'steps', 'shared_at'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
}

describe('writing a plan', () => {
  it('starts from a unit of the published pathway, once per unit', async () => {
    const response = await author.post(plansPath(), { unitId });
    expect(response.status).toBe(302);
    planId = (response.headers.get('location') ?? '').split('/').pop() ?? '';
    expect(planId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await author.post(plansPath(), { unitId });
    expect(again.headers.get('location')).toBe(planPath());
    expect((await author.get(planPath())).status).toBe(200);
  });

  it('autosaves with version numbers, and a save from an older version is refused with both texts', async () => {
    const first = await autosave(author, 1, content({ goal: 'First tab text' }));
    expect(first).toMatchObject({ status: 200, body: { status: 'saved', version: 2 } });
    // a second tab still holding version 1
    const second = await autosave(author, 1, content({ goal: 'Second tab text' }));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      status: 'conflict',
      version: 2,
      theirs: { goal: 'First tab text' },
    });
    expect((await currentPlan()).goal).toBe('First tab text');
    const resolved = await autosave(author, 2, content());
    expect(resolved.body).toMatchObject({ status: 'saved', version: 3 });
  });

  it('answers bad input with a clear message and changes nothing', async () => {
    const before = await currentPlan();
    const cases: [unknown, RegExp][] = [
      [
        content({ steps: [{ action: 'x'.repeat(1_000_000), owner: '', due: '', resources: '' }] }),
        /Step 1: The action can be at most 500/,
      ],
      [
        content({
          steps: Array.from({ length: 500 }, () => ({
            action: 'a',
            owner: '',
            due: '',
            resources: '',
          })),
        }),
        /at most 20 steps/,
      ],
      [
        content({ steps: [{ action: 'a', owner: '', due: '2027-02-30', resources: '' }] }),
        /Step 1: “By when” must be a real date/,
      ],
      [
        content({ steps: [{ action: 'a', owner: '', due: 'next week', resources: '' }] }),
        /real date/,
      ],
      [content({ goal: 42 }), /Goal must be text/],
      ['not a plan', /./],
    ];
    for (const [body, message] of cases) {
      const reply = await autosave(author, before.version, body);
      expect(reply.status).toBe(400);
      expect(String(reply.body?.message)).toMatch(message);
    }
    expect((await autosave(author, 99_999_999_999, content())).status).toBe(400);
    expect((await autosave(author, -1, content())).status).toBe(400);
    // the same rules hold for the form that works without scripts
    const form = await author.post(planPath(), {
      intent: 'save',
      version: String(before.version),
      goal: GOAL,
      'steps[0].action': 'a',
      'steps[0].due': '2027-13-01',
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('must be a real date');
    expect(await currentPlan()).toEqual(before);
  });

  it('shows script tags typed into a plan as text', async () => {
    const plan = await currentPlan();
    const reply = await autosave(
      author,
      plan.version,
      content({ context: '<script>alert("x")</script> fourth period' }),
    );
    expect(reply.status).toBe(200);
    // an invisible control character is dropped, not a failure
    const withControl = await autosave(
      author,
      plan.version + 1,
      content({
        support: 'Co-plan\u0001 once',
        context: '<script>alert("x")</script> fourth period',
      }),
    );
    expect(withControl.status).toBe(200);
    const support = () =>
      server.db
        .selectFrom('action_plan')
        .select('support')
        .where('id', '=', planId)
        .executeTakeFirstOrThrow()
        .then((row) => row.support);
    expect(await support()).toBe('Co-plan once');
    // a NUL or half of a surrogate pair cannot be stored: refused with a message naming the
    // field, and nothing changes
    for (const unsavable of ['Co-plan\u0000 twice', 'Co-plan \ud83d twice']) {
      const refused = await autosave(author, plan.version + 2, content({ support: unsavable }));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ status: 'invalid', field: 'content.support' });
      expect(String(refused.body?.message)).toContain('can’t be saved');
      expect(await support()).toBe('Co-plan once');
    }
    const html = await (await author.get(planPath())).text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain('&lt;script&gt;alert');
  });
});

describe('privacy', () => {
  it('keeps an unshared plan from other participants by URL and by id in every action', async () => {
    expect((await peer.get(planPath())).status).toBe(403);
    expect((await peer.get(`${planPath()}/history`)).status).toBe(403);
    expect((await peer.get(`${planPath()}/pdf`)).status).toBe(403);
    const version = String((await currentPlan()).version);
    const attempts: Record<string, string>[] = [
      { intent: 'save', version, goal: 'mine now' },
      { intent: 'submit', version, goal: 'mine now' },
      { intent: 'share' },
      { intent: 'unshare' },
      { intent: 'comment', kind: 'glow', body: 'Nice' },
      { intent: 'volunteer' },
      { intent: 'review', decision: 'accepted' },
    ];
    for (const fields of attempts) {
      expect((await peer.post(planPath(), fields)).status).toBe(403);
    }
    expect((await autosave(peer, Number(version), content({ goal: 'mine now' }))).status).toBe(403);
    // someone from another cohort does not reach the cohort at all
    const outsider = await signedIn(other.participants[0]!.email);
    expect((await outsider.get(planPath())).status).toBe(403);
    expect(
      (await outsider.post(planPath(), { intent: 'comment', kind: 'glow', body: 'hi' })).status,
    ).toBe(403);
    // the same id under another cohort's address is not found
    expect((await outsider.get(`/cohorts/${other.cohort.id}/plans/${planId}`)).status).toBe(404);
    const after = await currentPlan();
    expect(after.goal).toBe(GOAL);
    expect(after.status).toBe('draft');
    const comments = await server.db.selectFrom('action_plan_comment').select('id').execute();
    expect(comments).toHaveLength(0);
  });

  it('lets the coach and the facilitator read it, but not change it', async () => {
    expect((await coach.get(planPath())).status).toBe(200);
    const facilitator = await signedIn(mine.facilitator.email);
    expect((await facilitator.get(planPath())).status).toBe(200);
    expect((await coach.post(planPath(), { intent: 'share' })).status).toBe(403);
  });
});

describe('feedback', () => {
  it('refuses an incomplete plan with what is missing', async () => {
    const plan = await currentPlan();
    const response = await author.post(planPath(), {
      intent: 'submit',
      version: String(plan.version),
      goal: '',
      measure: '',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Write the goal.');
    expect(html).toContain('Add at least one step.');
    expect((await currentPlan()).status).toBe('draft');
  });

  it('submits, keeps the version, and the coach asks for a revision by section', async () => {
    const plan = await currentPlan();
    const submitted = await author.post(planPath(), {
      intent: 'submit',
      version: String(plan.version),
      goal: GOAL,
      measure: 'I time the start every day.',
      'steps[0].action': 'Post a routine',
      'steps[0].owner': 'Me',
      'steps[0].due': '2027-02-12',
      'steps[0].resources': '',
      'steps[1].action': '',
      support: '',
      context: 'After lunch.',
    });
    expect(submitted.status).toBe(302);
    const after = await currentPlan();
    expect(after.status).toBe('submitted');
    expect(after.steps).toHaveLength(1);
    // a submitted plan cannot be changed under the coach's eyes
    expect((await autosave(author, after.version, content())).status).toBe(409);
    const coachNotice = await server.db
      .selectFrom('notification')
      .select('kind')
      .where('user_id', '=', mine.coach.id)
      .execute();
    expect(coachNotice.map((row) => row.kind)).toContain('plan.submitted');

    // a revision needs something to revise
    expect(
      (await coach.post(planPath(), { intent: 'review', decision: 'revision-requested' })).status,
    ).toBe(400);
    const reviewed = await coach.post(planPath(), {
      intent: 'review',
      decision: 'revision-requested',
      measureNote: 'How many redirections? Count them too.',
      goalNote: '',
      stepsNote: '',
      supportNote: '',
      contextNote: '',
      overallNote: 'A strong start.',
    });
    expect(reviewed.status).toBe(302);
    expect((await currentPlan()).status).toBe('revision-requested');
    const email = await server.db
      .selectFrom('outbound_email')
      .select(['to_address', 'subject', 'text_body'])
      .where('kind', '=', 'plan-revision-requested')
      .executeTakeFirstOrThrow();
    expect(email.to_address).toBe(mine.participants[0]!.email);
    expect(email.text_body).toContain('How many redirections? Count them too.');
    const notice = await server.db
      .selectFrom('notification')
      .select(['kind', 'href'])
      .where('user_id', '=', mine.participants[0]!.id)
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({ kind: 'plan.revision_requested', href: planPath() });
    const page = await (await author.get(planPath())).text();
    expect(page).toContain('How many redirections? Count them too.');
  });

  it('takes the revision, and the history shows what changed between versions', async () => {
    const plan = await currentPlan();
    expect(
      (
        await autosave(
          author,
          plan.version,
          content({ measure: 'I time the start and count redirections every day.' }),
        )
      ).status,
    ).toBe(200);
    const resubmitted = await author.post(planPath(), {
      intent: 'submit',
      version: String(plan.version + 1),
      goal: GOAL,
      measure: 'I time the start and count redirections every day.',
      'steps[0].action': 'Post a routine',
      'steps[0].due': '2027-02-12',
    });
    expect(resubmitted.status).toBe(302);
    const versions = await server.db
      .selectFrom('action_plan_version')
      .select('number')
      .where('plan_id', '=', planId)
      .orderBy('number')
      .execute();
    expect(versions.map((row) => row.number)).toEqual([1, 2]);
    const history = await (await author.get(`${planPath()}/history`)).text();
    expect(history).toContain('Version 2');
    expect(history).toMatch(/<ins class="diff-added">[^<]*count redirections/);
    const coachView = await (await coach.get(planPath())).text();
    expect(coachView).toContain('What changed in version 2');
    expect(coachView).toMatch(/<ins class="diff-added">[^<]*count redirections/);
    expect((await coach.post(planPath(), { intent: 'review', decision: 'accepted' })).status).toBe(
      302,
    );
    expect((await currentPlan()).status).toBe('accepted');
    // a second answer to the same version is refused
    expect((await coach.post(planPath(), { intent: 'review', decision: 'accepted' })).status).toBe(
      400,
    );
  });
});

describe('the gallery', () => {
  it('shows a shared plan to peers, takes glows and grows, and hides it again when unshared', async () => {
    expect((await author.post(planPath(), { intent: 'share' })).status).toBe(302);
    const gallery = await (await peer.get(`/cohorts/${mine.cohort.id}/gallery`)).text();
    expect(gallery).toContain(GOAL);
    expect((await peer.get(planPath())).status).toBe(200);
    expect(
      (
        await peer.post(planPath(), {
          intent: 'comment',
          kind: 'glow',
          body: '<b>Clear</b> measure',
        })
      ).status,
    ).toBe(302);
    expect(
      (await peer.post(planPath(), { intent: 'comment', kind: 'grow', body: '' })).status,
    ).toBe(400);
    expect(
      (await peer.post(planPath(), { intent: 'comment', kind: 'shout', body: 'Hi' })).status,
    ).toBe(400);
    expect(
      (await peer.post(planPath(), { intent: 'comment', kind: 'grow', body: 'x'.repeat(501) }))
        .status,
    ).toBe(400);
    const page = await (await author.get(planPath())).text();
    expect(page).toContain('&lt;b&gt;Clear&lt;/b&gt; measure');

    // a comment is removed by its writer or by staff (audited), never by anyone else
    expect(
      (await peer.post(planPath(), { intent: 'comment', kind: 'grow', body: 'Typo, sorry' }))
        .status,
    ).toBe(302);
    expect(
      (await peer.post(planPath(), { intent: 'comment', kind: 'grow', body: 'Off-topic remark' }))
        .status,
    ).toBe(302);
    const commentId = async (body: string) =>
      (
        await server.db
          .selectFrom('action_plan_comment')
          .select('id')
          .where('body', '=', body)
          .executeTakeFirstOrThrow()
      ).id;
    const typo = await commentId('Typo, sorry');
    const offTopic = await commentId('Off-topic remark');
    expect(
      (await author.post(planPath(), { intent: 'remove-comment', commentId: typo })).status,
    ).toBe(403);
    expect(
      (await peer.post(planPath(), { intent: 'remove-comment', commentId: typo })).status,
    ).toBe(302);
    expect(
      (await coach.post(planPath(), { intent: 'remove-comment', commentId: offTopic })).status,
    ).toBe(302);
    expect(
      (await coach.post(planPath(), { intent: 'remove-comment', commentId: 'nope' })).status,
    ).toBe(400);
    const remaining = await server.db.selectFrom('action_plan_comment').select('body').execute();
    expect(remaining.map((row) => row.body)).toEqual(['<b>Clear</b> measure']);
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'action_plan_comment.removed')
      .execute();
    expect(audit).toEqual([{ action: 'action_plan_comment.removed', actor_id: mine.coach.id }]);

    const booklet = await peer.get(`/cohorts/${mine.cohort.id}/gallery/booklet.pdf`);
    expect(booklet.status).toBe(200);
    const pages = await pdfPageTexts(new Uint8Array(await booklet.arrayBuffer()));
    expect(pages[1]).toContain('Contents');
    expect(pages[1]).toContain('Participant 01');
    expect(pages.slice(2).join(' ')).toContain('4th period starts the bell-ringer');

    expect((await author.post(planPath(), { intent: 'unshare' })).status).toBe(302);
    expect((await peer.get(planPath())).status).toBe(403);
    expect(
      (await peer.post(planPath(), { intent: 'comment', kind: 'glow', body: 'Again' })).status,
    ).toBe(403);
    expect(await (await peer.get(`/cohorts/${mine.cohort.id}/gallery`)).text()).not.toContain(GOAL);
  });

  it('prints one plan as a PDF whose text holds the goal', async () => {
    const response = await author.get(`${planPath()}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="action-plan-/,
    );
    const text = (await pdfPageTexts(new Uint8Array(await response.arrayBuffer()))).join('\n');
    expect(text.replace(/\s+/g, ' ')).toContain(GOAL);
  });
});
