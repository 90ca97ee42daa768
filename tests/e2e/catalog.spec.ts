import type { Browser, Page } from '@playwright/test';
import { DEMO_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';

const ETHICS = 'Elevating the Profession Through Educator Ethics';

async function person(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function expectFitsAndAccessible(page: Page) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a teacher filters the catalog to no classroom data, finds Story of Self and asks to join', async ({
  page,
}) => {
  await signIn(page, demo.participant(6));
  await page.getByRole('link', { name: 'Catalog', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Catalog', level: 1 })).toBeVisible();
  await expectFitsAndAccessible(page);
  await page.getByLabel('Classroom or student data').selectOption('none');
  await page.getByRole('button', { name: 'Show matches' }).click();
  await expect(page.getByRole('heading', { name: 'Micro-credentials (25)' })).toBeVisible();
  await page.getByRole('link', { name: 'Story of Self' }).click();
  await expect(page.getByRole('heading', { name: 'Story of Self', level: 1 })).toBeVisible();
  await expect(page.getByText('Photo essay', { exact: true })).toBeVisible();
  await expectFitsAndAccessible(page);

  await page.getByRole('link', { name: 'See the stack and join a cohort' }).click();
  await expect(
    page.getByRole('heading', { name: 'Leadership in Organizing', level: 1 }),
  ).toBeVisible();
  await expectFitsAndAccessible(page);
  await page
    .getByLabel('Anything the facilitator should know (optional)')
    .fill('Two of us from the same building.');
  await page.getByRole('button', { name: 'Ask to join the next cohort' }).click();
  await expect(page.getByText('You asked to join the next cohort.').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ask to join the next cohort' })).toHaveCount(0);
  // a teacher does not start cohorts
  await expect(page.getByRole('link', { name: 'Start a cohort from this stack' })).toHaveCount(0);
});

test('a facilitator starts a cohort from a stack in the catalog', async ({ page }) => {
  const name = `Ethics cohort ${Date.now()}`;
  await signIn(page, demo.facilitator);
  await page.goto('/catalog');
  await page.getByLabel('Topic').selectOption('Educator Self-Care');
  await page.getByRole('button', { name: 'Show matches' }).click();
  await page.getByRole('link', { name: ETHICS }).first().click();
  await expect(page.getByRole('heading', { name: ETHICS, level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Outcomes' })).toBeVisible();
  await expect(page.getByText('Approx', { exact: false })).toHaveCount(0);
  await expect(page.getByText('About 15 per micro-credential')).toBeVisible();
  await page.getByRole('link', { name: 'Start a cohort from this stack' }).click();
  await expect(page.getByRole('heading', { name: 'New cohort' })).toBeVisible();
  await expect(page.getByLabel('Program')).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel('Program').locator('option:checked')).toHaveText(ETHICS);
  await page.getByLabel('Cohort name').fill(name);
  await page.getByLabel('Starts on').fill('2027-09-06');
  await page.getByLabel('Ends on').fill('2027-12-17');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(ETHICS).first()).toBeVisible();
});

test('a non-member’s submission waits for the fee and reaches the coach once it is paid', async ({
  browser,
}) => {
  const CREDENTIAL = 'Relationships and Classroom Community';
  // participant 18 is not a member of the demo association
  const author = await person(browser, demo.participant(18));
  await author.goto('/');
  await author.getByRole('link', { name: DEMO_COHORT }).first().click();
  await author
    .getByRole('navigation', { name: 'Cohort sections' })
    .getByRole('link', { name: 'Evidence', exact: true })
    .click();
  await author.getByRole('button', { name: `Start your evidence for ${CREDENTIAL}` }).click();
  await expect(author.getByRole('heading', { name: `${CREDENTIAL} · attempt 1` })).toBeVisible();
  await author
    .getByLabel('Your written evidence (Markdown)')
    .fill('## Practice\nTwo-by-ten conversations with six students for four weeks.');
  await expect(author.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const evidenceUrl = author.url();

  // the partner is away: the facilitator waives the critique
  const facilitator = await person(browser, demo.facilitator);
  await facilitator.goto(evidenceUrl);
  await facilitator.getByLabel('Reason').fill('Partner on leave until June.');
  await facilitator.getByRole('button', { name: 'Waive the critique' }).click();
  await expect(facilitator.getByText(/may now submit without a partner critique/)).toBeVisible();

  // the author sees the fee before confirming
  await author.reload();
  await expect(author.getByText('$125.00').first()).toBeVisible();
  await expectFitsAndAccessible(author);
  await author.getByLabel('I understand I owe the $125.00 scoring fee').check();
  await author.getByRole('button', { name: 'Submit for scoring' }).click();
  await expect(
    author.getByText(/records your \$125\.00 scoring fee as paid/).first(),
  ).toBeVisible();
  await expect(author.getByText('Fee due', { exact: true })).toBeVisible();

  // the coach's queue does not offer it
  const coach = await person(browser, demo.coach);
  const cohortPath = new URL(evidenceUrl).pathname.split('/evidence/')[0]!;
  await coach.goto(`${cohortPath}/scoring`);
  await expect(
    coach.getByText(/1 more submission waits for a non-member’s scoring fee/),
  ).toBeVisible();
  await expect(coach.getByRole('link', { name: new RegExp(CREDENTIAL) })).toHaveCount(0);

  // the org admin records it as paid, after a refused empty receipt
  const admin = await person(browser, demo.admin);
  await admin.goto('/admin/fees');
  await expect(admin.getByRole('heading', { name: 'Scoring fees', level: 1 })).toBeVisible();
  await expectFitsAndAccessible(admin);
  await admin
    .getByRole('link', { name: /^Record for / })
    .first()
    .click();
  await expectFitsAndAccessible(admin);
  await admin.getByRole('button', { name: 'Record as paid' }).click();
  await expect(admin.getByText('Enter the receipt or payment reference.')).toBeVisible();
  await admin.getByLabel('Receipt or payment reference').fill('Check 1042');
  await admin.getByRole('button', { name: 'Record as paid' }).click();
  await expect(admin.getByText(/fee is recorded as paid/)).toBeVisible();

  await coach.reload();
  const entry = coach.getByRole('listitem').filter({ hasText: CREDENTIAL });
  await expect(entry).toContainText('Fee paid');
  await expect(entry.getByRole('link', { name: new RegExp(CREDENTIAL) })).toBeVisible();
  await expectAccessible(coach);
});
