import type { Page } from '@playwright/test';
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

const BODY = [
  '## Why routines matter',
  '',
  '| Routine | Minutes saved |',
  '| --- | ---: |',
  '| Entering the room | 5 |',
  '| Dismissal | 3 |',
  '',
  '- Plan the routine',
  '  - Name each step',
  '  - Choose a cue',
  '- Teach it',
  '',
  '```',
  'const cue = "hands up";',
  '```',
  '',
  '<script>alert("x")</script>',
].join('\n');

test('an author writes a stack with competencies, a module and a micro-credential, and publishes it', async ({
  page,
}) => {
  const title = `Routines stack ${Date.now()}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, demo.admin);
  await page.goto('/admin/organization');
  await page
    .getByRole('navigation', { name: 'Organization pages' })
    .getByRole('link', { name: 'Programs' })
    .click();
  await expect(page).toHaveURL('/authoring');
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  await checkAtBothWidths(page);

  await page.getByRole('link', { name: 'New program' }).click();
  await expect(page.getByRole('heading', { name: 'New program', level: 2 })).toBeVisible();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Summary').fill('Routines that protect learning time.');
  await page.getByLabel('K-12 educators').check();
  await page.getByLabel('Elementary').check();
  await expect(page.getByLabel('Hours for completing the program')).not.toHaveValue('');
  await checkAtBothWidths(page);
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  const first = page.getByRole('group', { name: 'Competency 1' });
  await first.getByLabel('Code').fill('RT-1');
  await first.getByLabel('Title').fill('Designs routines');
  const second = page.getByRole('group', { name: 'Competency 2' });
  await second.getByLabel('Code').fill('RT-2');
  await second.getByLabel('Title').fill('Teaches routines');
  await page.getByRole('button', { name: 'Save the competencies' }).click();
  await expect(page.getByText('The competencies are saved.')).toBeVisible();
  await checkAtBothWidths(page);

  await page.getByRole('link', { name: 'Add a module' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New module' })).toBeVisible();
  await page.getByLabel('Title', { exact: true }).fill('Why routines matter');
  await page.getByLabel('Minutes').fill('25');
  await page.getByLabel('RT-1 Designs routines').check();
  await page.getByLabel('Body (Markdown)').fill(BODY);
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('table')).toBeVisible();
  await expect(preview.getByText('<script>alert("x")</script>')).toBeVisible();
  await page.getByLabel('Resource 1 title').fill('Routines in action');
  await page.getByLabel('Resource 1 address').fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  await page.getByLabel('Play this video in the module').first().check();
  await checkAtBothWidths(page);
  await page.getByRole('button', { name: 'Save the module' }).click();
  await expect(page.getByText('The module is saved.')).toBeVisible();

  await page.getByRole('link', { name: 'Preview as a participant' }).click();
  await expect(page.getByText('Preview of how participants see this module.')).toBeVisible();
  const body = page.locator('.module-body');
  await expect(body.getByRole('table')).toBeVisible();
  await expect(body.getByRole('cell', { name: 'Entering the room' })).toBeVisible();
  await expect(body.locator('ul ul li')).toHaveText(['Name each step', 'Choose a cue']);
  await expect(body.locator('pre code')).toHaveText('const cue = "hands up";');
  await expect(body.getByText('<script>alert("x")</script>')).toBeVisible();
  await expect(page.locator('iframe[src^="https://www.youtube-nocookie.com/embed/"]')).toHaveCount(
    1,
  );
  await checkAtBothWidths(page);
  await page.getByRole('link', { name: 'Back to the editor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Why routines matter' })).toBeVisible();
  await page.getByRole('link', { name: title }).click();

  await page.getByRole('link', { name: 'Add a micro-credential' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New micro-credential' })).toBeVisible();
  await page.getByLabel('Code', { exact: true }).fill('RT-MC');
  await page.getByLabel('Title', { exact: true }).fill('Routines That Protect Learning Time');
  await page.getByLabel('Competency it certifies').selectOption({ label: 'RT-1 Designs routines' });
  await page.getByLabel('Competency statement').fill('Designs and teaches routines.');
  await page.getByLabel('Key method').fill('Model, practise, re-teach.');
  await page.getByLabel('Overview questions').fill('Describe your class.');
  await page.getByLabel('Work examples and artifacts').fill('A lesson plan.');
  await page.getByLabel('Reflection', { exact: true }).fill('What changed?');
  await page.getByLabel('Written artifact').check();
  await page
    .getByRole('group', { name: /classroom or student data/ })
    .getByLabel('Yes')
    .check();
  const criterion = page.getByRole('group', { name: 'Criterion 1' });
  await criterion.getByLabel('Part it judges').selectOption('artifact');
  await criterion.getByLabel('Criterion', { exact: true }).fill('Routine is clearly defined');
  await criterion.getByLabel('Meets', { exact: true }).fill('Steps and cues are precise.');
  await criterion.getByLabel('Not yet').fill('Steps are vague.');
  await checkAtBothWidths(page);
  await page.getByRole('button', { name: 'Save the micro-credential' }).click();
  await expect(page.getByText('The micro-credential is saved.')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'RT-MC Routines That Protect Learning Time' }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(page.getByText('Version 1 is published.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start a new version' })).toBeVisible();
  await checkAtBothWidths(page);
});

test('a participant cannot open the authoring pages', async ({ page }) => {
  await signIn(page, demo.participant(1));
  const response = await page.goto('/authoring');
  expect(response?.status()).toBe(403);
});

test('a link into a module page loads it as a document, so its video policy applies', async ({
  page,
}) => {
  // every participant of the demo's learning cohort has modules still to open on their to-do list
  await signIn(page, demo.participant(2));
  await page.goto('/');
  const link = page.getByRole('link', { name: /^Open the module/ }).first();
  await expect(link).toBeVisible();
  const policy = page.waitForResponse(
    (response) =>
      /\/cohorts\/[^/]+\/modules\/[^/?]+$/.test(new URL(response.url()).pathname) &&
      response.request().resourceType() === 'document',
  );
  await link.click();
  const response = await policy;
  expect(response.headers()['content-security-policy']).toContain(
    'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
  );
  await expect(page).toHaveURL(/\/cohorts\/[^/]+\/modules\/[^/]+$/);
  const loaded = await page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation');
    return entry ? new URL(entry.name).pathname : null;
  });
  expect(loaded).toMatch(/\/cohorts\/[^/]+\/modules\/[^/]+$/);
});
