import { readFile } from 'node:fs/promises';
import { zonedWallTimeToUtc } from '../../app/sessions/zoned-time';
import {
  DEMO_COHORT,
  FORMING_COHORT,
  demo,
  demoCohorts,
  expect,
  expectAccessible,
  signIn,
  test,
} from './fixtures';

/** 2027-01-11T21:00:00.000Z as iCalendar writes it: 20270111T210000Z */
function icsMoment(moment: Date) {
  return moment
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** the VEVENTs of an iCalendar file, as property maps, after unfolding continued lines */
function parseIcs(text: string) {
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line
        .slice(colon + 1)
        .replace(/\\([\\;,nN])/g, (_, character: string) =>
          character.toLowerCase() === 'n' ? '\n' : character,
        );
    }
  }
  return events;
}

test('a participant opens a coaching session, goes into the live room, the Zoom meeting mounts there, and the .ics parses', async ({
  page,
}) => {
  // the forming cohort, whose five sessions are all ahead
  await signIn(page, demo.alumnus(1));
  await page.getByRole('link', { name: FORMING_COHORT }).click();
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const upcoming = page.getByRole('table', { name: 'Upcoming sessions' });
  await expect(upcoming.getByRole('row')).toHaveCount(6);
  await expect(upcoming).toContainText('EST');
  await expectAccessible(page);

  await upcoming.getByRole('link', { name: /^Kickoff/ }).click();
  await expect(page.getByRole('heading', { name: /^Kickoff/ })).toBeVisible();
  // one way in: the session page leads to the live room, with no competing Zoom link
  await expect(page.getByRole('link', { name: /Zoom app|Open Zoom/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Join the meeting here' })).toHaveCount(0);
  await expectAccessible(page);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Add to my calendar (.ics)' }).click();
  const file = await (await download).path();
  const [event] = parseIcs(await readFile(file, 'utf8'));
  expect(event?.SUMMARY).toMatch(/^Kickoff: norms, goals and the pre-assessment/);
  // 4 PM in New York on the day the cohort starts, for 90 minutes
  const kickoff = zonedWallTimeToUtc(demoCohorts.forming.startsOn, '16:00', 'America/New_York')!;
  expect(event?.DTSTART).toBe(icsMoment(kickoff));
  expect(event?.DTEND).toBe(icsMoment(new Date(kickoff.getTime() + 90 * 60_000)));
  expect(event?.STATUS).toBe('CONFIRMED');

  await page.getByRole('link', { name: 'Join the live room' }).click();
  await expect(page).toHaveURL(/\/live$/);
  await expect(page.getByRole('status')).toHaveText('Live');
  const meeting = page.getByRole('region', { name: 'Zoom meeting', exact: true });
  await expect(meeting).toContainText(/Meeting ID \d{3} \d{3,4} \d{4}/);
  await expectAccessible(page);

  // joining a real meeting is impossible here; the signature request and the mounted SDK are not
  const signature = page.waitForResponse(
    (response) =>
      response.url().endsWith('/resources/zoom-signature') &&
      response.request().method() === 'POST',
  );
  await meeting.getByRole('button', { name: 'Join the meeting here' }).click();
  const answer = await signature;
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as Record<string, string>;
  expect(body.signature?.split('.')).toHaveLength(3);
  expect(body.customerKey).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.stringify(body)).not.toContain('e2e-meeting-sdk-secret');
  const root = page.getByTestId('zoom-meeting-root');
  // the SDK renders its UI into our container; without a way out to Zoom's media servers its
  // start-up then fails, and the room says so and offers the plain Zoom link
  await expect(root.locator('*').first()).toBeAttached();
  await expect(root).toHaveAttribute('data-state', /mounted|joined|failed/);
  if ((await root.getAttribute('data-state')) === 'failed') {
    await expect(meeting.getByRole('link', { name: 'Open Zoom instead' })).toHaveAttribute(
      'href',
      /^https:\/\/zoom\.us\/j\/\d{11}$/,
    );
  }
});

test('a facilitator schedules a session with a pasted link and opens its attendance', async ({
  page,
}) => {
  const title = `Coaching extra ${Math.random().toString(36).slice(2, 7)}`;
  await signIn(page, demo.facilitator);
  await page.getByRole('link', { name: DEMO_COHORT }).click();
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await expect(page.getByText('Zoom is not connected')).toBeVisible();
  await page.getByRole('link', { name: 'Schedule a session' }).click();
  await expectAccessible(page);

  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Date').fill('2027-03-18');
  await page.getByLabel('Start time').fill('16:30');
  await page.getByLabel('Zoom join link or meeting number (optional)').fill('not a link');
  await page.getByRole('button', { name: 'Schedule the session' }).click();
  const linkField = page.getByLabel('Zoom join link or meeting number (optional)');
  await expect(linkField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Paste a Zoom join link')).toBeVisible();
  await expectAccessible(page);

  await linkField.fill('https://zoom.us/j/85512340987');
  await page.getByRole('button', { name: 'Schedule the session' }).click();
  await expect(page.getByRole('status')).toContainText('The session is scheduled');
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('Thu, Mar 18, 2027, 4:30 PM EDT');

  await row.getByRole('link', { name: title }).click();
  await page.getByRole('link', { name: 'Attendance' }).click();
  await expect(page.getByRole('heading', { name: `Attendance: ${title}` })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('participant01@demo.cadre.test');
  await expectAccessible(page);
});
