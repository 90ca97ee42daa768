import type { Browser, Page } from '@playwright/test';
import { DEMO_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';

const SESSION = /^Coaching 2: de-escalation/;

async function enterRoom(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await page.getByRole('link', { name: DEMO_COHORT }).first().click();
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.getByRole('link', { name: SESSION }).click();
  await page.getByRole('link', { name: 'Join the live room' }).click();
  await expect(page).toHaveURL(/\/live$/);
  await expect(page.getByRole('status')).toHaveText('Live');
  return page;
}

test('a coach runs the room with two participants: hands, a poll, the spotlight, and a reload', async ({
  browser,
}) => {
  const coach = await enterRoom(browser, demo.coach);
  const first = await enterRoom(browser, demo.participant(6));
  const second = await enterRoom(browser, demo.participant(7));
  const firstName = (await first.locator('.site-header__name').innerText()).trim();

  // everyone sees who is here
  const here = coach.getByRole('region', { name: /Here now/ });
  await expect(here).toContainText(firstName);

  // a raised hand appears on the coach's screen
  await first.getByRole('button', { name: 'Raise my hand' }).click();
  const hands = coach.getByRole('region', { name: 'Raised hands' });
  await expect(hands.getByRole('listitem')).toContainText([firstName]);

  // a poll's results update on every screen
  await coach.getByLabel('Question').fill('Which de-escalation move will you try first?');
  await coach.getByLabel('Options, one per line').fill('Lower my voice\nGive a choice\nTake space');
  await coach.getByRole('button', { name: 'Open the poll' }).click();
  await coach.getByRole('button', { name: 'Show results to everyone' }).click();
  await first.getByLabel('Give a choice').check();
  await first.getByRole('button', { name: 'Vote' }).click();
  await second.getByLabel('Take space').check();
  await second.getByRole('button', { name: 'Vote' }).click();
  for (const page of [coach, first, second]) {
    const results = page.getByRole('list', { name: /^Results/ });
    await expect(results).toContainText('Give a choice: 1 vote (50%)');
    await expect(results).toContainText('Take space: 1 vote (50%)');
  }
  // a changed vote moves the bars everywhere
  await second.getByLabel('Give a choice').check();
  await second.getByRole('button', { name: 'Change my vote' }).click();
  for (const page of [coach, first, second]) {
    await expect(page.getByRole('list', { name: /^Results/ })).toContainText(
      'Give a choice: 2 votes (100%)',
    );
  }

  // the spotlight appears on both participants' screens
  await coach.getByRole('button', { name: 'Show to everyone' }).click();
  const shown = await coach.getByLabel('Module to show').locator('option:checked').innerText();
  for (const page of [first, second]) {
    await expect(
      page.getByRole('region', { name: 'Spotlight' }).getByRole('heading', { name: shown }),
    ).toBeVisible();
  }

  // chat links are links, markup is text
  await second
    .getByLabel('Message to room chat')
    .fill('My notes: https://example.org/notes <b>x</b>');
  await second.getByRole('button', { name: 'Send' }).click();
  const chat = first.getByRole('log', { name: 'Room chat messages' });
  await expect(chat.getByRole('link', { name: 'https://example.org/notes' })).toBeVisible();
  await expect(chat).toContainText('<b>x</b>');

  await expectAccessible(coach);
  await expectAccessible(first);

  // after a reload everything is still there
  await first.reload();
  await expect(first.getByRole('status')).toHaveText('Live');
  await expect(first.getByRole('region', { name: 'Raised hands' })).toContainText(firstName);
  await expect(first.getByRole('list', { name: /^Results/ })).toContainText(
    'Give a choice: 2 votes (100%)',
  );
  await expect(
    first.getByRole('region', { name: 'Spotlight' }).getByRole('heading', { name: shown }),
  ).toBeVisible();
  await expect(first.getByRole('log', { name: 'Room chat messages' })).toContainText('My notes');

  // the host calls on the raised hand and it leaves every queue
  await coach.getByRole('button', { name: 'Call on the next hand' }).click();
  await expect(first.getByRole('button', { name: 'Raise my hand' })).toBeVisible();
  // and the person called is told, in a live region, not just by the hand going down
  await expect(
    first.getByRole('alert').filter({ hasText: 'The host called on you.' }),
  ).toBeVisible();
  await expect(coach.getByText(`You called on ${firstName}.`)).toBeVisible();
  await expect(second.getByText('The host called on you.')).toHaveCount(0);
  await first.getByRole('button', { name: 'Got it' }).click();
  await expect(first.getByText('The host called on you.')).toHaveCount(0);

  for (const page of [coach, first, second]) await page.context().close();
});
