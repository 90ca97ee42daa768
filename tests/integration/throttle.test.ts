import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { pairDelayMs, SIGN_IN_THROTTLE } from '../../app/auth/sign-in.server';
import {
  INVITATIONS_PER_COHORT,
  INVITATIONS_PER_INVITER,
  JOIN_CODE_GUESSES,
  recordRateLimitHit,
} from '../../app/http/rate-limit.server';
import { startPruneWorker, type PruneResult } from '../../app/maintenance/prune.server';
import { buildCohortWithPeople, buildUser } from '../../db/builders';
import { buildInvitation } from '../fixtures/invitations';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { toastOf } from './critique-fixtures';

const PASSWORD = 'a long enough throttle password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let passwordHash: string;

beforeAll(async () => {
  server = await startTestServer();
  passwordHash = await hashPassword(PASSWORD);
  people = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
});

afterAll(async () => {
  await server?.close();
});

async function newTeacher() {
  return buildUser(server.db, { organizationId: people.organization.id, passwordHash });
}

/** failed attempts written straight to the table, as many addresses would have left them */
async function failures(rows: { email: string; ip: string; secondsAgo?: number }[]) {
  await server.db
    .insertInto('sign_in_attempt')
    .values(
      rows.map((row) => ({
        email: row.email,
        ip_address: row.ip,
        succeeded: false,
        attempted_at: new Date(Date.now() - (row.secondsAgo ?? 1) * 1000),
      })),
    )
    .execute();
}

/** moves a pair's attempts back in time, as if the wait had passed */
async function age(email: string, ip: string, seconds: number) {
  await sql`update sign_in_attempt
    set attempted_at = attempted_at - make_interval(secs => ${seconds})
    where lower(email) = ${email.toLowerCase()} and ip_address = ${ip}`.execute(server.db);
}

describe('sign-in throttling', () => {
  it('never refuses the right password from her own address because of failures elsewhere', async () => {
    const teacher = await newTeacher();
    const attacker = new HttpClient(server.url, { ip: '198.51.100.66' });
    for (let attempt = 1; attempt <= SIGN_IN_THROTTLE.pairFreeFailures + 1; attempt += 1) {
      expect((await attacker.signIn(teacher.email, `guess ${attempt}`)).status).toBe(401);
    }
    // the attacker's address is slowed down on her email, even if it guesses right
    const limited = await attacker.signIn(teacher.email, PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers.getSetCookie()).toEqual([]);
    // and a distributed attack on top: 40 more failures from 40 other addresses
    await failures(
      Array.from({ length: 40 }, (_, index) => ({ email: teacher.email, ip: `192.0.2.${index}` })),
    );

    const home = new HttpClient(server.url, { ip: '203.0.113.20' });
    const started = performance.now();
    const response = await home.signIn(teacher.email, PASSWORD);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(302);
    expect(home.cookie(AUTH_COOKIE_NAME)).toBeTruthy();
    // the only effect of the email-wide alarm is a short, bounded delay
    expect(elapsed).toBeGreaterThanOrEqual(SIGN_IN_THROTTLE.emailAlarmDelayMs - 50);
    expect(SIGN_IN_THROTTLE.emailAlarmDelayMs).toBeLessThanOrEqual(2000);
  });

  it('slows the same address down on the same email, longer after each failure, until she signs in', async () => {
    const teacher = await newTeacher();
    const ip = '203.0.113.31';
    const client = new HttpClient(server.url, { ip });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await client.signIn(teacher.email, `typo ${attempt}`)).status).toBe(401);
    }
    const slowed = await client.signIn(teacher.email, 'typo 6');
    expect(slowed.status).toBe(429);
    const wait = Number(slowed.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(25);
    expect(wait).toBeLessThanOrEqual(30);
    const page = await slowed.text();
    expect(page).toContain('Too many wrong passwords for this email from your network.');
    expect(page).toMatch(/Try again in \d+ seconds\./);
    expect(page).not.toContain('facilitator');

    // the right password waits too, and no session is opened
    const right = await client.signIn(teacher.email, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);

    // once the wait is over, one more try; a sixth failure doubles the wait
    await age(teacher.email, ip, 31);
    expect((await client.signIn(teacher.email, 'typo 6')).status).toBe(401);
    const longer = await client.signIn(teacher.email, 'typo 7');
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(await longer.text()).toContain('Try again in 1 minute.');

    // after the wait the right password works, and a success clears the slate
    await age(teacher.email, ip, 61);
    expect((await client.signIn(teacher.email, PASSWORD)).status).toBe(302);
    expect((await new HttpClient(server.url, { ip }).signIn(teacher.email, 'x')).status).toBe(401);
  });

  it('limits one address trying many emails, and nobody else', async () => {
    const ip = '203.0.113.44';
    await failures(
      Array.from({ length: SIGN_IN_THROTTLE.addressFailureLimit }, (_, index) => ({
        email: `sprayed-${index}@school.test`,
        ip,
        secondsAgo: 60,
      })),
    );
    const teacher = await newTeacher();
    const limited = await new HttpClient(server.url, { ip }).signIn(teacher.email, PASSWORD);
    expect(limited.status).toBe(429);
    // the oldest failure is a minute old, so the window frees up in about 14 minutes
    const wait = Number(limited.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(14 * 60 - 10);
    expect(wait).toBeLessThanOrEqual(14 * 60);
    expect(await limited.text()).toContain(
      'Too many failed sign-ins from your network. Try again in 14 minutes.',
    );
    expect((await new HttpClient(server.url).signIn(teacher.email, PASSWORD)).status).toBe(302);
  });

  it('doubles the wait per failure from 30 seconds and never past 15 minutes', () => {
    expect([4, 5, 6, 7, 8, 9, 10, 40].map((count) => pairDelayMs(count) / 1000)).toEqual([
      0, 30, 60, 120, 240, 480, 900, 900,
    ]);
  });
});

describe('pruning', () => {
  async function seedOldAndNew() {
    const user = await newTeacher();
    const dayAndAHourAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
    const marker = `prune-${crypto.randomUUID()}`;
    await server.db
      .insertInto('sign_in_attempt')
      .values([
        {
          email: `${marker}@old.test`,
          ip_address: '10.9.9.9',
          succeeded: false,
          attempted_at: dayAndAHourAgo,
        },
        { email: `${marker}@new.test`, ip_address: '10.9.9.9', succeeded: false },
      ])
      .execute();
    await server.db
      .insertInto('rate_limit_hit')
      .values([
        { bucket: 'test', subject: `${marker}-old`, hit_at: threeHoursAgo },
        { bucket: 'test', subject: `${marker}-new` },
      ])
      .execute();
    const oldKey = crypto.randomUUID();
    const newKey = crypto.randomUUID();
    await server.db
      .insertInto('idempotency_key')
      .values([
        {
          key: oldKey,
          request_hash: 'a',
          user_id: user.id,
          action: 'test',
          created_at: dayAndAHourAgo,
        },
        { key: newKey, request_hash: 'a', user_id: user.id, action: 'test' },
      ])
      .execute();
    return async () => ({
      attempts: (
        await server.db
          .selectFrom('sign_in_attempt')
          .select('email')
          .where('email', 'like', `${marker}@%`)
          .orderBy('email')
          .execute()
      ).map((row) => row.email),
      hits: (
        await server.db
          .selectFrom('rate_limit_hit')
          .select('subject')
          .where('subject', 'like', `${marker}-%`)
          .execute()
      ).map((row) => row.subject),
      keys: (
        await server.db
          .selectFrom('idempotency_key')
          .select('key')
          .where('key', 'in', [oldKey, newKey])
          .execute()
      ).map((row) => row.key),
      marker,
      newKey,
    });
  }

  it('drops old attempts, rate-limit hits and keys through the worker the server started', async () => {
    const remaining = await seedOldAndNew();
    const before = await remaining();
    expect(before.attempts).toHaveLength(2);
    const result = await server.prune.runOnce();
    expect(result.signInAttempts).toBeGreaterThanOrEqual(1);
    expect(result.rateLimitHits).toBeGreaterThanOrEqual(1);
    expect(result.idempotencyKeys).toBeGreaterThanOrEqual(1);
    const after = await remaining();
    expect(after.attempts).toEqual([`${after.marker}@new.test`]);
    expect(after.hits).toEqual([`${after.marker}-new`]);
    expect(after.keys).toEqual([after.newKey]);
  });

  it('runs by itself on its interval', async () => {
    const remaining = await seedOldAndNew();
    let reportPass: (result: PruneResult) => void = () => {};
    const passed = new Promise<PruneResult>((resolve) => (reportPass = resolve));
    const worker = startPruneWorker({ db: server.db, intervalMs: 20, onPass: reportPass });
    try {
      const result = await passed;
      expect(result.signInAttempts).toBeGreaterThanOrEqual(1);
    } finally {
      await worker.stop();
    }
    const after = await remaining();
    expect(after.attempts).toEqual([`${after.marker}@new.test`]);
    expect(after.keys).toEqual([after.newKey]);
  });
});

describe('join-code guesses', () => {
  it('answers a clear 429 page after too many wrong codes from one address, the right code too', async () => {
    const guesser = new HttpClient(server.url, { ip: '198.51.100.90' });
    const code = 'RIGHT2345';
    await server.db
      .updateTable('cohort')
      .set({ join_code: code })
      .where('id', '=', people.cohort.id)
      .execute();
    for (let guess = 1; guess <= JOIN_CODE_GUESSES.limit; guess += 1) {
      const response = await guesser.get(`/join/WRONG${String(guess).padStart(4, '0')}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('This join link is not valid');
    }
    const refused = await guesser.get(`/join/${code}`);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    const page = await refused.text();
    expect(page).toContain('Too many join codes tried');
    expect(page.replaceAll('<!-- -->', '')).toContain('Try again in 15 minutes.');

    // a form post from the address is sent back to that page, and changes nothing
    const post = await guesser.post(`/join/${code}`, {
      intent: 'register',
      name: 'Guesser',
      email: 'guesser@school.test',
      password: 'a long enough password',
      confirmPassword: 'a long enough password',
    });
    expect(post.status).toBe(302);
    expect(post.headers.get('location')).toBe(`/join/${code}`);
    const account = await server.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'guesser@school.test')
      .executeTakeFirst();
    expect(account).toBeUndefined();

    // someone else with the link is not affected
    const other = await new HttpClient(server.url).get(`/join/${code}`);
    expect(other.status).toBe(200);
    expect((await other.text()).replaceAll('<!-- -->', '')).toContain(`Join ${people.cohort.name}`);
  });
});

describe('invitation sends', () => {
  function confirmFields(emails: string[]) {
    return {
      intent: 'confirm',
      role: 'participant',
      payload: JSON.stringify({
        role: 'participant',
        entries: emails.map((email, line) => ({ line, name: null, email, stateEducatorId: null })),
      }),
    };
  }

  async function invitationEmails(cohortId: string) {
    const rows = await server.db
      .selectFrom('invitation')
      .select('id')
      .where('cohort_id', '=', cohortId)
      .execute();
    return rows.length;
  }

  it('sends at most the hourly allowance per inviter and cohort, and says when more can go', async () => {
    const { cohort, facilitator } = await buildCohortWithPeople(server.db, {
      participants: 0,
      passwordHash,
    });
    const client = new HttpClient(server.url);
    expect((await client.signIn(facilitator.email, PASSWORD)).status).toBe(302);
    const invite = `/cohorts/${cohort.id}/invite`;
    const addresses = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => `invitee-${from + index}@school.test`);

    const first = await client.post(invite, confirmFields(addresses(0, 60)));
    expect(first.status).toBe(302);
    expect(toastOf(first)).toBe('Sent 60 invitations. They are on their way by email.');

    const over = await client.post(invite, confirmFields(addresses(60, 60)));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(59 * 60);
    const page = (await over.text()).replaceAll('<!-- -->', '');
    expect(page).toContain('40 more can go out now');
    expect(page).toContain('try again in 60 minutes');
    expect(await invitationEmails(cohort.id)).toBe(60);

    // a shorter list fits, and then the allowance is spent, resends included
    expect((await client.post(invite, confirmFields(addresses(60, 40)))).status).toBe(302);
    expect(await invitationEmails(cohort.id)).toBe(INVITATIONS_PER_COHORT.limit);
    const open = await buildInvitation(server.db, {
      cohortId: cohort.id,
      email: 'resend-me@school.test',
    });
    const emailsBefore = await server.db
      .selectFrom('outbound_email')
      .select(sql<string>`count(*)`.as('count'))
      .where('to_address', '=', 'resend-me@school.test')
      .executeTakeFirstOrThrow();
    const resend = await client.post(`/cohorts/${cohort.id}/roster`, {
      intent: 'resend',
      invitationId: open.id,
    });
    expect(resend.status).toBe(302);
    expect(toastOf(resend)).toMatch(
      /as many invitations as an hour allows.*Try again in \d+ minutes/,
    );
    const emailsAfter = await server.db
      .selectFrom('outbound_email')
      .select(sql<string>`count(*)`.as('count'))
      .where('to_address', '=', 'resend-me@school.test')
      .executeTakeFirstOrThrow();
    expect(Number(emailsAfter.count)).toBe(Number(emailsBefore.count));
  });

  it('counts every cohort of one inviter together', async () => {
    const { cohort, facilitator } = await buildCohortWithPeople(server.db, {
      participants: 0,
      passwordHash,
    });
    // as if 299 had gone out from their other cohorts this hour
    await recordRateLimitHit(
      server.db,
      INVITATIONS_PER_INVITER,
      facilitator.id,
      INVITATIONS_PER_INVITER.limit - 1,
    );
    const client = new HttpClient(server.url);
    expect((await client.signIn(facilitator.email, PASSWORD)).status).toBe(302);
    const over = await client.post(
      `/cohorts/${cohort.id}/invite`,
      confirmFields(['one@school.test', 'two@school.test']),
    );
    expect(over.status).toBe(429);
    expect((await over.text()).replaceAll('<!-- -->', '')).toContain('1 more can go out now');
  });
});
