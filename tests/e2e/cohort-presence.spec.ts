import { DEMO_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';

test('a participant sees another participant come online and leave, without reloading', async ({
  browser,
}) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const firstPage = await first.newPage();
  const secondPage = await second.newPage();

  await signIn(firstPage, demo.participant(4));
  await firstPage.getByRole('link', { name: DEMO_COHORT }).click();
  const online = firstPage.getByRole('region', { name: 'Online now' });
  await expect(online).toContainText('Live');
  const secondName = await (async () => {
    await signIn(secondPage, demo.participant(5));
    const header = await secondPage.locator('.site-header__name').innerText();
    return header.trim();
  })();
  await expect(online.getByText(secondName)).toHaveCount(0);

  await secondPage.getByRole('link', { name: DEMO_COHORT }).click();
  await expect(online.getByText(secondName)).toBeVisible();
  // the roster marks them online for screen readers too
  await expect(firstPage.getByRole('region', { name: 'Who is in the cohort' })).toContainText(
    `${secondName} (online)`,
  );

  await secondPage.close();
  await expect(online.getByText(secondName)).toHaveCount(0);

  await expectAccessible(firstPage);
  await first.close();
  await second.close();
});

test('the cohort switcher in the header moves between cohorts by keyboard', async ({ page }) => {
  await signIn(page, demo.coach);
  const switcher = page.locator('summary', { hasText: 'Your cohorts' });
  await switcher.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('navigation', { name: 'Switch cohort' });
  await expect(menu).toBeVisible();
  await menu.getByRole('link', { name: new RegExp(DEMO_COHORT) }).click();
  await expect(page.getByRole('heading', { level: 1, name: DEMO_COHORT })).toBeVisible();
  await expect(page.locator('summary')).toContainText('Coach');
  await expectAccessible(page);
});
