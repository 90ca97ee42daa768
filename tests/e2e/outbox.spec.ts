import { demo, expect, expectAccessible, signIn, test } from './fixtures';

test('the org admin opens the outbox from the header and it is accessible', async ({ page }) => {
  await signIn(page, demo.admin);
  await page.getByRole('link', { name: 'Outbox' }).click();
  await expect(page).toHaveURL('/admin/outbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  // the browser tests send through the mail catcher, so the page says mail is delivered
  await expect(page.getByText('delivered through your mail server')).toBeVisible();
  await expectAccessible(page);
});

test('a participant has no outbox link and is refused the page', async ({ page }) => {
  await signIn(page, demo.participant(2));
  await expect(page.getByRole('link', { name: 'Outbox' })).toHaveCount(0);
  const response = await page.goto('/admin/outbox');
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole('heading', { name: 'You do not have access to this page' }),
  ).toBeVisible();
});
