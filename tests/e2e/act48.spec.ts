import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { demo, DEMO_COHORT, demoCohorts, expect, expectAccessible, signIn, test } from './fixtures';

// the demo seeds participant 18 (Joseph Yoder) without a PPID and participant 17 as a
// paraprofessional; participants 1 and 2 have earned a micro-credential

async function expectNoSideways(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

async function checkBothWidths(page: Page) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    await expectNoSideways(page);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function openCohortTab(page: Page, tab: string) {
  await page.goto('/');
  await page.getByRole('link', { name: DEMO_COHORT }).first().click();
  await page
    .getByRole('navigation', { name: 'Cohort sections' })
    .getByRole('link', { name: tab, exact: true })
    .click();
}

test.describe.configure({ mode: 'serial' });

test('a facilitator sees who has no PPID and how a person’s hours were counted', async ({
  page,
}) => {
  await signIn(page, demo.facilitator);
  await openCohortTab(page, 'Hours');
  const heading = page.getByRole('heading', { name: /Participants without a PPID/ });
  await expect(heading).toContainText('1');
  const missing = page.getByRole('list', { name: 'Participants without a PPID' });
  await expect(missing.getByRole('listitem')).toHaveText(['Joseph Yoder']);
  await checkBothWidths(page);

  await page.getByRole('link', { name: 'How Maria Delgado’s hours were counted' }).click();
  await expect(
    page.getByRole('heading', { name: 'How Maria Delgado’s hours were counted' }),
  ).toBeVisible();
  await expect(page.getByText(/Made of the micro-credential/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Coaching sessions attended' })).toBeVisible();
  await checkBothWidths(page);
});

test('a participant completes the program evaluation on a phone before her hours are released', async ({
  page,
  browser,
}) => {
  await signIn(page, demo.facilitator);
  await openCohortTab(page, 'Act 48');
  await expect(page.getByRole('heading', { name: /Without a PPID/ })).toContainText('1');
  await checkBothWidths(page);
  await page.getByLabel('Ask for a program evaluation before hours are released').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(
    page.getByText('Participants’ hours wait for their program evaluation'),
  ).toBeVisible();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const participant = await phone.newPage();
  await signIn(participant, demo.participant(3));
  await participant.goto('/');
  await participant.getByRole('link', { name: DEMO_COHORT }).first().click();
  await participant
    .getByRole('navigation', { name: 'Cohort sections' })
    .getByRole('link', { name: 'Evaluation' })
    .click();
  await expect(participant.getByRole('heading', { name: 'Program evaluation' })).toBeVisible();
  await expect(participant.getByText('released once you complete this evaluation')).toBeVisible();
  await expectAccessible(participant);
  await expectNoSideways(participant);

  const answers: [string, string][] = [
    ['The program met its stated objectives.', 'Strongly agree'],
    ['The content was relevant to my professional needs and my students.', 'Agree'],
    ['The facilitator and coach knew the content and were well prepared.', 'Agree'],
    ['The modules, coaching sessions and materials helped me learn.', 'Neither agree nor disagree'],
    ['I will be able to apply what I learned in my work.', 'Strongly agree'],
  ];
  for (const [statement, answer] of answers) {
    await participant
      .getByRole('group', { name: statement })
      .getByRole('radio', { name: answer, exact: true })
      .check();
  }
  await participant
    .getByLabel('What will you do differently as a result? (optional)')
    .fill('Teach the hallway routine in the first week.');
  await participant.getByRole('button', { name: 'Submit evaluation' }).click();
  await expect(
    participant.getByText('Your evaluation is in and your hours are released'),
  ).toBeVisible();
  await expect(participant.getByText(/You completed the evaluation/)).toBeVisible();
  await expectAccessible(participant);
  await expectNoSideways(participant);
  await participant.getByRole('link', { name: 'See how your hours were counted' }).click();
  await expect(
    participant.getByRole('heading', { name: 'How Keisha Robinson’s hours were counted' }),
  ).toBeVisible();
  await expectAccessible(participant);
  await expectNoSideways(participant);
  await phone.close();

  await page.reload();
  await expect(page.getByText('1 of 18 participants have completed the evaluation')).toBeVisible();
});

test('an org admin works the 30-day queue and exports a PERMS batch', async ({ page }) => {
  await signIn(page, demo.admin);
  // the cohort needs its PERMS activity id; the evaluation is turned off again
  await openCohortTab(page, 'Act 48');
  await page.getByLabel('Ask for a program evaluation before hours are released').uncheck();
  await page.getByLabel('PERMS activity id').fill('ACT-2027-0042');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Hours are released without an evaluation')).toBeVisible();

  await page.getByRole('link', { name: 'Act 48', exact: true }).first().click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Act 48 and Chapter 14' }),
  ).toBeVisible();
  const queue = page.getByRole('table', { name: 'Hours waiting to be issued, overdue first' });
  await expect(queue.getByRole('row', { name: /Maria Delgado/ })).toContainText('days left');
  await expect(queue.getByRole('row', { name: /Maria Delgado/ })).toContainText(
    'the next PERMS upload',
  );
  await expect(page.getByRole('list', { name: 'Participants without a PPID' })).toContainText(
    'Joseph Yoder',
  );
  await expect(page.getByRole('table', { name: 'Chapter 14 hours per school year' })).toContainText(
    'Hannah Goldberg',
  );
  await checkBothWidths(page);

  await page.getByRole('link', { name: 'PERMS upload' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'PERMS upload' })).toBeVisible();
  const unsent = page.getByRole('table', { name: 'Act 48 entries not yet sent to PERMS' });
  await expect(unsent.getByRole('row', { name: /Maria Delgado/ })).toContainText('Ready');
  await checkBothWidths(page);

  await page.getByLabel(/I am uploading this file to PERMS/).check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download and mark as sent' }).click();
  const file = await readFile((await (await download).path())!, 'utf8');
  // the cohort's first day, as PERMS writes dates
  const [year, month, day] = demoCohorts.learning.startsOn.split('-');
  const usDate = `${month}/${day}/${year}`;
  const lines = file
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    'Provider ID,Activity ID,PPID,Last Name,First Name,Activity Start Date,Completion Date,Credit Hours',
  );
  expect(
    lines.some((line) => line.includes(`,ACT-2027-0042,2847301,Delgado,Maria,${usDate},`)),
  ).toBe(true);

  await page.reload();
  await expect(unsent.getByRole('row', { name: /Maria Delgado/ })).toHaveCount(0);
  await expect(
    page.getByRole('list', { name: 'Batches sent to PERMS, newest first' }),
  ).toContainText('by');
  await checkBothWidths(page);

  await page.goto('/admin/act48');
  await expect(queue.getByRole('row', { name: /Maria Delgado/ })).toHaveCount(0);
});
