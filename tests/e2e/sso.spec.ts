import type { Page } from '@playwright/test';
import { demo, expect, expectAccessible, signIn, test } from './fixtures';

const ISSUER = `http://127.0.0.1:${process.env.OIDC_PROVIDER_PORT ?? 4330}`;
// participant 12 (Tyler Brennan in the demo data) appears in no other browser test
const PARTICIPANT = demo.participant(12);

async function expectFitsAndAccessible(page: Page, check: () => Promise<void>) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await check();
    await expectAccessible(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `no horizontal scrolling at ${width} px`).toBeLessThanOrEqual(0);
  }
}

test('an org admin connects an OpenID provider and a participant signs in through it', async ({
  page,
  browser,
}) => {
  await signIn(page, demo.admin);
  await page.goto('/admin/sign-in');
  await expectFitsAndAccessible(page, () =>
    expect(page.getByRole('heading', { name: 'Sign-in', exact: true })).toBeVisible(),
  );
  await expect(page.getByText('No providers yet.')).toBeVisible();

  const add = page.getByRole('region', { name: 'Add a provider' });
  await add.getByLabel('Provider').selectOption({ label: 'Another OpenID Connect provider' });
  await add.getByLabel('Name on the button').fill('Three Rivers ID');
  await add.getByLabel('Issuer URL').fill(ISSUER);
  await add.getByLabel('Client id').fill('cadre-e2e');
  await add.getByLabel('Client secret').fill('cadre-e2e-secret');
  await add.getByLabel('Allowed email domains').fill('demo.cadre.test');
  await add.getByLabel(/Turned on/).check();
  await add.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByRole('status').first()).toContainText(
    'Three Rivers ID is saved and turned on.',
  );
  await expectFitsAndAccessible(page, () =>
    expect(page.getByRole('heading', { name: /Three Rivers ID/ })).toBeVisible(),
  );
  await expect(page.getByText('cadre-e2e-secret')).toHaveCount(0);

  // the participant, in a browser of her own, starts from the ordinary sign-in page
  const context = await browser.newContext();
  const participant = await context.newPage();
  await participant.goto('/login');
  await participant
    .getByRole('link', { name: /Sign in with your school or district account/ })
    .click();
  await expectFitsAndAccessible(participant, () =>
    expect(
      participant.getByRole('heading', { name: 'Sign in with your organization' }),
    ).toBeVisible(),
  );
  await participant.getByLabel('Work email').fill(PARTICIPANT);
  await participant.getByRole('button', { name: 'Continue' }).click();

  // at the provider: its own sign-in page, with the address carried over
  await expect(participant).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
  await expect(participant.getByLabel('Email')).toHaveValue(PARTICIPANT);
  await participant.getByRole('button', { name: 'Sign in' }).click();

  await expect(participant).toHaveURL(/localhost:\d+\/$/);
  // signed in as herself: her name in the header
  await expect(participant.getByRole('banner').getByText('Tyler Brennan')).toBeVisible();
  await expect(participant.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await context.close();

  // the organization's own sign-in page shows its button
  const visitor = await browser.newContext();
  const orgPage = await visitor.newPage();
  await orgPage.goto('/login?org=three-rivers-ea');
  await expectFitsAndAccessible(orgPage, () =>
    expect(orgPage.getByRole('button', { name: 'Sign in with Three Rivers ID' })).toBeVisible(),
  );
  // a sign-in answer that arrives out of the blue is refused with a page that says why
  await orgPage.goto('/sso/callback?code=made-up&state=made-up');
  await expectFitsAndAccessible(orgPage, () =>
    expect(orgPage.getByRole('heading', { name: 'This sign-in has expired' })).toBeVisible(),
  );
  await visitor.close();
});
