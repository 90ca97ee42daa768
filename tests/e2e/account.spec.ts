import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, demo, expect, expectAccessible, signIn, test } from './fixtures';
import { readMail } from './mail';

const NEW_PASSWORD = 'grace changes her password 2027';
const NEW_EMAIL = 'grace.kim@newschool.test';

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

const sections = [
  { tab: 'Profile', heading: 'Profile' },
  { tab: 'Email address', heading: 'Email address' },
  { tab: 'Password', heading: 'Change your password' },
  { tab: 'Signed-in devices', heading: 'Signed-in devices' },
  { tab: 'Email preferences', heading: 'Email preferences' },
  { tab: 'Your data', heading: 'Download your data' },
];

// participant 13 (Grace Kim) appears in no other browser test, so changing her sign-in disturbs nobody
test('a teacher changes her password and her email address from her account', async ({ page }) => {
  const email = demo.participant(13);
  await signIn(page, email);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await page.getByRole('link', { name: 'My account' }).click();
    await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();
    for (const section of sections) {
      await page
        .getByRole('navigation', { name: 'Account sections' })
        .getByRole('link', { name: section.tab })
        .click();
      await expect(page.getByRole('heading', { name: section.heading, level: 2 })).toBeVisible();
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // the password: the current one is required, then the new one signs in
  await page.goto('/me/account/password');
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Type the new password again').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('That is not your current password.')).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Current password').fill(DEMO_PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Type the new password again').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toContainText(
    'Your password is changed',
  );
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, email, NEW_PASSWORD);

  // the email address: a link goes to the new address, and only using it changes anything
  await page.goto('/me/account/email');
  await page.getByLabel('New email address').fill(NEW_EMAIL);
  await page.getByLabel('Current password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Send the confirmation link' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Waiting for confirmation' }),
  ).toBeVisible();
  await expect(page.getByText(`You sign in with ${email}`)).toBeVisible();
  await expectAccessible(page);

  const notice = await readMail(
    (message) =>
      message.to.includes(email) && message.subject.includes('change of your Cadre email address'),
  );
  expect(notice.text).toContain(NEW_EMAIL);
  const mail = await readMail(
    (message) => message.to.includes(NEW_EMAIL) && message.text.includes('/me/email/'),
  );
  const link = /https?:\/\/\S+\/me\/email\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(new URL(link!).pathname);
    await expect(
      page.getByRole('heading', { name: 'Confirm your new email address' }),
    ).toBeVisible();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
  }
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page).toHaveURL('/me/account/email');
  await expect(page.getByText(`You sign in with ${NEW_EMAIL}`)).toBeVisible();
  await readMail(
    (message) =>
      message.to.includes(email) && message.subject === 'Your Cadre email address was changed',
  );

  // the link works once, and the new address signs in
  await page.goto(new URL(link!).pathname);
  await expect(
    page.getByRole('heading', { name: 'This confirmation link has already been used' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, NEW_EMAIL, NEW_PASSWORD);
  await expect(page.getByRole('link', { name: 'My account' })).toBeVisible();
});
