import type { Page } from '@playwright/test';
import { solidPng } from '../fixtures/images';
import { demo, expect, expectAccessible, signIn, test } from './fixtures';

async function expectNoOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

async function checkAtBothWidths(page: Page) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    await expectNoOverflow(page);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const FIELDS = [
  'Short name (optional)',
  'Support email (optional)',
  'Scoring fee for non-members, in dollars',
] as const;

test('the org admin edits the settings, uploads a logo that appears in the header, and reads the integrations', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, demo.admin);
  await page.getByRole('link', { name: 'Organization', exact: true }).click();
  await expect(page).toHaveURL('/admin/organization');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Organization settings' }),
  ).toBeVisible();
  await checkAtBothWidths(page);

  // the demo organization is shared with other browser tests: put back what this one changes
  const original: Record<string, string> = {};
  for (const label of FIELDS) original[label] = await page.getByLabel(label).inputValue();

  // a negative fee is refused with a field error, and nothing is saved
  await page.getByLabel('Short name (optional)').fill('KEA');
  await page.getByLabel('Support email (optional)').fill('help@kea.test');
  await page.getByLabel('Scoring fee for non-members, in dollars').fill('-5');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const fee = page.getByLabel('Scoring fee for non-members, in dollars');
  await expect(page.getByText('The fee cannot be negative.')).toBeVisible();
  await expect(fee).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('banner').getByText('KEA')).toHaveCount(0);
  await checkAtBothWidths(page);

  await fee.fill('99.50');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('The organization settings are saved.')).toBeVisible();
  await expect(page.getByLabel('Scoring fee for non-members, in dollars')).toHaveValue('99.50');
  await expect(page.getByRole('banner').getByText('KEA', { exact: true })).toBeVisible();

  // the logo: uploaded, then shown at the top of every page
  const logoCard = page.getByRole('region', { name: 'Logo' });
  await logoCard.getByLabel('Choose an image').setInputFiles({
    name: 'kea-logo.png',
    mimeType: 'image/png',
    buffer: solidPng(120, 40, [15, 94, 110]),
  });
  await logoCard.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByText('The new logo is in place.')).toBeVisible();
  const headerLogo = page.getByRole('banner').getByRole('img', { name: /logo/ });
  await expect(headerLogo).toBeVisible();
  await expect
    .poll(() => headerLogo.evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBe(120);
  await checkAtBothWidths(page);

  await page.goto('/');
  await expect(page.getByRole('banner').getByRole('img', { name: /logo/ })).toBeVisible();

  // what is connected, in plain words
  await page.goto('/admin/organization');
  await page
    .getByRole('navigation', { name: 'Organization pages' })
    .getByRole('link', { name: 'Integrations' })
    .click();
  await expect(page).toHaveURL('/admin/integrations');
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
  const zoomApi = page.getByRole('region', { name: 'Zoom meetings and reports' });
  await expect(zoomApi.getByText('Not connected')).toBeVisible();
  await expect(zoomApi.getByText('ZOOM_ACCOUNT_ID')).toBeVisible();
  // the browser tests run with a Meeting SDK app and mail through the catcher
  await expect(
    page.getByRole('region', { name: 'Zoom inside Cadre' }).getByText('Connected', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Email' }).getByText('Connected', { exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Single sign-on' })).toContainText('Not set up');
  await checkAtBothWidths(page);

  // put the organization back: the logo removed (after confirming), the fields as they were
  await page.goto('/admin/organization');
  await logoCard.getByRole('link', { name: 'Remove…' }).click();
  await expect(page.getByText('Remove the logo?')).toBeVisible();
  await page.getByRole('button', { name: 'Remove the logo' }).click();
  await expect(page.getByText('The logo was removed.')).toBeVisible();
  await expect(page.getByRole('banner').getByRole('img')).toHaveCount(0);
  for (const label of FIELDS) await page.getByLabel(label).fill(original[label]!);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('The organization settings are saved.')).toBeVisible();
});

test('a participant has no organization link and is refused the pages', async ({ page }) => {
  await signIn(page, demo.participant(3));
  await expect(page.getByRole('link', { name: 'Organization', exact: true })).toHaveCount(0);
  for (const path of ['/admin/organization', '/admin/integrations']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(
      page.getByRole('heading', { name: 'You do not have access to this page' }),
    ).toBeVisible();
  }
});
