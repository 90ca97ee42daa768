import type { Page } from '@playwright/test';
import { demo, expect, expectAccessible, signIn, test } from './fixtures';
import { readMail } from './mail';

/** axe and no sideways scrolling, at a laptop's and a phone's width */
async function checkBothWidths(page: Page) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `horizontal overflow at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// the person deactivated here joins through a cohort of this test's own, so no demo
// participant (and no count another test reads) changes
test('an org admin finds a person and deactivates them; their open page and socket end at once', async ({
  page,
  browser,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const cohortName = `People cohort ${run}`;
  const email = `pat.${run}@district.test`;
  const name = `Pat Quinlan ${run}`;

  await signIn(page, demo.admin);
  await page.goto('/cohorts/new');
  await page.getByLabel('Cohort name').fill(cohortName);
  await page.getByLabel('Starts on').fill('2027-09-06');
  await page.getByLabel('Ends on').fill('2027-12-17');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
  await page.getByRole('link', { name: 'Invite', exact: true }).click();
  await page.getByLabel('Addresses, one per line or separated by commas').fill(email);
  await page.getByRole('button', { name: 'Preview' }).first().click();
  await page.getByRole('button', { name: 'Send 1 invitation' }).click();
  await expect(page.getByRole('status')).toContainText('Sent 1 invitation');

  // the person joins and keeps the cohort open in their own browser
  const mail = await readMail(
    (message) => message.to.includes(email) && message.subject.includes(cohortName),
  );
  const link = /https?:\/\/[^\s]+\/invitations\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await theirPage.goto(new URL(link!).pathname);
  await theirPage.getByLabel('Your name').fill(name);
  await theirPage.getByLabel('Choose a password').fill('a password for the people test');
  await theirPage.getByLabel('Type it again').fill('a password for the people test');
  await theirPage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(theirPage.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
  const presence = theirPage.getByRole('region', { name: 'Online now' });
  await expect(presence).toContainText('Live');

  // the admin finds them in the directory
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await checkBothWidths(page);
  await page.getByLabel('Search').fill(`pat.${run}`);
  await page.getByRole('button', { name: 'Filter' }).click();
  const table = page.getByRole('region', { name: /People, page 1 of 1/ });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText(email);
  await expect(table).toContainText('Non-member');
  await table.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Cohorts and roles' })).toContainText(cohortName);
  await checkBothWidths(page);

  // a filter nobody matches says so
  await page.goto(`/admin/people?q=${run}&status=deactivated`);
  await expect(page.getByText('Nobody matches these filters.')).toBeVisible();
  await page.goBack();

  // deactivate, with a confirmation first
  await page.getByRole('link', { name: 'Deactivate…' }).click();
  await expect(page.getByRole('heading', { name: `Deactivate ${name}?` })).toBeVisible();
  await checkBothWidths(page);
  await page.getByRole('button', { name: `Deactivate ${name}` }).click();
  await expect(page.getByRole('status').first()).toContainText(
    'deactivated and signed out everywhere',
  );
  await expect(page.getByRole('button', { name: 'Reactivate' })).toBeVisible();

  // their open page loses its socket at once, and the next step goes to sign-in
  await expect(presence).toContainText('Not connected. Sign in again');
  await theirPage.reload();
  await expect(theirPage).toHaveURL(/\/login/);
  await theirPage.getByLabel('Email').fill(email);
  await theirPage.getByLabel('Password').fill('a password for the people test');
  await theirPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(theirPage.getByRole('alert')).toContainText(
    'Your organization has deactivated this account',
  );
  await theirs.close();

  // the invite and import pages
  await page.goto('/admin/people/invite');
  await expect(page.getByRole('heading', { level: 1, name: 'Invite a person' })).toBeVisible();
  await checkBothWidths(page);
  await page.goto('/admin/people/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Import people' })).toBeVisible();
  await checkBothWidths(page);
});
