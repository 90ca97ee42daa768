import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { formatHours, toHours } from '../hours/ledger.server';
import { schoolYear, schoolYearOf, type SchoolYear } from '../hours/school-year';
import type { TranscriptScope } from '../hours/transcript.server';
import { LETTER, MUTED, PdfLayout } from '../pdf/layout.server';
import { formatDateRange, formatDay } from '../utils/dates';
import { drawLogo, drawSignature, providerLine, ACCENT } from './documents.server';
import type { Issuer } from './issuer.server';

type Executor = Kysely<Database>;

/**
 * 22 Pa. Code § 14.105(a)(3)–(4): instructional paraprofessionals and personal care assistants
 * "each school year, shall provide evidence of 20 hours of staff development activities related
 * to their assignment". Twenty is the least a year asks for; more is fine.
 */
export const CHAPTER_14_ANNUAL_HOURS = 20;

export interface Chapter14Activity {
  cohortId: string;
  programTitle: string;
  cohortName: string;
  startsOn: string;
  endsOn: string;
  hours: number;
}

export interface Chapter14Year {
  schoolYear: SchoolYear;
  totalHours: number;
  activities: Chapter14Activity[];
}

/**
 * A paraprofessional's hours by school year, from the ledger. A year is judged by the day an
 * entry was awarded in the organization's time zone; a reversal counts in the year of the
 * entry it cancels, so a year's total never carries another year's correction.
 */
export async function getChapter14Years(
  db: Executor,
  input: { userId: string; scope: TranscriptScope },
) {
  const person = await db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.id',
      'app_user.name',
      'app_user.state_educator_id as stateEducatorId',
      'app_user.is_paraprofessional as isParaprofessional',
      'organization.id as organizationId',
      'organization.timezone',
    ])
    .where('app_user.id', '=', input.userId)
    .executeTakeFirst();
  if (!person) return null;
  const only = input.scope.cohortIds;
  if (only !== 'all' && only.length === 0) return { person, years: [] as Chapter14Year[] };
  let query = db
    .selectFrom('hours_entry')
    .leftJoin('hours_entry as original', 'original.id', 'hours_entry.reverses_entry_id')
    .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .select([
      'hours_entry.hours',
      sql<Date>`coalesce(original.awarded_at, hours_entry.awarded_at)`.as('countedAt'),
      'cohort.id as cohortId',
      'cohort.name as cohortName',
      'program.title as programTitle',
      sql<string>`to_char(cohort.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(cohort.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
    ])
    .where('hours_entry.user_id', '=', input.userId)
    .orderBy('cohort.starts_on')
    .orderBy('cohort.id');
  if (only !== 'all') query = query.where('hours_entry.cohort_id', 'in', only);
  const rows = await query.execute();

  const years = new Map<number, Chapter14Year>();
  for (const row of rows) {
    const year = schoolYearOf(new Date(row.countedAt), person.timezone);
    const entry = years.get(year.startYear) ?? {
      schoolYear: year,
      totalHours: 0,
      activities: [],
    };
    let activity = entry.activities.find((candidate) => candidate.cohortId === row.cohortId);
    if (!activity) {
      activity = {
        cohortId: row.cohortId,
        programTitle: row.programTitle,
        cohortName: row.cohortName,
        startsOn: row.startsOn,
        endsOn: row.endsOn,
        hours: 0,
      };
      entry.activities.push(activity);
    }
    activity.hours = toHours(activity.hours + toHours(row.hours));
    entry.totalHours = toHours(entry.totalHours + toHours(row.hours));
    years.set(year.startYear, entry);
  }
  for (const entry of years.values()) {
    entry.activities = entry.activities.filter((activity) => activity.hours !== 0);
  }
  return {
    person,
    years: [...years.values()].sort((a, b) => b.schoolYear.startYear - a.schoolYear.startYear),
  };
}

/** One school year of a person's hours, an empty year when there were none. */
export function chapter14Year(years: Chapter14Year[], startYear: number): Chapter14Year {
  return (
    years.find((year) => year.schoolYear.startYear === startYear) ?? {
      schoolYear: schoolYear(startYear),
      totalHours: 0,
      activities: [],
    }
  );
}

export interface Chapter14LetterInput {
  person: { name: string; stateEducatorId: string | null };
  issuer: Issuer;
  year: Chapter14Year;
  issuedAt: Date;
  timezone: string;
  /** the letter lists only the cohorts the viewer staffs */
  partial?: boolean;
}

function longDay(day: string) {
  return formatDay(`${day}T12:00:00Z`, 'UTC');
}

/**
 * The Chapter 14 letter: evidence of a paraprofessional's staff-development hours in one
 * July–June school year, signed for the organization, set against the 20 hours a year that
 * 22 Pa. Code § 14.105 asks for.
 */
export async function renderChapter14Letter(input: Chapter14LetterInput) {
  const { person, issuer, year } = input;
  const { schoolYear: span } = year;
  const layout = await PdfLayout.create({
    title: `Chapter 14 staff development letter ${span.label}: ${person.name}`,
    author: issuer.organizationName,
    subject: `Paraprofessional staff development hours, school year ${span.label}`,
    size: LETTER,
    margin: 64,
  });
  const top = layout.cursor;
  await drawLogo(layout, issuer, { top: top + 24, width: 150, height: 48, align: 'right' });
  layout.text(issuer.organizationName, { size: 14, bold: true, after: 2 });
  const provider = providerLine(issuer);
  if (provider) layout.text(provider, { size: 9.5, color: MUTED, after: 2 });
  layout.space(14);
  layout.text(formatDay(input.issuedAt.toISOString(), input.timezone), { after: 16 });
  layout.text(`Staff development hours, school year ${span.label}`, {
    size: 17,
    bold: true,
    color: ACCENT,
    after: 4,
  });
  layout.text('Chapter 14 letter for paraprofessionals (22 Pa. Code § 14.105)', {
    size: 10.5,
    color: MUTED,
    after: 16,
  });
  layout.text('To the employing school entity:', { after: 8 });
  const who = `${person.name}${person.stateEducatorId ? ` (PPID ${person.stateEducatorId})` : ''}`;
  layout.text(
    `This letter is evidence that ${who} completed ${formatHours(year.totalHours)} of staff development with ${issuer.organizationName} between ${longDay(span.startsOn)} and ${longDay(span.endsOn)}, in the activities below.`,
    { lineHeight: 16, after: 12 },
  );

  const columns = [0, 0.56, 0.84];
  layout.row(['Activity', 'Dates', 'Hours'], columns, { bold: true, size: 10 });
  layout.rule();
  if (year.activities.length === 0) {
    layout.text('No hours were recorded in this school year.', { italic: true, color: MUTED });
  }
  for (const activity of year.activities) {
    layout.row(
      [
        `${activity.programTitle}: ${activity.cohortName}`,
        formatDateRange(activity.startsOn, activity.endsOn),
        formatHours(activity.hours),
      ],
      columns,
      { size: 10 },
    );
  }
  layout.rule();
  layout.row(['Total', '', formatHours(year.totalHours)], columns, { bold: true, size: 10 });
  layout.space(10);

  const short = toHours(CHAPTER_14_ANNUAL_HOURS - year.totalHours);
  layout.text(
    `Chapter 14 asks instructional paraprofessionals and personal care assistants to provide evidence of at least ${CHAPTER_14_ANNUAL_HOURS} hours of staff development related to their assignment each school year, July 1 to June 30. ${
      short <= 0
        ? `The hours in this letter meet the ${CHAPTER_14_ANNUAL_HOURS} hours for ${span.label}.`
        : `The hours in this letter are ${formatHours(short)} short of ${CHAPTER_14_ANNUAL_HOURS} for ${span.label}; hours from other providers count toward the same total.`
    } Whether an activity relates to the person’s assignment is for the employing school entity to decide.`,
    { lineHeight: 16, after: 10 },
  );
  layout.text(
    'These hours are recorded here rather than reported to PERMS as Act 48 hours, which apply to holders of a professional certificate.',
    { lineHeight: 16, after: 10 },
  );
  if (input.partial) {
    layout.text(
      'This copy lists only the activities in cohorts the person who downloaded it leads or coaches; the person and the organization’s administrators can download the complete letter.',
      { size: 10, italic: true, color: MUTED, lineHeight: 14, after: 10 },
    );
  }
  layout.space(20);
  layout.ensureSpace(90);
  layout.text('Sincerely,', { after: 8 });
  const signatureY = layout.cursor - 52;
  await drawSignature(layout, issuer, { x: layout.margin, y: signatureY });
  layout.footer(
    (page, total) =>
      `${person.name} · Chapter 14 letter ${span.label} · ${issuer.organizationName} · page ${page} of ${total}`,
  );
  return layout.save();
}
