import type { Browser, Page } from '@playwright/test';
import { FORMING_COHORT, demo, expect, expectAccessible, signIn, test } from './fixtures';

async function openCohortTab(page: Page, tab: string) {
  await page.getByRole('link', { name: FORMING_COHORT }).first().click();
  await page.getByRole('link', { name: tab, exact: true }).click();
}

/**
 * One participant answers every question, picking option `choice` where there is one.
 * With `refreshAt`, they reload that question after its answer is saved and check it is still there.
 */
/** how many Tab presses each question cost the keyboard participant to reach an answer */
const tabPresses: number[] = [];

async function takeAssessment(
  browser: Browser,
  index: number,
  options: {
    choice: number;
    refreshAt?: number;
    checkAccessibility?: boolean;
    /** answer with the keyboard alone, counting the Tab presses each question costs */
    keyboard?: boolean;
  },
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demo.alumnus(index));
  await openCohortTab(page, 'Assessment');
  await page.getByRole('link', { name: 'Start the pre-assessment' }).click();

  for (let number = 1; ; number += 1) {
    await expect(
      page.getByRole('heading', { name: new RegExp(`^Question ${number} of`) }),
    ).toBeVisible();
    const text = page.getByRole('textbox');
    const saved = page.getByText(/^Saved /);
    if (options.keyboard) {
      // from the moment the question appears, Tab until an answer has focus
      let presses = 0;
      const onAnswer = () =>
        page.evaluate(() => {
          const active = document.activeElement;
          return (
            active instanceof HTMLTextAreaElement ||
            (active instanceof HTMLInputElement && ['radio', 'checkbox'].includes(active.type))
          );
        });
      while (!(await onAnswer()) && presses < 20) {
        await page.keyboard.press('Tab');
        presses += 1;
      }
      tabPresses.push(presses);
      if ((await text.count()) > 0) {
        await page.keyboard.type(`Participant ${index}: morning circle and greeting at the door.`);
      } else {
        await page.keyboard.press('Space');
      }
    } else if ((await text.count()) > 0) {
      await text.fill(`Participant ${index}: morning circle and greeting at the door.`);
    } else if ((await page.getByRole('checkbox').count()) > 0) {
      await page.getByRole('checkbox').nth(options.choice).check();
    } else {
      await page.getByRole('radio').nth(options.choice).check();
    }
    // the answer is saved as they go, before they move on
    await expect(saved).toBeVisible();
    if (options.checkAccessibility && number === 1) await expectAccessible(page);

    if (number === options.refreshAt) {
      await page.reload();
      await expect(saved).toBeVisible();
      if ((await text.count()) > 0) await expect(text).not.toHaveValue('');
      else if ((await page.getByRole('checkbox').count()) > 0) {
        await expect(page.getByRole('checkbox').nth(options.choice)).toBeChecked();
      } else await expect(page.getByRole('radio').nth(options.choice)).toBeChecked();
    }

    const next = page.getByRole('button', { name: 'Save and continue' });
    if ((await next.count()) === 0) {
      await page.getByRole('button', { name: 'Save and review' }).click();
      break;
    }
    await next.click();
  }

  await expect(page.getByRole('heading', { name: 'Review your answers' })).toBeVisible();
  await expect(page.getByText('Not answered')).toHaveCount(0);
  await page.getByRole('button', { name: 'Submit the pre-assessment' }).click();
  await expect(page.getByRole('heading', { name: 'Your competency profile' })).toBeVisible();
  if (options.checkAccessibility) await expectAccessible(page);
  await context.close();
}

// the next cohort, still forming, whose three members take the pre-assessment once it opens
test('participants take the pre-assessment, the coach builds a pathway from it, and the facilitator sees progress', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);

  await signIn(page, demo.facilitator);
  await page.getByRole('link', { name: FORMING_COHORT }).first().click();
  await page.getByRole('button', { name: 'Open the pre-assessment' }).click();
  await expect(page.getByText('The cohort moved to Pre-assessment.')).toBeVisible();

  await Promise.all([
    takeAssessment(browser, 1, { choice: 0, checkAccessibility: true, keyboard: true }),
    takeAssessment(browser, 2, { choice: 1, refreshAt: 7 }),
    takeAssessment(browser, 3, { choice: 2 }),
  ]);
  // focus lands on each question, so an answer is at most three Tab presses away
  console.log(
    `pre-assessment by keyboard: ${tabPresses.length} questions, ${tabPresses.reduce((sum, n) => sum + n, 0)} Tab presses in all, at most ${Math.max(...tabPresses)} for one`,
  );
  expect(tabPresses.length).toBeGreaterThan(0);
  expect(Math.max(...tabPresses)).toBeLessThanOrEqual(3);

  // the coach reads the heatmap
  const coachContext = await browser.newContext();
  const coach = await coachContext.newPage();
  await signIn(coach, demo.coach);
  await openCohortTab(coach, 'Assessment');
  const heatmap = coach.getByRole('table', { name: /Competency scores by participant/ });
  await expect(heatmap.locator('tbody tr')).toHaveCount(3);
  for (const name of ['Nguyễn Thị Hạnh', 'Hannah Weiss', 'Oluwaseun Adebayo']) {
    await expect(heatmap.getByRole('row', { name: new RegExp(name) })).toContainText(/\d/);
  }
  await expect(coach.getByText('3 of 3 submitted')).toBeVisible();
  await expectAccessible(coach);

  // and builds the pathway from the recommendations
  await coach.getByRole('link', { name: 'Pathway', exact: true }).click();
  await coach.getByLabel('Unit title').fill('Calm routines and strong relationships');
  await coach.getByRole('button', { name: 'Add unit' }).click();
  await expect(
    coach.getByText('Unit “Calm routines and strong relationships” added.'),
  ).toBeVisible();
  const recommended = coach.getByRole('region', { name: 'Recommended from the pre-assessment' });
  await expect(recommended).toContainText(/cohort mean \d+ on CM\d; \d of 3 below 50/);
  const added: string[] = [];
  for (let count = 0; count < 2; count += 1) {
    const item = recommended
      .getByRole('listitem')
      .filter({ has: coach.getByRole('button') })
      .first();
    added.push((await item.getByRole('heading').textContent()) ?? '');
    await item.getByRole('button', { name: /^Add/ }).click();
    await expect(
      coach.getByText(/added to “Calm routines and strong relationships”/),
    ).toBeVisible();
  }
  const unit = coach.getByRole('region', { name: /Unit 1: Calm routines/ });
  for (const title of added) await expect(unit).toContainText(title);
  await expectAccessible(coach);
  await coach.getByRole('button', { name: 'Publish the pathway' }).click();
  await expect(coach.getByText(/The pathway is published; 3 participants were told/)).toBeVisible();
  await coachContext.close();

  // a participant works through a module
  const participantContext = await browser.newContext();
  const participant = await participantContext.newPage();
  await signIn(participant, demo.alumnus(1));
  await openCohortTab(participant, 'Pathway');
  await expect(participant.getByRole('heading', { name: /Unit 1: Calm routines/ })).toBeVisible();
  await expectAccessible(participant);
  await participant.getByRole('link', { name: added[0]! }).click();
  await expect(participant.getByRole('heading', { name: added[0]! })).toBeVisible();
  await participant
    .getByLabel(/What will you try in your classroom/)
    .fill('I will teach the entry routine on Monday and time it all week.');
  await participant.getByRole('button', { name: 'Mark complete' }).click();
  await expect(participant.getByText('Marked complete. Nice work.')).toBeVisible();
  await expectAccessible(participant);
  await participantContext.close();

  // the facilitator's grid shows it
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  const grid = page.getByRole('table', { name: /Module progress by participant/ });
  await expect(grid.getByRole('row', { name: /Nguyễn Thị Hạnh/ })).toContainText('Completed');
  await expect(grid.getByRole('row', { name: /Hannah Weiss/ })).toContainText('Not started');
  await expectAccessible(page);
});
