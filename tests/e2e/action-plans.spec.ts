import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { pdfPageTexts } from '../setup/pdf-text';
import { SHARING_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';
import { readMail } from './mail';

// the seeded cohort that has reached its share-out; participant 16 has no plan yet
const AUTHOR_NAME = "Daniel O'Brien";
const GOAL_START = 'By January 29, my 3rd period starts the warm-up within two minutes';
const GOAL = `${GOAL_START} of the bell on four days out of five.`;

async function openCohort(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await page.getByRole('link', { name: SHARING_COHORT }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: SHARING_COHORT })).toBeVisible();
  return page;
}

const saved = (page: Page) => expect(page.getByRole('status')).toHaveText('All changes saved');

test('a participant writes a plan that survives a reload and a second tab, is revised, shared, spotlighted and printed', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const author = await openCohort(browser, demo.participant(16));
  await author.getByRole('link', { name: 'Action plans' }).click();
  await expect(author.getByRole('heading', { name: 'Your action plans' })).toBeVisible();
  await expectAccessible(author);
  await author
    .getByRole('button', { name: 'Start the plan for Routines, relationships and engagement' })
    .click();
  await expect(author.getByRole('heading', { name: 'Your action plan' })).toBeVisible();
  await expectAccessible(author);

  // typing, then reloading mid-sentence: nothing is lost
  const goal = author.getByLabel('Goal');
  await goal.pressSequentially(GOAL_START, { delay: 10 });
  await author.reload();
  await expect(author.getByLabel('Goal')).toHaveValue(GOAL_START);
  await author.getByLabel('Goal').pressSequentially(' of the bell on four days out of five.');
  await saved(author);
  const planUrl = author.url();

  // a dropped connection: the page says the text is not saved yet, keeps it, and saves once back
  await author.context().setOffline(true);
  await author.getByLabel('The context it serves').fill('Third period comes right after lunch.');
  await expect(author.getByRole('status')).toContainText('Not saved — retrying');
  await author.context().setOffline(false);
  await saved(author);

  // a second tab of the same plan, then both save: the second is shown the conflict
  const secondTab = await author.context().newPage();
  await secondTab.goto(planUrl);
  await expect(secondTab.getByLabel('Goal')).toHaveValue(GOAL);
  await author
    .getByLabel('How you will measure success')
    .fill('I count the minutes lost each day.');
  await saved(author);
  await secondTab
    .getByLabel('How you will measure success')
    .fill('I time the start with a stopwatch for four weeks.');
  const conflict = secondTab.getByRole('alert').filter({ hasText: 'changed in another tab' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('I count the minutes lost each day.');
  await expect(conflict).toContainText('I time the start with a stopwatch for four weeks.');
  await secondTab.getByRole('button', { name: 'Keep mine and save it' }).click();
  await saved(secondTab);
  await secondTab.close();

  await author.reload();
  await expect(author.getByLabel('How you will measure success')).toHaveValue(
    'I time the start with a stopwatch for four weeks.',
  );
  // handing in too early says what is missing and keeps the form open
  await author.getByRole('button', { name: 'Submit to your coach' }).click();
  await expect(author.getByRole('alert')).toContainText('Add at least one step.');
  await author
    .getByLabel('Action', { exact: true })
    .fill('Post and teach a three-step entry routine');
  await author.getByLabel('Who').fill('Me');
  await author.getByLabel('By when').fill('2027-01-15');
  await author.getByRole('button', { name: 'Submit to your coach' }).click();
  await expect(author.getByText('Submitted. Your coach has been told')).toBeVisible();

  // the coach asks for a revision of one section
  const coach = await openCohort(browser, demo.coach);
  await coach.getByRole('link', { name: 'Action plans' }).click();
  await expect(coach.getByText(/waiting for feedback/)).toBeVisible();
  await expectAccessible(coach);
  await coach
    .getByRole('row', { name: new RegExp(AUTHOR_NAME) })
    .getByRole('link', { name: AUTHOR_NAME })
    .click();
  await expect(coach.getByRole('heading', { name: 'Your feedback' })).toBeVisible();
  await expectAccessible(coach);
  await coach
    .getByLabel('Note on “How you will measure success” (optional)')
    .fill('Also count how many students need a reminder.');
  await coach.getByLabel('Ask for a revision').check();
  await coach.getByRole('button', { name: 'Send feedback' }).click();
  await expect(coach.getByText(`Revision requested. ${AUTHOR_NAME} has been told`)).toBeVisible();
  const email = await readMail(
    (mail) =>
      mail.to === demo.participant(16) && mail.subject === 'Your coach asked for a revision',
  );
  expect(email.text).toContain('Also count how many students need a reminder.');

  // the participant revises, resubmits and shares
  await author.reload();
  await expect(
    author.getByRole('heading', { name: 'Your coach asked for a revision' }),
  ).toBeVisible();
  await expect(author.getByText('Also count how many students need a reminder.')).toBeVisible();
  await author
    .getByLabel('How you will measure success')
    .fill('I time the start with a stopwatch and count reminders for four weeks.');
  await saved(author);
  await author.getByRole('button', { name: 'Submit to your coach' }).click();
  await expect(author.getByText('Submitted. Your coach has been told')).toBeVisible();
  await author.getByRole('button', { name: 'Share with the cohort' }).click();
  await expect(author.getByText('Your plan is in the cohort’s gallery.')).toBeVisible();
  await author.getByRole('link', { name: /^History/ }).click();
  await expect(author.getByRole('heading', { name: 'Version 2' })).toBeVisible();
  await expect(author.locator('ins').filter({ hasText: 'count reminders' })).toBeVisible();
  await expectAccessible(author);
  await author.getByRole('link', { name: 'Action plans' }).click();
  await author.getByRole('link', { name: 'Cohort gallery' }).click();
  await expect(author.getByRole('link', { name: `${AUTHOR_NAME} (you)` })).toBeVisible();
  await expectAccessible(author);
  await author.goto(planUrl);

  // another participant watches the share-out; the facilitator spotlights the plan
  const watcher = await openCohort(browser, demo.participant(17));
  await watcher.getByRole('link', { name: 'Share-out' }).click();
  await expect(watcher.getByRole('heading', { name: 'Nothing in the spotlight' })).toBeVisible();
  // a second participant follows in the share-out's live room
  const liveWatcher = await openCohort(browser, demo.participant(15));
  await liveWatcher.getByRole('link', { name: 'Share-out' }).click();
  await liveWatcher.getByRole('link', { name: 'Join the live room' }).click();
  await expect(liveWatcher.getByText('Nothing is in the spotlight.')).toBeVisible();

  const facilitator = await openCohort(browser, demo.facilitator);
  await facilitator.getByRole('link', { name: 'Share-out' }).click();
  await facilitator.getByRole('button', { name: /Build the queue|Add newcomers/ }).click();
  await facilitator.getByRole('button', { name: `Spotlight this plan (${AUTHOR_NAME})` }).click();
  await expect(
    facilitator.getByRole('heading', { name: `In the spotlight: ${AUTHOR_NAME}` }),
  ).toBeVisible();
  await expectAccessible(facilitator);

  await expect(
    watcher.getByRole('heading', { name: `In the spotlight: ${AUTHOR_NAME}` }),
  ).toBeVisible();
  await expect(watcher.getByText(GOAL)).toBeVisible();
  await expectAccessible(watcher);
  // the live room had it on screen the moment it was spotlighted
  const spotlight = liveWatcher.getByRole('region', { name: 'Spotlight' });
  await expect(spotlight.getByText(`Shared by ${AUTHOR_NAME}`)).toBeVisible();
  await expect(spotlight.getByText(GOAL)).toBeVisible();
  await expectAccessible(liveWatcher);

  // the plan as a PDF: its text holds the goal
  const download = author.waitForEvent('download');
  await author.getByRole('link', { name: 'Download PDF' }).click();
  const file = await (await download).path();
  const text = (await pdfPageTexts(new Uint8Array(await readFile(file)))).join(' ');
  expect(text.replace(/\s+/g, ' ')).toContain(GOAL);

  await author.context().close();
  await coach.context().close();
  await watcher.context().close();
  await facilitator.context().close();
});

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('a plan handed in from another window stops saving in this one and says why', async ({
  browser,
}) => {
  // participant 11 holds a seeded draft of the first unit's plan
  const author = await openCohort(browser, demo.participant(11));
  await author.getByRole('link', { name: 'Action plans' }).click();
  const planUrl = await author
    .getByRole('link', { name: 'Open the plan for Routines, relationships and engagement' })
    .getAttribute('href');
  expect(planUrl).toMatch(/\/plans\/[0-9a-f-]{36}$/);
  // the page's timers can be run ahead: the wait before a save, and any retry
  await author.clock.install();
  await author.goto(planUrl!);
  await expect(
    author.getByRole('heading', { name: 'Your action plan', exact: true }),
  ).toBeVisible();
  await expect(author.getByRole('status')).toHaveText('All changes saved');
  const saves: string[] = [];
  author.on('request', (request) => {
    if (request.method() === 'POST' && /\/autosave$/.test(request.url())) saves.push(request.url());
  });

  // the same plan, handed in from another window
  const elsewhere = await openCohort(browser, demo.participant(11));
  await elsewhere.goto(planUrl!);
  await elsewhere.getByRole('button', { name: 'Submit to your coach' }).click();
  await expect(elsewhere.getByText('Submitted. Your coach has been told')).toBeVisible();
  await elsewhere.context().close();

  // the first tab's next save is refused as locked: it says why and when, and keeps the text
  const context = author.getByLabel('The context it serves');
  await context.pressSequentially(' One more thought.');
  await author.clock.runFor(2_000);
  const notice = author.getByRole('alert').filter({ hasText: 'handed in' });
  await expect(notice).toContainText(
    /This plan was handed in on \w{3} \d{1,2}, \d{4} — it can no longer be changed\./,
  );
  await expect(author.getByRole('status')).toHaveText('Not saved — this can no longer be changed');
  expect(saves).toHaveLength(1);

  // typing on, waiting, hiding the page: no save is sent again
  await context.pressSequentially(' And another.');
  await author.clock.runFor(60_000);
  await author.evaluate(() => window.dispatchEvent(new Event('online')));
  await author.clock.runFor(60_000);
  await expect(context).toHaveValue(/One more thought\. And another\./);
  expect(saves).toHaveLength(1);

  for (const width of [1280, 390]) {
    await author.setViewportSize({ width, height: 900 });
    await expect(notice).toBeVisible();
    expect(await horizontalOverflow(author)).toBeLessThanOrEqual(0);
    await expectAccessible(author);
  }
  await author.context().close();
});
