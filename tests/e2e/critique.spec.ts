import type { Browser, Page } from '@playwright/test';
import { DEMO_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';

// participants 15 and 16 are partners in the demo seed and have no evidence yet
const AUTHOR = { email: demo.participant(15), name: 'Priya Raman' };
const PARTNER = { email: demo.participant(16), name: "Daniel O'Brien" };
const CREDENTIAL = 'Routines That Protect Learning Time';
const CRITERIA = [
  'Routine is clearly defined',
  'Routine was explicitly taught',
  'Impact on learning time',
  'Reflection and next steps',
];

async function person(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function openCohortTab(page: Page, tab: string) {
  await page.goto('/');
  await page.getByRole('link', { name: DEMO_COHORT }).first().click();
  await page
    .getByRole('navigation', { name: 'Cohort sections' })
    .getByRole('link', { name: tab, exact: true })
    .click();
}

async function openOwnEvidence(page: Page) {
  await openCohortTab(page, 'Evidence');
  await page.getByRole('link', { name: `Open your evidence for ${CREDENTIAL}` }).click();
}

async function score(page: Page, attempt: number, results: ('Meets' | 'Not yet')[]) {
  await openCohortTab(page, 'Scoring');
  await page
    .getByRole('list')
    .getByRole('link', { name: `${AUTHOR.name}: ${CREDENTIAL} (attempt ${attempt})` })
    .first()
    .click();
  for (const [index, title] of CRITERIA.entries()) {
    const result = results[index]!;
    await page
      .getByRole('radiogroup', { name: `Result for ${title}` })
      .getByLabel(result, { exact: true })
      .check();
    await page
      .getByLabel(`Feedback on ${title}`)
      .fill(
        result === 'Meets'
          ? 'Clear and specific.'
          : 'Add before-and-after minutes for ten lessons.',
      );
  }
  if (attempt === 1) await expectAccessible(page);
  await page.getByRole('button', { name: 'Save the scores' }).click();
}

test('a participant drafts, is critiqued, submits, gets "not yet", resubmits and earns', async ({
  browser,
}) => {
  // four people and a dozen pages, beside a cohort six weeks into its work
  test.setTimeout(180_000);
  const author = await person(browser, AUTHOR.email);
  await openCohortTab(author, 'Partners');
  await expect(author.getByText(`Your partner is ${PARTNER.name}`)).toBeVisible();

  // A drafts with text, a link and a file
  await openCohortTab(author, 'Evidence');
  await expectAccessible(author);
  await author.getByRole('button', { name: `Start your evidence for ${CREDENTIAL}` }).click();
  await expect(author.getByRole('heading', { name: `${CREDENTIAL} · attempt 1` })).toBeVisible();
  await expect(author.getByText('Keep student names')).toBeVisible();
  const body = author.getByLabel('Your written evidence (Markdown)');
  await body.fill(
    '## The routine\nEntry routine: warm-up from the tray, seated within two minutes.',
  );
  await expect(author.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await author.getByLabel('Web address').fill('https://video.example.org/watch/entry-routine');
  await author.getByLabel('Link label (optional)').fill('Video of the routine');
  await author.getByRole('button', { name: 'Add link' }).click();
  await expect(author.getByRole('link', { name: 'Video of the routine' })).toBeVisible();
  // a file over the limit is refused with a message before it is sent
  await author.getByLabel('File', { exact: true }).setInputFiles({
    name: 'classroom-video.mp4',
    mimeType: 'video/mp4',
    buffer: Buffer.alloc(26_000_000),
  });
  await author.getByRole('button', { name: 'Upload file' }).click();
  await expect(author.getByRole('alert').filter({ hasText: 'larger than 25 MB' })).toBeVisible();
  await author.getByLabel('File', { exact: true }).setInputFiles({
    name: 'transition-tallies.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n'),
  });
  await author.getByRole('button', { name: 'Upload file' }).click();
  await expect(author.getByRole('link', { name: 'transition-tallies.pdf' })).toBeVisible();
  await expectAccessible(author);

  // … and asks B
  await author.getByRole('button', { name: 'Ask your partner for critique' }).click();
  await expect(author.getByText(`${PARTNER.name} was asked for a critique.`)).toBeVisible();

  // B critiques per criterion
  const partner = await person(browser, PARTNER.email);
  await openCohortTab(partner, 'Evidence');
  await partner.getByRole('link', { name: new RegExp(`Critique ${AUTHOR.name}`) }).click();
  await expect(partner.getByText('Entry routine: warm-up from the tray')).toBeVisible();
  for (const title of CRITERIA) {
    const criterion = partner.getByRole('group', { name: title });
    await criterion.getByLabel('What meets the bar').fill(`Strong on ${title.toLowerCase()}.`);
    await criterion.getByLabel('What would strengthen it').fill('Add the numbers.');
  }
  await expectAccessible(partner);
  await partner.getByRole('button', { name: 'Send the critique' }).click();
  await expect(partner.getByText(`Your critique was sent to ${AUTHOR.name}.`)).toBeVisible();

  // A sees it, revises and submits
  await openOwnEvidence(author);
  await expect(author.getByText('Strong on impact on learning time.')).toBeVisible();
  await author
    .getByLabel('Your written evidence (Markdown)')
    .fill(
      '## The routine\nEntry routine: seated within two minutes.\n\n## Data\nSix minutes down to under two.',
    );
  await expect(author.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await author.getByRole('button', { name: 'Submit for scoring' }).click();
  await expect(author.getByText('Submitted. The coach will score it').first()).toBeVisible();

  // the coach marks one criterion "not yet"
  const coach = await person(browser, demo.coach);
  await score(coach, 1, ['Meets', 'Meets', 'Not yet', 'Meets']);
  await expect(coach.getByText(/Not yet: .* can start attempt 2/)).toBeVisible();

  // A resubmits as attempt 2
  await openOwnEvidence(author);
  await expect(author.getByText('Add before-and-after minutes for ten lessons.')).toBeVisible();
  await author.getByRole('button', { name: 'Start attempt 2' }).click();
  await expect(author.getByRole('heading', { name: `${CREDENTIAL} · attempt 2` })).toBeVisible();
  await author.getByRole('button', { name: 'Submit for scoring' }).click();
  await expect(author.getByText('Submitted. The coach will score it').first()).toBeVisible();

  // the coach marks all "meets"
  await score(coach, 2, ['Meets', 'Meets', 'Meets', 'Meets']);
  await expect(coach.getByText(/^Earned: every criterion meets/)).toBeVisible();

  // "earned" everywhere: the submission, the evidence list, notices and the facilitator's grid
  await openOwnEvidence(author);
  await expect(author.getByText('Earned: every criterion meets the bar.')).toBeVisible();
  await openCohortTab(author, 'Evidence');
  await expect(author.getByText('Earned · attempt 2')).toBeVisible();
  await author.getByRole('link', { name: /^Notifications/ }).click();
  await expect(
    author.getByRole('button', { name: new RegExp(`You earned “${CREDENTIAL}”`) }),
  ).toBeVisible();
  await expectAccessible(author);

  const facilitator = await person(browser, demo.facilitator);
  await openCohortTab(facilitator, 'Progress');
  const row = facilitator.getByRole('row', { name: new RegExp(AUTHOR.name) });
  await expect(row.getByRole('link', { name: 'Earned · attempt 2' })).toBeVisible();
  await expectAccessible(facilitator);
});

test('the facilitator sees the partner groups and who is waiting for a critique', async ({
  page,
}) => {
  await signIn(page, demo.facilitator);
  await openCohortTab(page, 'Partners');
  await expect(page.getByRole('heading', { name: 'Partner groups', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Move' })).toBeVisible();
  await expectAccessible(page);
  await openCohortTab(page, 'Evidence');
  // the seed has a request waiting nine days
  await expect(
    page.getByRole('row', { name: /Luis Ortega.*Jamal Whitaker.*9 days/ }),
  ).toBeVisible();
  await expectAccessible(page);
});

test('writing is never lost: two tabs see a conflict, and leaving the page keeps the text', async ({
  browser,
}) => {
  // participant 17 is paired with 18 in the demo seed and has no evidence yet
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, demo.participant(17));
  await openCohortTab(first, 'Evidence');
  await first.getByRole('button', { name: `Start your evidence for ${CREDENTIAL}` }).click();
  await expect(first.getByRole('heading', { name: `${CREDENTIAL} · attempt 1` })).toBeVisible();
  const url = first.url();
  const second = await context.newPage();
  await second.goto(url);

  const saved = (page: Page) => page.getByRole('status').filter({ hasText: /^Saved$/ });
  await first.getByLabel('Your written evidence (Markdown)').fill('Text from the first tab.');
  await expect(saved(first)).toBeVisible();
  await second.getByLabel('Your written evidence (Markdown)').fill('Text from the second tab.');
  const conflict = second.getByRole('alert').filter({ hasText: 'Choose which text to keep' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByText('Text from the first tab.')).toBeAttached();
  await expectAccessible(second);
  await second.getByRole('button', { name: 'Keep my text' }).click();
  await expect(saved(second)).toBeVisible();
  await first.reload();
  await expect(first.getByLabel('Your written evidence (Markdown)')).toHaveValue(
    'Text from the second tab.',
  );

  // typing and leaving at once: the text is sent as the page goes away
  await first.getByLabel('Your written evidence (Markdown)').fill('Written just before leaving.');
  await first.goto('/notifications');
  await first.goto(url);
  await expect(first.getByLabel('Your written evidence (Markdown)')).toHaveValue(
    'Written just before leaving.',
  );
  await context.close();
});

test('the org admin edits a micro-credential’s rubric in a new version, which the running cohort does not see', async ({
  browser,
  page,
}) => {
  const EDITED = 'Proactive Support and De-escalation';
  await signIn(page, demo.admin);
  await openCohortTab(page, 'Evidence');
  await page.getByRole('link', { name: 'Manage micro-credentials' }).click();
  // the editor of the version the cohort runs, which is published and so not edited in place
  await expect(page.getByRole('button', { name: 'Start a new version' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Start a new version' }).click();
  await expect(page.getByRole('button', { name: 'Publish version 2' })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(EDITED) }).click();
  // the demo micro-credential predates the key method, evidence types and "not yet" descriptors
  await page.getByLabel('Key method').fill('Prevent, de-escalate, repair.');
  await page.getByLabel('Written artifact').check();
  // the demo rubric predates "not yet" descriptors, which the editor asks of every criterion
  for (const [index, notYet] of [
    'Names no function.',
    'Corrects more than it praises.',
    'Raises the temperature.',
    'Describes without reflecting.',
  ].entries()) {
    await page
      .getByRole('group', { name: `Criterion ${index + 1}` })
      .getByLabel('Not yet')
      .fill(notYet);
  }
  const added = page.getByRole('group', { name: 'Criterion 5' });
  await added.getByLabel('Criterion', { exact: true }).fill('Partnering with families');
  await added
    .getByLabel('Meets', { exact: true })
    .fill('Plans the next step of support together with the family.');
  await added.getByLabel('Not yet').fill('Families hear about it afterwards.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save the micro-credential' }).click();
  await expect(page.getByText('The micro-credential is saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish version 2' }).click();
  await expect(page.getByText('Version 2 is published.')).toBeVisible();

  // the catalog shows the published version's rubric
  await page.goto('/catalog?q=De-escalation');
  await page.getByRole('link', { name: EDITED }).first().click();
  await expect(page.getByText('Partnering with families')).toBeVisible();

  // the demo cohort runs version 1: its participants keep the rubric they started with
  const participant = await person(browser, demo.participant(12));
  await openCohortTab(participant, 'Evidence');
  await participant.getByRole('button', { name: `Start your evidence for ${EDITED}` }).click();
  const required = participant.getByRole('complementary', { name: 'What is required' });
  await expect(required.getByText('Calm, respectful response')).toBeVisible();
  await expect(required.getByText('Partnering with families')).toHaveCount(0);
});
