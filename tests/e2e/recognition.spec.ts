import { demo, DEMO_COHORT, expect, expectAccessible, signIn, test } from './fixtures';

test('a participant reads their transcript and shares their credential', async ({
  page,
  browser,
}) => {
  await signIn(page, demo.participant(1));
  await page.getByRole('link', { name: 'My transcript' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My transcript' })).toBeVisible();
  await expect(page.getByText('5 hours of professional learning')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download PDF' })).toHaveAttribute(
    'href',
    '/me/transcript.pdf',
  );
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Routines That Protect Learning Time' }).click();
  await expect(page.getByText('Signature verified')).toBeVisible();
  await expect(page.getByText('Not revoked')).toBeVisible();
  await expectAccessible(page);
  const credentialUrl = page.url();

  // the demo earner shares publicly; stopping hides their name from everyone else
  await page.getByRole('button', { name: 'Stop sharing publicly' }).click();
  await expect(page.getByText('no longer shows your name')).toBeVisible();
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(credentialUrl);
  await expect(visitor.getByText('Signature verified')).toBeVisible();
  await expect(visitor.getByText('Maria Delgado')).toHaveCount(0);
  await expect(visitor.getByText('has not chosen to share')).toBeVisible();
  await expectAccessible(visitor);

  await page.getByRole('button', { name: 'Share publicly' }).click();
  await expect(page.getByText('now show on the public page')).toBeVisible();
  await visitor.reload();
  await expect(visitor.getByText(/to Maria Delgado/)).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'Routine plan' })).toBeVisible();
  await visitorContext.close();
});

test('a facilitator adjusts hours with a reason and reverses the adjustment', async ({ page }) => {
  await signIn(page, demo.facilitator);
  await page.goto('/');
  await page.getByRole('link', { name: DEMO_COHORT }).first().click();
  await page
    .getByRole('navigation', { name: 'Cohort sections' })
    .getByRole('link', { name: 'Hours' })
    .click();
  await expect(page.getByRole('heading', { name: 'Professional-learning hours' })).toBeVisible();
  await expectAccessible(page);

  await page
    .getByRole('combobox', { name: 'Participant' })
    .selectOption({ label: 'Keisha Robinson' });
  await page.getByRole('spinbutton', { name: 'Hours' }).fill('1.5');
  await page
    .getByRole('textbox', { name: 'Reason' })
    .fill('Led the family-night workshop on routines');
  await page.getByRole('button', { name: 'Add adjustment' }).click();
  await expect(page.getByText('Added 1.50 hours for Keisha Robinson.')).toBeVisible();
  const ledger = page.getByRole('table', { name: 'Every hours entry, newest first' });
  await expect(ledger.getByText('Led the family-night workshop on routines')).toBeVisible();

  await page.getByRole('link', { name: 'Reverse +1.50 hours for Keisha Robinson' }).click();
  await expect(page.getByRole('heading', { name: /Reverse \+1\.50 hours/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Why is it reversed?').fill('Entered for the wrong person');
  await page.getByRole('button', { name: 'Reverse entry' }).click();
  await expect(page.getByText('Reversed the entry for Keisha Robinson')).toBeVisible();
  await expect(ledger.getByText('Entered for the wrong person')).toBeVisible();
});

test('an org admin exports hours and revokes a credential with a reason', async ({ page }) => {
  await signIn(page, demo.admin);
  await page.getByRole('link', { name: 'Hours export' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hours export' })).toBeVisible();
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^hours-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
  );

  await page.goto('/');
  await page.getByRole('link', { name: DEMO_COHORT }).first().click();
  await page
    .getByRole('navigation', { name: 'Cohort sections' })
    .getByRole('link', { name: 'Hours' })
    .click();
  await page.getByRole('link', { name: 'Rebecca Stoltzfus', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Transcript: Rebecca Stoltzfus' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Routines That Protect Learning Time' }).click();
  await page.getByRole('link', { name: 'Revoke…' }).click();
  await expect(page.getByRole('heading', { name: 'Revoke this credential?' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Reason').fill('Evidence belonged to another teacher');
  await page.getByRole('button', { name: 'Revoke credential' }).click();
  await expect(page.getByText('The credential is revoked.')).toBeVisible();
  await expect(page.getByText('Revoked on')).toBeVisible();
  await expect(page.getByText('Evidence belonged to another teacher')).toBeVisible();
});

test('a participant takes their transcript away as a signed learner record', async ({
  page,
  browser,
}) => {
  await signIn(page, demo.participant(2));
  await page.getByRole('link', { name: 'My transcript' }).click();
  await page.getByRole('button', { name: 'Signed learner record (CLR)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Learner record of / })).toBeVisible();
  await expect(page.getByText('Signature verified')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Signed JWT' })).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
  }
  const recordUrl = page.url();
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(recordUrl);
  await expect(visitor.getByText('Signature verified')).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'Signed JWT' })).toHaveCount(0);
  await expectAccessible(visitor);
  await visitorContext.close();
});
