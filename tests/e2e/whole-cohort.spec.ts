import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { addDays, dayIn } from '../../app/utils/dates';
import { pdfPageTexts } from '../setup/pdf-text';
import { demo, expect, expectAccessible, signIn, test } from './fixtures';
import { readMail } from './mail';

/**
 * A whole cohort, from the facilitator creating it to a participant holding the completion
 * certificate: staff work at a laptop's width, participants on a phone. Every page visited
 * is checked with axe and for sideways scrolling.
 */

const STAFF = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// two members of the association (no scoring fee), in no other cohort's evidence for it
const PEOPLE = [
  { email: demo.participant(4), name: 'Emily Kowalczyk' },
  { email: demo.participant(5), name: 'Sofia Marchetti' },
] as const;
const CREDENTIAL = 'Relationships and Classroom Community';
const CRITERIA = ['Intentional practice', 'Reaches every student', 'Student voice'];
const UNIT = 'Relationships first';

/** no serious or critical axe finding, and nothing wider than the screen */
async function check(page: Page) {
  await expectAccessible(page);
  const sideways = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(sideways, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** a moment as the cohort's wall clock shows it (New York), to the minute */
function wallClock(moment: Date) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(moment);
  return { day: dayIn(moment, 'America/New_York'), time: parts };
}

async function person(browser: Browser, email: string, viewport: typeof STAFF) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, email);
  await check(page);
  return page;
}

async function moveStage(page: Page, cohortUrl: string, button: string, stage: string) {
  await page.goto(cohortUrl);
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByText(`The cohort moved to ${stage}.`)).toBeVisible();
  await check(page);
}

async function takeAssessment(page: Page, cohortUrl: string, everyPage: boolean) {
  await page.goto(`${cohortUrl}/assessment`);
  await check(page);
  await page.getByRole('link', { name: 'Start the pre-assessment' }).click();
  for (let number = 1; ; number += 1) {
    await expect(
      page.getByRole('heading', { name: new RegExp(`^Question ${number} of`) }),
    ).toBeVisible();
    const text = page.getByRole('textbox');
    if ((await text.count()) > 0) {
      await text.fill('A greeting at the door and a weekly circle.');
    } else if ((await page.getByRole('checkbox').count()) > 0) {
      await page.getByRole('checkbox').first().check();
    } else {
      await page.getByRole('radio').nth(2).check();
    }
    await expect(page.getByText(/^Saved /)).toBeVisible();
    if (everyPage || number === 1) await check(page);
    const next = page.getByRole('button', { name: 'Save and continue' });
    if ((await next.count()) === 0) {
      await page.getByRole('button', { name: 'Save and review' }).click();
      break;
    }
    await next.click();
  }
  await expect(page.getByRole('heading', { name: 'Review your answers' })).toBeVisible();
  await check(page);
  await page.getByRole('button', { name: 'Submit the pre-assessment' }).click();
  await expect(page.getByRole('heading', { name: 'Your competency profile' })).toBeVisible();
  await check(page);
}

/** the module, the action plan and the evidence, up to asking the partner for critique */
async function doTheWork(page: Page, cohortUrl: string, module: string, partnerName: string) {
  await page.goto(`${cohortUrl}/pathway`);
  await check(page);
  await page.getByRole('link', { name: module }).click();
  await expect(page.getByRole('heading', { name: module })).toBeVisible();
  await page
    .getByLabel(/What will you try in your classroom/)
    .fill('Two-minute conversations with three students a day for two weeks.');
  await page.getByRole('button', { name: 'Mark complete' }).click();
  await expect(page.getByText('Marked complete. Nice work.')).toBeVisible();
  await check(page);

  await page.goto(`${cohortUrl}/plans`);
  await check(page);
  await page.getByRole('button', { name: `Start the plan for ${UNIT}` }).click();
  await expect(page.getByRole('heading', { name: 'Your action plan' })).toBeVisible();
  await page
    .getByLabel('Goal')
    .fill('Hold a two-minute conversation with every student in my homeroom within four weeks.');
  await page
    .getByLabel('How you will measure success')
    .fill('A tracker of who I talked to, and a belonging survey before and after.');
  await page
    .getByLabel('The context it serves')
    .fill('Several students are new this year and keep to themselves.');
  await page.getByLabel('Action', { exact: true }).fill('Make a tracker from the class list');
  await page.getByLabel('Who').fill('Me');
  await page.getByLabel('By when').fill(addDays(dayIn(new Date(), 'America/New_York'), 14));
  await expect(page.getByRole('status').filter({ hasText: /^All changes saved$/ })).toBeVisible();
  await check(page);
  await page.getByRole('button', { name: 'Submit to your coach' }).click();
  await expect(page.getByText('Submitted. Your coach has been told')).toBeVisible();

  await page.goto(`${cohortUrl}/evidence`);
  await check(page);
  await page.getByRole('button', { name: `Start your evidence for ${CREDENTIAL}` }).click();
  await expect(page.getByRole('heading', { name: `${CREDENTIAL} · attempt 1` })).toBeVisible();
  await page
    .getByLabel('Your written evidence (Markdown)')
    .fill('## The practice\nTwo-minute conversations, tracked on a class list, for four weeks.');
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await page.getByLabel('Web address').fill('https://example.org/portfolio/belonging-survey');
  await page.getByLabel('Link label (optional)').fill('Belonging survey results');
  await page.getByRole('button', { name: 'Add link' }).click();
  await expect(page.getByRole('link', { name: 'Belonging survey results' })).toBeVisible();
  await check(page);
  await page.getByRole('button', { name: 'Ask your partner for critique' }).click();
  await expect(page.getByText(`${partnerName} was asked for a critique.`)).toBeVisible();
  await check(page);
}

async function critique(page: Page, cohortUrl: string, authorName: string) {
  await page.goto(`${cohortUrl}/evidence`);
  await page.getByRole('link', { name: new RegExp(`Critique ${authorName}`) }).click();
  await expect(page.getByText('Two-minute conversations, tracked')).toBeVisible();
  for (const title of CRITERIA) {
    const criterion = page.getByRole('group', { name: title });
    await criterion.getByLabel('What meets the bar').fill(`Clear on ${title.toLowerCase()}.`);
    await criterion.getByLabel('What would strengthen it').fill('Add a student quote.');
  }
  await check(page);
  await page.getByRole('button', { name: 'Send the critique' }).click();
  await expect(page.getByText(`Your critique was sent to ${authorName}.`)).toBeVisible();
}

async function submitForScoring(page: Page, cohortUrl: string) {
  await page.goto(`${cohortUrl}/evidence`);
  await page.getByRole('link', { name: `Open your evidence for ${CREDENTIAL}` }).click();
  await expect(page.getByText('Add a student quote.').first()).toBeVisible();
  await check(page);
  await page.getByRole('button', { name: 'Submit for scoring' }).click();
  await expect(page.getByText('Submitted. The coach will score it').first()).toBeVisible();
}

test('a cohort runs from creation to Completed and the certificate, staff at a laptop and participants on phones', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const run = Math.random().toString(36).slice(2, 8);
  const cohortName = `Whole cohort ${run}`;

  // the facilitator creates the cohort with its coach and invites two teachers
  const facilitator = await person(browser, demo.facilitator, STAFF);
  await facilitator.getByRole('link', { name: 'New cohort' }).click();
  await check(facilitator);
  await facilitator.getByLabel('Cohort name').fill(cohortName);
  // the demo program, with its pre-assessment and micro-credentials
  await facilitator
    .getByLabel('Program')
    .selectOption({ label: 'Classroom Management: Calm, Connected, Ready to Learn' });
  const coachPicker = facilitator.getByRole('combobox', { name: 'Coach' });
  await coachPicker.focus();
  await facilitator.keyboard.type('lena');
  await expect(facilitator.getByRole('option', { name: /Lena Okafor/ })).toBeVisible();
  await facilitator.keyboard.press('ArrowDown');
  await facilitator.keyboard.press('Enter');
  await expect(coachPicker).toHaveValue('Lena Okafor');
  await facilitator.getByRole('button', { name: 'Create cohort' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
  await check(facilitator);
  const cohortUrl = new URL(facilitator.url()).pathname;
  expect(cohortUrl).toMatch(/^\/cohorts\/[0-9a-f-]{36}$/);

  await facilitator.goto(`${cohortUrl}/invite`);
  await facilitator
    .getByLabel('Addresses, one per line or separated by commas')
    .fill(PEOPLE.map((someone) => someone.email).join('\n'));
  await facilitator.getByRole('button', { name: 'Preview' }).first().click();
  await expect(
    facilitator.getByRole('heading', { name: 'Check the list before sending' }),
  ).toBeVisible();
  await check(facilitator);
  await facilitator.getByRole('button', { name: 'Send 2 invitations' }).click();
  await expect(facilitator.getByRole('status')).toContainText('Sent 2 invitations');
  await check(facilitator);

  // each accepts from the emailed link on a phone, already signed in
  const participants = await Promise.all(
    PEOPLE.map(async (someone) => {
      const mail = await readMail(
        (message) => message.to.includes(someone.email) && message.subject.includes(cohortName),
      );
      const link = /https?:\/\/[^\s]+\/invitations\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
      expect(link).toBeTruthy();
      const page = await person(browser, someone.email, PHONE);
      await page.goto(link!);
      await expect(page.getByRole('heading', { name: `Join ${cohortName}` })).toBeVisible();
      await check(page);
      await page.getByRole('button', { name: 'Accept and join the cohort' }).click();
      await expect(page.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
      await check(page);
      return page;
    }),
  );
  const [first, second] = participants as [Page, Page];

  // the pre-assessment opens and both take it
  await moveStage(facilitator, cohortUrl, 'Open the pre-assessment', 'Pre-assessment');
  await Promise.all([
    takeAssessment(first, cohortUrl, true),
    takeAssessment(second, cohortUrl, false),
  ]);

  // the coach builds and publishes the pathway from the results
  const coach = await person(browser, demo.coach, STAFF);
  await coach.goto(`${cohortUrl}/assessment`);
  await expect(coach.getByText('2 of 2 submitted')).toBeVisible();
  await check(coach);
  await coach.goto(`${cohortUrl}/pathway`);
  await coach.getByLabel('Unit title').fill(UNIT);
  await coach.getByRole('button', { name: 'Add unit' }).click();
  await expect(coach.getByText(`Unit “${UNIT}” added.`)).toBeVisible();
  const recommended = coach
    .getByRole('region', { name: 'Recommended from the pre-assessment' })
    .getByRole('listitem')
    .filter({ has: coach.getByRole('button') })
    .first();
  const module = ((await recommended.getByRole('heading').textContent()) ?? '').trim();
  await recommended.getByRole('button', { name: /^Add/ }).click();
  await expect(coach.getByText(new RegExp(`added to “${UNIT}”`))).toBeVisible();
  await check(coach);
  await coach.getByRole('button', { name: 'Publish the pathway' }).click();
  await expect(coach.getByText(/The pathway is published; 2 participants were told/)).toBeVisible();
  await check(coach);

  // learning starts: partners, and a session held yesterday with its attendance
  await moveStage(facilitator, cohortUrl, 'Start learning', 'Learning');
  await facilitator.goto(`${cohortUrl}/partners`);
  await facilitator.getByRole('button', { name: 'Form partner groups' }).click();
  await expect(facilitator.getByText(PEOPLE[1].name).first()).toBeVisible();
  await check(facilitator);
  // the session starts in two minutes, so it has been held by the time the cohort completes
  const start = wallClock(new Date(Date.now() + 2 * 60_000));
  await facilitator.goto(`${cohortUrl}/sessions/new`);
  await check(facilitator);
  await facilitator.getByLabel('Title').fill('Coaching 1: relationships');
  await facilitator.getByLabel('Date').fill(start.day);
  await facilitator.getByLabel('Start time').fill(start.time);
  await facilitator.getByRole('button', { name: 'Schedule the session' }).click();
  await expect(facilitator.getByText('The session is scheduled').first()).toBeVisible();
  await check(facilitator);
  await facilitator.getByRole('link', { name: 'Coaching 1: relationships' }).first().click();
  await check(facilitator);
  await facilitator.getByRole('link', { name: 'Attendance' }).click();
  await expect(
    facilitator.getByRole('heading', { name: 'Attendance: Coaching 1: relationships' }),
  ).toBeVisible();
  await check(facilitator);
  // both join by phone: the facilitator records them present, with the reason
  for (const someone of PEOPLE) {
    await facilitator.getByLabel(`Presence for ${someone.name}`).selectOption('present');
    await facilitator.getByLabel(`Reason for ${someone.name}`).fill('Joined by phone');
    await facilitator.getByRole('button', { name: `Save for ${someone.name}` }).click();
    await expect(
      facilitator
        .getByRole('row', { name: new RegExp(someone.name) })
        .locator('.badge', { hasText: /^Present$/ }),
    ).toBeVisible();
  }
  await check(facilitator);

  // each finishes the module, hands in a plan and evidence, and critiques the other
  await Promise.all([
    doTheWork(first, cohortUrl, module, PEOPLE[1].name),
    doTheWork(second, cohortUrl, module, PEOPLE[0].name),
  ]);
  await Promise.all([
    critique(first, cohortUrl, PEOPLE[1].name),
    critique(second, cohortUrl, PEOPLE[0].name),
  ]);
  await Promise.all([submitForScoring(first, cohortUrl), submitForScoring(second, cohortUrl)]);

  // the coach scores both: every criterion meets
  for (const someone of PEOPLE) {
    await coach.goto(`${cohortUrl}/scoring`);
    await check(coach);
    await coach
      .getByRole('list')
      .getByRole('link', { name: `${someone.name}: ${CREDENTIAL} (attempt 1)` })
      .first()
      .click();
    for (const title of CRITERIA) {
      await coach
        .getByRole('radiogroup', { name: `Result for ${title}` })
        .getByLabel('Meets', { exact: true })
        .check();
      await coach.getByLabel(`Feedback on ${title}`).fill('Clear and specific.');
    }
    await check(coach);
    await coach.getByRole('button', { name: 'Save the scores' }).click();
    await expect(coach.getByText(/^Earned: every criterion meets/)).toBeVisible();
  }

  // the share-out needs its session: the refusal offers to schedule it
  await facilitator.goto(cohortUrl);
  await facilitator.getByRole('button', { name: 'Move to the share-out' }).click();
  await expect(facilitator.getByRole('alert')).toContainText('Schedule the share-out session');
  await check(facilitator);
  await facilitator.getByRole('link', { name: 'Schedule the share-out session' }).click();
  await check(facilitator);
  await facilitator.getByLabel('Title').fill('Share-out: our plans');
  await facilitator.getByLabel('Date').fill(addDays(start.day, 7));
  await facilitator.getByLabel('Start time').fill('16:00');
  await facilitator.getByRole('button', { name: 'Schedule the session' }).click();
  await expect(facilitator.getByText('The session is scheduled').first()).toBeVisible();
  await moveStage(facilitator, cohortUrl, 'Move to the share-out', 'Share-out');

  await facilitator.goto(`${cohortUrl}/share-out`);
  await check(facilitator);
  await facilitator.getByText('Finish and share the presented plans…').click();
  await facilitator.getByRole('button', { name: 'Yes, finish the share-out' }).click();
  await expect(
    facilitator.getByRole('heading', { name: 'The share-out is finished' }),
  ).toBeVisible();
  await check(facilitator);

  // completing shows who receives hours first, then asks
  await facilitator.goto(cohortUrl);
  await facilitator.getByRole('link', { name: 'Complete the cohort' }).click();
  await expect(
    facilitator.getByText(/2 of 2 participants meet the rule and receive/),
  ).toBeVisible();
  // once the session's start has passed, it counts as held and attended
  await expect(async () => {
    await facilitator.reload();
    for (const someone of PEOPLE) {
      const row = facilitator.getByRole('row', { name: new RegExp(someone.name) });
      await expect(row).toContainText('Yes', { timeout: 1_000 });
      await expect(row).toContainText('Attended 1 of 1 coaching session', { timeout: 1_000 });
    }
  }).toPass({ timeout: 150_000 });
  await check(facilitator);
  await facilitator.getByRole('button', { name: 'Complete and record hours for 2' }).click();
  await expect(facilitator.getByText('The cohort moved to Completed.')).toBeVisible();
  await check(facilitator);

  // a participant takes the certificate away and opens the credential
  await first.goto('/me/transcript');
  await expect(first.getByRole('heading', { name: cohortName })).toBeVisible();
  await check(first);
  const download = first.waitForEvent('download');
  await first
    .getByRole('region', { name: cohortName })
    .getByRole('link', { name: 'Completion certificate (PDF)' })
    .click();
  const file = await (await download).path();
  const text = (await pdfPageTexts(new Uint8Array(await readFile(file)))).join(' ');
  expect(text.replace(/\s+/g, ' ')).toContain(PEOPLE[0].name);
  expect(text.replace(/\s+/g, ' ')).toContain(cohortName);
  await first.getByRole('link', { name: CREDENTIAL }).first().click();
  await expect(first.getByText('Signature verified')).toBeVisible();
  await expect(first.getByText('Not revoked')).toBeVisible();
  await check(first);

  for (const page of [facilitator, coach, first, second]) await page.context().close();
});
