import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { demo, expect, signIn, test } from './fixtures';

/**
 * Every page each role can reach, at a phone's width: none may be wider than the screen or
 * have a serious or critical accessibility finding. Pages are found by following links from
 * the home page, so a new page is covered as soon as something links to it. Each route
 * shape is visited once per role (ids stand for any id).
 */

const PHONE = { width: 390, height: 844 };
const MAX_PAGES_PER_ROLE = 80;
// files and feeds are not pages; signing out would end the crawl
const NOT_PAGES =
  /(\.(csv|pdf|ics|json|jwt|zip|png|jpe?g|svg)(\?|$))|^\/logout|^\/calendar\/|\/(files|draft|autosave)\b/;

const roles = [
  { name: 'org admin', email: demo.admin },
  { name: 'facilitator', email: demo.facilitator },
  { name: 'coach', email: demo.coach },
  { name: 'participant with evidence in critique', email: demo.participant(9) },
  { name: 'participant in the share-out cohort', email: demo.participant(16) },
  { name: 'alumna of the completed cohort, waiting for the next', email: demo.alumnus(1) },
];

/** a route's shape: ids, tokens and numbers replaced, so each shape is visited once */
function shapeOf(path: string) {
  return path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\/questions\/\d+/, '/questions/:n')
    .replace(/\?.*$/, '');
}

async function linksOn(page: Page) {
  const hrefs = await page
    .locator('a[href]:not([download])')
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
  return hrefs
    .filter((href) => href.startsWith('/') && !href.startsWith('//'))
    .map((href) => href.split('#')[0]!)
    .filter((href) => href !== '' && !NOT_PAGES.test(href));
}

interface Finding {
  role: string;
  path: string;
  problem: string;
}

for (const role of roles) {
  test(`every page a ${role.name} reaches fits a 390 px phone and passes axe`, async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signIn(page, role.email);
    const queue = ['/'];
    const seen = new Set<string>([shapeOf('/')]);
    const findings: Finding[] = [];
    const figures = { overflow: 0, axe: 0 };
    let visited = 0;
    while (queue.length > 0 && visited < MAX_PAGES_PER_ROLE) {
      const path = queue.shift()!;
      const response = await page.goto(path);
      visited += 1;
      const status = response?.status() ?? 0;
      // a link a role is shown must lead somewhere it may go
      if (status >= 400) {
        findings.push({ role: role.name, path, problem: `answered ${status}` });
        continue;
      }
      const widths = await page.evaluate(() => {
        // the element reaching furthest right names the culprit
        let culprit = '';
        let right = window.innerWidth;
        for (const element of Array.from(document.body.querySelectorAll('*'))) {
          const edge = element.getBoundingClientRect().right;
          if (edge > right + 0.5) {
            right = edge;
            culprit = `${element.tagName.toLowerCase()}.${String(element.className).split(' ').join('.')}`;
          }
        }
        return {
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          culprit,
        };
      });
      if (widths.page > widths.viewport) {
        findings.push({
          role: role.name,
          path,
          problem: `${widths.page} px wide on a ${widths.viewport} px screen (${widths.culprit})`,
        });
        figures.overflow += 1;
      }
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      for (const violation of axe.violations) {
        if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
        findings.push({
          role: role.name,
          path,
          problem: `${violation.id}: ${violation.help} (${violation.nodes.length})`,
        });
        figures.axe += 1;
      }
      for (const link of await linksOn(page)) {
        const shape = shapeOf(link);
        if (seen.has(shape)) continue;
        seen.add(shape);
        queue.push(link);
      }
    }
    console.log(
      `crawl ${role.name}: ${visited} pages, ${figures.overflow} too wide, ${figures.axe} serious or critical axe findings`,
    );
    expect(visited).toBeGreaterThan(3);
    expect(findings).toEqual([]);
    await context.close();
  });
}
