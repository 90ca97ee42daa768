import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { demoTimeline } from '../../db/seed-timeline';

export const DEMO_PASSWORD = 'cadre-demo-2026';
/** the demo's cohorts, named and dated from today as the seed names them */
export const demoCohorts = demoTimeline();
/** the cohort of all 18 demo participants, in the middle of learning */
export const DEMO_COHORT = demoCohorts.learning.name;
/** participants 10–17's earlier cohort, at its share-out */
export const SHARING_COHORT = demoCohorts.sharing.name;
/** the next cohort, still forming: alumni 1–3 are in, invitations and a waitlist */
export const FORMING_COHORT = demoCohorts.forming.name;
export const demo = {
  admin: 'admin@demo.cadre.test',
  facilitator: 'facilitator@demo.cadre.test',
  coach: 'coach@demo.cadre.test',
  participant: (index: number) => `participant${String(index).padStart(2, '0')}@demo.cadre.test`,
  alumnus: (index: number) => `alumni${String(index).padStart(2, '0')}@demo.cadre.test`,
};

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** No serious or critical WCAG 2.1 AA violations on the page as it stands. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const blocking = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(
    blocking.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`),
  ).toEqual([]);
}

/** Every page is watched for Content-Security-Policy violations and script errors. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (
          message.type() === 'error' &&
          /Content Security Policy|Refused to/i.test(message.text())
        ) {
          errors.push(message.text());
        }
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
