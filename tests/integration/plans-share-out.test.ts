import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { moveCohort } from '../../app/cohorts/lifecycle.server';
import { startPlan, submitPlan } from '../../app/plans/plans.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { LiveClient } from '../setup/live';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'share-out test password';
let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let sessionId: string;
const plans: { memberId: string; planId: string; goal: string }[] = [];
let facilitator: HttpClient;
let watcher: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  const passwordHash = await hashPassword(PASSWORD);
  cohort = await buildCohortWithPeople(server.db, {
    participants: 5,
    passwordHash,
    status: 'sharing',
  });
  await server.db
    .insertInto('pathway')
    .values({ cohort_id: cohort.cohort.id, published_at: new Date() })
    .execute();
  const unit = await server.db
    .insertInto('pathway_unit')
    .values({ cohort_id: cohort.cohort.id, position: 1, title: 'Calm routines' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = await server.db
    .insertInto('coaching_session')
    .values({
      cohort_id: cohort.cohort.id,
      kind: 'share-out',
      title: 'Share-out: plans in practice',
      starts_at: new Date(),
      minutes: 90,
      host_id: cohort.facilitator.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  sessionId = session.id;
  // participants 1–4 hand in a plan; participant 5 only has a draft
  for (const [index, participant] of cohort.participants.entries()) {
    const member = await server.db
      .selectFrom('cohort_member')
      .select('id')
      .where('cohort_id', '=', cohort.cohort.id)
      .where('user_id', '=', participant.id)
      .executeTakeFirstOrThrow();
    const started = await startPlan(server.db, {
      cohortId: cohort.cohort.id,
      memberId: member.id,
      unitId: unit.id,
    });
    if (started.status === 'invalid') throw new Error(started.message);
    const goal = `Goal of participant ${index + 1}: quieter transitions`;
    if (index < 4) {
      const outcome = await submitPlan(server.db, {
        cohortId: cohort.cohort.id,
        planId: started.planId,
        authorId: participant.id,
        baseVersion: 1,
        content: {
          goal,
          measure: 'Count minutes lost.',
          steps: [{ action: 'Teach the signal', owner: 'Me', due: '2027-03-01', resources: '' }],
          support: '',
          context: '',
        },
      });
      expect(outcome.status).toBe('submitted');
    }
    plans.push({ memberId: member.id, planId: started.planId, goal });
  }
  facilitator = await signedIn(cohort.facilitator.email);
  watcher = await signedIn(cohort.participants[4]!.email);
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const shareOut = () => `/cohorts/${cohort.cohort.id}/share-out`;
const planPath = (index: number) => `/cohorts/${cohort.cohort.id}/plans/${plans[index]!.planId}`;

async function queue() {
  const rows = await server.db
    .selectFrom('share_out_presenter')
    .select(['member_id', 'volunteered_at', 'timer_started_at', 'timer_seconds', 'presented_at'])
    .where('coaching_session_id', '=', sessionId)
    .orderBy('position')
    .execute();
  return rows;
}

describe('the share-out', () => {
  it('puts volunteers first, then everyone with a handed-in plan in a fair order', async () => {
    const third = await signedIn(cohort.participants[2]!.email);
    expect((await third.post(planPath(2), { intent: 'volunteer' })).status).toBe(302);
    // a draft cannot be offered
    expect((await watcher.post(planPath(4), { intent: 'volunteer' })).status).toBe(400);
    expect((await facilitator.post(shareOut(), { intent: 'build-queue' })).status).toBe(302);
    const order = (await queue()).map((row) => row.member_id);
    expect(order).toHaveLength(4);
    expect(order[0]).toBe(plans[2]!.memberId);
    expect(order).not.toContain(plans[4]!.memberId);
    // building again adds nobody and keeps the order
    expect((await facilitator.post(shareOut(), { intent: 'build-queue' })).status).toBe(302);
    expect((await queue()).map((row) => row.member_id)).toEqual(order);
  });

  it('is run by the facilitator only', async () => {
    const attempts: Record<string, string>[] = [
      { intent: 'build-queue' },
      { intent: 'spotlight', planId: plans[0]!.planId },
      { intent: 'finish', confirm: 'yes' },
    ];
    for (const fields of attempts) {
      expect((await watcher.post(shareOut(), fields)).status).toBe(403);
    }
    expect((await watcher.get(shareOut())).status).toBe(200);
  });

  it('reorders with up and down, refusing moves past either end', async () => {
    const before = (await queue()).map((row) => row.member_id);
    expect(
      (
        await facilitator.post(shareOut(), {
          intent: 'move',
          memberId: before[0]!,
          direction: 'down',
        })
      ).status,
    ).toBe(302);
    const after = (await queue()).map((row) => row.member_id);
    expect(after.slice(0, 2)).toEqual([before[1], before[0]]);
    expect(
      (await facilitator.post(shareOut(), { intent: 'move', memberId: after[0]!, direction: 'up' }))
        .status,
    ).toBe(400);
    expect(
      (await facilitator.post(shareOut(), { intent: 'move', memberId: 'nope', direction: 'up' }))
        .status,
    ).toBe(400);
  });

  it('runs a timer per presenter as a start time and a length', async () => {
    const memberId = plans[0]!.memberId;
    expect(
      (await facilitator.post(shareOut(), { intent: 'start-timer', memberId, minutes: '0' }))
        .status,
    ).toBe(400);
    expect(
      (await facilitator.post(shareOut(), { intent: 'start-timer', memberId, minutes: 'soon' }))
        .status,
    ).toBe(400);
    expect(
      (await facilitator.post(shareOut(), { intent: 'start-timer', memberId, minutes: '4' }))
        .status,
    ).toBe(302);
    const row = (await queue()).find((presenter) => presenter.member_id === memberId);
    expect(row?.timer_seconds).toBe(240);
    expect(row?.timer_started_at).toBeInstanceOf(Date);
  });

  it('spotlights a handed-in plan to everyone in the cohort, who can comment on it during the talk', async () => {
    // a participant follows along in the share-out's live room
    const room = await LiveClient.open(server.url, watcher.cookieHeader, sessionId);
    expect('data' in (await room.join())).toBe(true);
    expect(
      (await facilitator.post(shareOut(), { intent: 'spotlight', planId: plans[4]!.planId }))
        .status,
    ).toBe(400);
    expect(await (await watcher.get(shareOut())).text()).not.toContain(plans[0]!.goal);
    expect(
      (await facilitator.post(shareOut(), { intent: 'spotlight', planId: plans[0]!.planId }))
        .status,
    ).toBe(302);
    await room.until((state) => state.spotlight?.ownerName === 'Participant 01');
    expect(room.state.spotlight?.title).toBe('Action plan: Calm routines');
    expect(room.state.spotlight?.body).toContain(plans[0]!.goal);
    const page = await (await watcher.get(shareOut())).text();
    expect(page).toContain(plans[0]!.goal);
    expect(page).toContain('In the spotlight: Participant 01');
    expect(
      (
        await watcher.post(planPath(0), {
          intent: 'comment',
          kind: 'glow',
          body: 'Love the signal',
          returnTo: 'share-out',
        })
      ).status,
    ).toBe(302);
    expect(await (await watcher.get(shareOut())).text()).toContain('Love the signal');
    // a plan that is not on screen and not shared stays private
    expect((await watcher.get(planPath(1))).status).toBe(403);
    expect((await facilitator.post(shareOut(), { intent: 'clear-spotlight' })).status).toBe(302);
    await room.until((state) => state.spotlight === null);
    room.socket.disconnect();
    expect(await (await watcher.get(shareOut())).text()).not.toContain(plans[0]!.goal);
    expect((await watcher.get(planPath(0))).status).toBe(403);
  });

  it('finishes with confirmation, shares every presented plan, and lets the cohort complete', async () => {
    const refused = await moveCohort(server.db, {
      cohortId: cohort.cohort.id,
      to: 'completed',
      actorId: cohort.facilitator.id,
    });
    expect(refused.status).toBe('refused');
    expect(
      (
        await facilitator.post(shareOut(), {
          intent: 'presented',
          memberId: plans[0]!.memberId,
          presented: 'yes',
        })
      ).status,
    ).toBe(302);
    expect((await facilitator.post(shareOut(), { intent: 'finish' })).status).toBe(400);
    expect((await facilitator.post(shareOut(), { intent: 'finish', confirm: 'yes' })).status).toBe(
      302,
    );
    const shared = await server.db
      .selectFrom('action_plan')
      .select('id')
      .where('cohort_id', '=', cohort.cohort.id)
      .where('shared_at', 'is not', null)
      .execute();
    expect(shared.map((row) => row.id)).toEqual([plans[0]!.planId]);
    const notices = await server.db
      .selectFrom('notification')
      .select(['user_id', 'kind'])
      .where('kind', '=', 'plan.shared_after_share_out')
      .execute();
    expect(notices).toEqual([
      { user_id: cohort.participants[0]!.id, kind: 'plan.shared_after_share_out' },
    ]);
    expect((await watcher.get(planPath(0))).status).toBe(200);
    expect((await facilitator.post(shareOut(), { intent: 'finish', confirm: 'yes' })).status).toBe(
      400,
    );
    const moved = await moveCohort(server.db, {
      cohortId: cohort.cohort.id,
      to: 'completed',
      actorId: cohort.facilitator.id,
    });
    expect(moved.status).toBe('moved');
  });

  it('lets an author take a plan back before the coach answers, and nobody else', async () => {
    const fourth = await signedIn(cohort.participants[3]!.email);
    expect((await watcher.post(planPath(3), { intent: 'withdraw-submission' })).status).toBe(403);
    expect((await fourth.post(planPath(3), { intent: 'withdraw-submission' })).status).toBe(302);
    const plan = await server.db
      .selectFrom('action_plan')
      .select(['status', 'version'])
      .where('id', '=', plans[3]!.planId)
      .executeTakeFirstOrThrow();
    expect(plan).toEqual({ status: 'draft', version: 3 });
    expect((await fourth.post(planPath(3), { intent: 'withdraw-submission' })).status).toBe(400);
  });
});
