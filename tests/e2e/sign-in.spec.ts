import { DEMO_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';

test('the sign-in page lists the demo accounts and is accessible', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in to Cadre' })).toBeVisible();
  const demoBox = page.getByRole('complementary', { name: 'Demo accounts' });
  await expect(demoBox).toContainText('cadre-demo-2026');
  await expect(demoBox).toContainText(demo.facilitator);
  await expectAccessible(page);
});

const roles = [
  { label: 'Org admin', email: demo.admin, badge: 'Org admin', name: 'Denise' },
  { label: 'Facilitator', email: demo.facilitator, badge: 'Facilitator', name: 'Marcus' },
  { label: 'Coach', email: demo.coach, badge: 'Coach', name: 'Lena' },
  { label: 'Participant', email: demo.participant(1), badge: 'Participant', name: '' },
];

for (const role of roles) {
  test(`the ${role.label.toLowerCase()} signs in and sees their cohort with their role`, async ({
    page,
  }) => {
    await signIn(page, role.email);
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Welcome, ${role.name}`);
    // the cohort's card, not a to-do item that names the cohort
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: DEMO_COHORT }) });
    await expect(card).toBeVisible();
    await expect(card).toContainText(role.badge);
    await expect(card).toContainText('18 of 20');
    await expectAccessible(page);
  });
}

test('a wrong password gets a clear error and keeps the email', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(demo.coach);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('That email and password do not match');
  await expect(page.getByLabel('Email')).toHaveValue(demo.coach);
  await expectAccessible(page);
});

test('a deep link survives signing in, and signing out ends the session', async ({ page }) => {
  await signIn(page, demo.facilitator);
  await page.getByRole('link', { name: DEMO_COHORT }).click();
  await expect(page).toHaveURL(/\/cohorts\/[0-9a-f-]{36}$/);
  const cohortUrl = page.url();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto(cohortUrl);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await page.getByLabel('Email').fill(demo.facilitator);
  await page.getByLabel('Password').fill('cadre-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(cohortUrl);
  await expect(page.getByRole('heading', { level: 1, name: DEMO_COHORT })).toBeVisible();
});

test('an unknown address shows the app’s own 404 page', async ({ page }) => {
  await signIn(page, demo.participant(3));
  const response = await page.goto('/cohorts/00000000-0000-4000-8000-000000000000');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to your cohorts' })).toBeVisible();
  await expectAccessible(page);
});
