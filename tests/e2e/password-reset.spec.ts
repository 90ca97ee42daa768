import { demo, expect, expectAccessible, test } from './fixtures';
import { readMail } from './mail';

const NEW_PASSWORD = 'a new password for the spring';

// participant 18 appears in no other browser test, so changing its password disturbs nobody
test('a participant who forgot her password gets a link by email and signs in with a new one', async ({
  page,
}) => {
  const email = demo.participant(18);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
    await expectAccessible(page);
  }

  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses that address');

  // other tests may mail this participant too (notices, reminders): take the reset email
  const mail = await readMail(
    (message) => message.to.includes(email) && message.text.includes('/reset-password/'),
  );
  const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Choose a password').fill(NEW_PASSWORD);
  await page.getByLabel('Type it again').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: /password/i }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toContainText(
    'Your password is changed',
  );

  // the link works once
  await page.goto(new URL(link!).pathname);
  await expect(
    page.getByRole('heading', { name: 'This reset link has already been used' }),
  ).toBeVisible();
  await expectAccessible(page);
});
