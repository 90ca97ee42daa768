import type { Page } from '@playwright/test';
import {
  DEMO_COHORT,
  SHARING_COHORT,
  demo,
  expect,
  expectAccessible,
  signIn,
  test,
} from './fixtures';

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('a facilitator picks a coach with the keyboard alone, on a new cohort and in its settings', async ({
  page,
}) => {
  await signIn(page, demo.facilitator);
  await page.goto('/cohorts/new');
  const name = `Keyboard Cohort ${Date.now()}`;
  await page.getByLabel('Cohort name').fill(name);

  const coach = page.getByRole('combobox', { name: 'Coach' });
  await coach.focus();
  await page.keyboard.type('lena');
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByRole('option', { name: /Lena Okafor/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /1 coach found/ })).toBeAttached();
  await expectAccessible(page);
  await page.keyboard.press('ArrowDown');
  await expect(coach).toHaveAttribute('aria-activedescendant', /.+/);
  await page.keyboard.press('Enter');
  await expect(coach).toHaveValue('Lena Okafor');
  await expect(listbox).toBeHidden();
  // the menu is closed, so Enter now sends the form
  await page.keyboard.press('Enter');
  await expect(page.getByText('The cohort is created')).toBeVisible();

  await page.goto(`${new URL(page.url()).pathname}/settings`);
  await expect(coach).toHaveValue('Lena Okafor');
  await coach.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Pri');
  await expect(listbox.getByRole('option', { name: /Priya Raman/ })).toBeVisible();
  // Escape closes the list and keeps the typing; ArrowDown opens it again
  await page.keyboard.press('Escape');
  await expect(listbox).toBeHidden();
  await page.keyboard.press('ArrowDown');
  await expect(listbox.getByRole('option', { name: /Priya Raman/ })).toBeVisible();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(coach).toHaveValue('Priya Raman');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(coach).toHaveValue('Priya Raman');

  await page.setViewportSize({ width: 390, height: 844 });
  await coach.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('o');
  await expect(listbox.getByRole('option').first()).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: '/tmp/pickers/coach-picker-390.png', fullPage: false });
});

test('an org admin finds a cohort through the switcher', async ({ page }) => {
  await signIn(page, demo.admin);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await page.getByText('Your cohorts', { exact: true }).first().click();
    const finder = page.getByRole('combobox', { name: 'Find a cohort' });
    await finder.focus();
    // the whole prefix: other tests create cohorts whose names also start with a season
    await page.keyboard.type(SHARING_COHORT.split(' — ')[0]!.toLowerCase());
    const option = page.getByRole('option', { name: SHARING_COHORT });
    await expect(option).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: `/tmp/pickers/switcher-${width}.png` });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/cohorts\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: SHARING_COHORT })).toBeVisible();
  }
});

test('the home page searches and pages the organization’s cohorts', async ({ page }) => {
  await signIn(page, demo.admin);
  const term = DEMO_COHORT.split(' — ')[0]!.toLowerCase();
  await page.getByRole('searchbox', { name: 'Search cohorts' }).fill(term);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/\?q=/);
  expect(new URL(page.url()).searchParams.get('q')).toBe(term);
  await expect(page.getByRole('link', { name: DEMO_COHORT })).toBeVisible();
  await expect(page.getByRole('link', { name: SHARING_COHORT })).toHaveCount(0);
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
});
