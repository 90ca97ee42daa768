import { DEMO_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';
import { readMail } from './mail';

test('a facilitator creates a cohort and invites educators; an invitee joins through the emailed link', async ({
  page,
  browser,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const cohortName = `Fall cohort ${run}`;
  const addresses = Array.from(
    { length: 19 },
    (_, index) => `teacher${index + 1}.${run}@district.test`,
  );

  await signIn(page, demo.facilitator);
  await page.getByRole('link', { name: 'New cohort' }).click();
  await expectAccessible(page);
  await page.getByLabel('Cohort name').fill(cohortName);
  await page.getByLabel('Starts on').fill('2027-09-06');
  await page.getByLabel('Ends on').fill('2027-12-17');
  const coach = page.getByRole('combobox', { name: 'Coach' });
  await coach.focus();
  await page.keyboard.type('lena');
  await expect(
    page.getByRole('listbox').getByRole('option', { name: /Lena Okafor/ }),
  ).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(coach).toHaveValue('Lena Okafor');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('The cohort is created');

  await page.getByRole('link', { name: 'Invite', exact: true }).click();
  const pasted = [
    ...addresses.slice(0, 10),
    'not-an-address',
    addresses[3],
    ...addresses.slice(10),
  ];
  expect(pasted).toHaveLength(21);
  await page.getByLabel('Addresses, one per line or separated by commas').fill(pasted.join('\n'));
  await page.getByRole('button', { name: 'Preview' }).first().click();

  const preview = page.getByRole('table');
  await expect(page.getByRole('heading', { name: 'Check the list before sending' })).toBeVisible();
  await expect(preview.getByRole('row').filter({ hasText: 'Invalid email' })).toHaveCount(1);
  await expect(preview.getByRole('row').filter({ hasText: 'not-an-address' })).toContainText(
    'Invalid email',
  );
  const duplicate = preview.getByRole('row').filter({ hasText: 'Duplicate in the list' });
  await expect(duplicate).toHaveCount(1);
  await expect(duplicate).toContainText(addresses[3]!);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Send 19 invitations' }).click();
  await expect(page.getByRole('status')).toContainText('Sent 19 invitations');
  await expect(page.getByRole('row').filter({ hasText: addresses[0]! })).toContainText('Invited');
  await expectAccessible(page);

  // the invitee's side: the email arrives over SMTP with a single-use link
  const mail = await readMail(
    (message) => message.to.includes(addresses[0]!) && message.subject.includes(cohortName),
  );
  const link = /https?:\/\/[^\s]+\/invitations\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();

  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link!);
  await expect(inviteePage.getByRole('heading', { name: `Join ${cohortName}` })).toBeVisible();
  await expectAccessible(inviteePage);
  await inviteePage.getByLabel('Your name').fill('Rosa Delgado-Pérez');
  await inviteePage.getByLabel('Choose a password').fill('plans for the first week');
  await inviteePage.getByLabel('Type it again').fill('plans for the first week');
  await inviteePage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(inviteePage.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
  await expect(inviteePage.getByRole('status')).toContainText(`Welcome to ${cohortName}`);

  // the link works once
  await inviteePage.goto(link!);
  await expect(
    inviteePage.getByRole('heading', { name: 'This invitation has already been used' }),
  ).toBeVisible();
  await invitee.close();

  // and the facilitator's roster shows them active
  await page.getByRole('link', { name: 'Roster', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: 'Rosa Delgado-Pérez' });
  await expect(row).toContainText('Active');
  await expect(page.getByText(/1 active · 18 invited/)).toBeVisible();
});

test('withdrawing a member asks for confirmation first', async ({ page }) => {
  await signIn(page, demo.facilitator);
  await page.getByRole('link', { name: DEMO_COHORT }).click();
  await page.getByRole('link', { name: 'Roster', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: 'participant18@demo.cadre.test' });
  await row.getByRole('link', { name: /Withdraw/ }).click();
  const confirm = page.getByRole('region', { name: /Withdraw .+\?/ });
  await expect(confirm).toContainText('Everything they wrote is kept');
  await expectAccessible(page);
  await confirm.getByRole('link', { name: 'Cancel' }).click();
  await expect(
    page.getByRole('row').filter({ hasText: 'participant18@demo.cadre.test' }),
  ).toContainText('Active');
});
