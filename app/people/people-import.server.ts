import type { AppLoadContext } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { readRosterUpload } from '../cohorts/invite-actions.server';
import { previewPayload, refusedResult } from '../http/form.server';
import {
  collapseSpaces,
  findColumns,
  headerKey,
  isValidEmail,
  missingEmailColumn,
  normalizeEmail,
  readCsvTable,
  ROSTER_LIMITS,
} from '../cohorts/roster-import.server';
import { appOriginOf } from '../http/origin.server';
import { readIdempotencyKey, runOnce } from '../http/idempotency.server';
import { describeWait } from '../http/rate-limit.server';
import { todayIn } from '../pathway/progress.server';
import { savableText } from '../utils/savable-text.server';
import { redirectWithToast } from '../utils/toast.server';
import { createAccounts, updatePerson, type PersonChanges } from './accounts.server';
import { requireDirectoryAdmin } from './directory.server';
import { checkEducatorId } from './educator-id';
import { isMemberOn } from './membership';

type Executor = Kysely<Database>;

export const PEOPLE_CSV_HEADER = 'name,email,educator id,member,role';

const MEMBER_HEADERS = new Set(['member', 'membership', 'ismember']);
const ROLE_HEADERS = new Set(['role', 'roles']);

/** one row of the file, as typed */
export interface PeopleEntry {
  line: number;
  name: string | null;
  email: string;
  stateEducatorId: string | null;
  member: string | null;
  role: string | null;
}

export type PeopleParseResult = { ok: true; entries: PeopleEntry[] } | { ok: false; error: string };

/** The people CSV: the cohort roster's reading, plus the member and role columns. */
export function parsePeopleCsv(input: Uint8Array | string): PeopleParseResult {
  const table = readCsvTable(input, { expectedHeader: PEOPLE_CSV_HEADER });
  if (!table.ok) return table;
  const columns = findColumns(table.header);
  if (columns.email === undefined) {
    return { ok: false, error: missingEmailColumn(table.header, PEOPLE_CSV_HEADER) };
  }
  const member = table.header.findIndex((cell) => MEMBER_HEADERS.has(headerKey(cell)));
  const role = table.header.findIndex((cell) => ROLE_HEADERS.has(headerKey(cell)));
  const entries = table.rows.map((row) => {
    const cell = (index: number | undefined) =>
      index === undefined || index < 0 ? '' : collapseSpaces(row.fields[index] ?? '');
    const fullName = cell(columns.name);
    const joinedName = collapseSpaces(`${cell(columns.firstName)} ${cell(columns.lastName)}`);
    return {
      line: row.line,
      name: fullName || joinedName || null,
      email: cell(columns.email),
      stateEducatorId: cell(columns.stateEducatorId) || null,
      member: cell(member) || null,
      role: cell(role) || null,
    };
  });
  return { ok: true, entries };
}

const YES = new Set(['yes', 'y', 'true', '1', 'member', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'non-member', 'nonmember', 'not a member']);

/** the marks a role word grants; "participant" grants none */
const ROLE_MARKS: Record<
  string,
  keyof Pick<PersonChanges, 'mayCoach' | 'mayAuthor' | 'isParaprofessional'> | null
> = {
  participant: null,
  teacher: null,
  educator: null,
  coach: 'mayCoach',
  author: 'mayAuthor',
  writer: 'mayAuthor',
  paraprofessional: 'isParaprofessional',
  para: 'isParaprofessional',
};

type RowCheck<T> = { ok: true; value: T } | { ok: false; note: string };

export function readMember(raw: string | null): RowCheck<boolean | undefined> {
  if (!raw) return { ok: true, value: undefined };
  const key = raw.trim().toLowerCase();
  if (YES.has(key)) return { ok: true, value: true };
  if (NO.has(key)) return { ok: true, value: false };
  return { ok: false, note: `Member is “${raw}”; write yes or no (or leave it empty)` };
}

export function readRoles(raw: string | null): RowCheck<Partial<PersonChanges>> {
  if (!raw) return { ok: true, value: {} };
  const marks: Partial<PersonChanges> = {};
  for (const word of raw.toLowerCase().split(/\s*(?:\/|\+|&|\||,|\band\b)\s*/)) {
    const token = word.trim();
    if (token === '') continue;
    if (!(token in ROLE_MARKS)) {
      return {
        ok: false,
        note: `Role “${raw}” is not one Cadre knows; use participant, coach, author or paraprofessional`,
      };
    }
    const mark = ROLE_MARKS[token];
    if (mark) marks[mark] = true;
  }
  return { ok: true, value: marks };
}

export type ImportFate = 'create' | 'update' | 'unchanged' | 'invalid' | 'duplicate';

export interface PlannedPerson extends PeopleEntry {
  fate: ImportFate;
  note: string;
  userId: string | null;
  changes: PersonChanges;
}

export interface KnownPerson {
  id: string;
  inOrganization: boolean;
  stateEducatorId: string | null;
  mayCoach: boolean;
  mayAuthor: boolean;
  isParaprofessional: boolean;
  memberSince: string | null;
  memberUntil: string | null;
}

function dayBefore(day: string) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * What the import would do to each row, in file order. Pure: the people who already exist
 * and today's date come in. A "yes" makes a non-member a member from today; a "no" ends a
 * current membership yesterday; roles only ever add marks.
 */
export function planPeopleImport(
  entries: PeopleEntry[],
  context: { known: ReadonlyMap<string, KnownPerson>; today: string },
) {
  const seen = new Map<string, number>();
  const counts: Record<ImportFate, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    invalid: 0,
    duplicate: 0,
  };
  const rows: PlannedPerson[] = entries.map((entry) => {
    const plan = (
      fate: ImportFate,
      note: string,
      userId: string | null = null,
      changes: PersonChanges = {},
    ) => {
      counts[fate] += 1;
      return { ...entry, fate, note, userId, changes };
    };
    const email = normalizeEmail(entry.email);
    if (!isValidEmail(email)) {
      return plan('invalid', email === '' ? 'No email address' : 'Not a valid email address');
    }
    const earlier = seen.get(email);
    if (earlier !== undefined) return plan('duplicate', `Appears earlier on line ${earlier}`);
    seen.set(email, entry.line);

    const educatorId = checkEducatorId(entry.stateEducatorId);
    if (!educatorId.ok) return plan('invalid', educatorId.message);
    const member = readMember(entry.member);
    if (!member.ok) return plan('invalid', member.note);
    const roles = readRoles(entry.role);
    if (!roles.ok) return plan('invalid', roles.note);

    const known = context.known.get(email);
    if (known && !known.inOrganization) {
      return plan('invalid', 'This address already has a Cadre account elsewhere');
    }
    if (!known) {
      if (!entry.name) return plan('invalid', 'No name: a new account needs one');
      return plan('create', 'New account; gets an email to set a password', null, {
        stateEducatorId: educatorId.value,
        memberSince: member.value ? context.today : null,
        ...roles.value,
      });
    }

    const changes: PersonChanges = {};
    if (educatorId.value !== null && educatorId.value !== known.stateEducatorId) {
      changes.stateEducatorId = educatorId.value;
    }
    for (const [mark, on] of Object.entries(roles.value) as [keyof PersonChanges, boolean][]) {
      if (on && !known[mark as 'mayCoach']) Object.assign(changes, { [mark]: true });
    }
    const isMember = isMemberOn(
      { member_since: known.memberSince, member_until: known.memberUntil },
      context.today,
    );
    if (member.value === true && !isMember) {
      changes.memberSince = context.today;
      changes.memberUntil = null;
    } else if (member.value === false && isMember) {
      const lastDay = dayBefore(context.today);
      if (known.memberSince && known.memberSince <= lastDay) changes.memberUntil = lastDay;
      else Object.assign(changes, { memberSince: null, memberUntil: null });
    }
    if (Object.keys(changes).length === 0)
      return plan('unchanged', 'Already as the file says', known.id);
    return plan('update', describeChanges(changes), known.id, changes);
  });
  return { rows, counts };
}

function describeChanges(changes: PersonChanges) {
  const parts: string[] = [];
  if (changes.stateEducatorId !== undefined) parts.push(`educator id ${changes.stateEducatorId}`);
  if (changes.mayCoach) parts.push('may coach');
  if (changes.mayAuthor) parts.push('may author');
  if (changes.isParaprofessional) parts.push('paraprofessional');
  if (changes.memberSince) parts.push(`member from ${changes.memberSince}`);
  else if (changes.memberUntil) parts.push(`membership ends ${changes.memberUntil}`);
  else if (changes.memberSince === null) parts.push('no longer a member');
  return `Will set: ${parts.join(', ')}`;
}

/** The people a file names who already have an account, anywhere (emails are unique). */
export async function getImportContext(
  db: Executor,
  input: { organizationId: string; emails: string[] },
) {
  const organization = await db
    .selectFrom('organization')
    .select('timezone')
    .where('id', '=', input.organizationId)
    .executeTakeFirstOrThrow();
  const emails = [...new Set(input.emails.map(normalizeEmail).filter(isValidEmail))];
  const rows =
    emails.length === 0
      ? []
      : await db
          .selectFrom('app_user')
          .select([
            'id',
            sql<string>`lower(email)`.as('email'),
            'organization_id as organizationId',
            'state_educator_id as stateEducatorId',
            'may_coach as mayCoach',
            'may_author as mayAuthor',
            'is_paraprofessional as isParaprofessional',
            sql<string | null>`to_char(member_since, 'YYYY-MM-DD')`.as('memberSince'),
            sql<string | null>`to_char(member_until, 'YYYY-MM-DD')`.as('memberUntil'),
          ])
          .where(sql<string>`lower(email)`, 'in', emails)
          .execute();
  const known = new Map<string, KnownPerson>(
    rows.map((row) => [
      row.email,
      {
        id: row.id,
        inOrganization: row.organizationId === input.organizationId,
        stateEducatorId: row.stateEducatorId,
        mayCoach: row.mayCoach,
        mayAuthor: row.mayAuthor,
        isParaprofessional: row.isParaprofessional,
        memberSince: row.memberSince,
        memberUntil: row.memberUntil,
      },
    ]),
  );
  return { known, today: todayIn(organization.timezone) };
}

export type PeopleImportReply =
  | {
      step: 'input';
      result: SubmissionResult<string[]>;
      unreadBody?: boolean;
      retryAfterSeconds?: number;
    }
  | {
      step: 'preview';
      rows: PlannedPerson[];
      counts: Record<ImportFate, number>;
      payload: string;
    };

const EntrySchema = z.object({
  line: z.number().int().min(0).max(100_000),
  name: savableText().max(200).nullable(),
  email: savableText().max(320),
  stateEducatorId: savableText().max(50).nullable(),
  member: savableText().max(50).nullable(),
  role: savableText().max(200).nullable(),
});
const PayloadSchema = z.array(EntrySchema).min(1).max(ROSTER_LIMITS.maxRows);

/** The import page's two steps: the file to preview, then the preview to apply. */
export const PeopleImportSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('preview').optional(),
      people: z.file({ error: 'Choose a CSV file to import.' }),
    }),
    z.object({
      intent: z.literal('confirm'),
      payload: previewPayload(PayloadSchema, 'The preview expired. Choose the file again.'),
    }),
  ],
  { error: 'That was not understood, so nothing changed. Reload the page and try again.' },
);
// the preview's rows are not sent back
const UNECHOED = { hideFields: ['payload'] };

/**
 * The import page's action. `preview` reads the file and shows each row's fate, writing
 * nothing; `confirm` plans again against the organization as it is now and applies it in
 * one transaction (accounts created, people updated, each audited).
 */
export async function handlePeopleImport(
  context: AppLoadContext,
  request: Request,
): Promise<PeopleImportReply> {
  const admin = await requireDirectoryAdmin(context.db, request);
  const form = await readRosterUpload(request);
  if (!(form instanceof FormData)) {
    return {
      step: 'input',
      unreadBody: true,
      result: refusedResult({
        people: [
          `That file is larger than ${ROSTER_LIMITS.maxBytes / 1_000_000} MB. A list of people is only a few kilobytes; export just the columns ${PEOPLE_CSV_HEADER} as CSV and try again.`,
        ],
      }),
    };
  }
  const submission = parseWithZod(form, { schema: PeopleImportSchema });
  if (submission.status !== 'success') {
    return { step: 'input', result: submission.reply(UNECHOED) };
  }
  const action = submission.value;
  if (action.intent === 'confirm') {
    const entries = action.payload;
    const appOrigin = appOriginOf(request, context.env);
    const outcome = await runOnce(
      context.db,
      {
        key: readIdempotencyKey(form),
        userId: admin.id,
        action: 'people.import',
        input: entries,
      },
      (db) =>
        withTransaction(db, async (trx) => {
          const plan = planPeopleImport(
            entries,
            await getImportContext(trx, {
              organizationId: admin.organizationId,
              emails: entries.map((entry) => entry.email),
            }),
          );
          const creates = plan.rows.filter((row) => row.fate === 'create');
          const created =
            creates.length === 0
              ? []
              : await createAccounts(trx, {
                  organizationId: admin.organizationId,
                  actorId: admin.id,
                  appOrigin,
                  people: creates.map((row) => ({
                    name: row.name ?? row.email,
                    email: row.email,
                    stateEducatorId: row.changes.stateEducatorId ?? null,
                    memberSince: row.changes.memberSince ?? null,
                    mayCoach: row.changes.mayCoach ?? false,
                    mayAuthor: row.changes.mayAuthor ?? false,
                    isParaprofessional: row.changes.isParaprofessional ?? false,
                  })),
                });
          const limited = created.find((result) => result.status === 'rate-limited');
          if (limited)
            return {
              status: 'rate-limited' as const,
              retryAfterSeconds: limited.retryAfterSeconds,
            };
          let updated = 0;
          for (const row of plan.rows) {
            if (row.fate !== 'update' || !row.userId) continue;
            const result = await updatePerson(trx, {
              organizationId: admin.organizationId,
              actorId: admin.id,
              userId: row.userId,
              changes: row.changes,
              action: 'person.imported',
            });
            if (result.status === 'updated') updated += 1;
          }
          return {
            status: 'done' as const,
            created: created.filter((result) => result.status === 'invited').length,
            updated,
          };
        }),
    );
    if (outcome.status === 'rate-limited') {
      return {
        step: 'input',
        retryAfterSeconds: outcome.retryAfterSeconds,
        result: submission.reply({
          ...UNECHOED,
          formErrors: [
            `This file would go over the hourly allowance of invitations. Nothing changed; import fewer new people, or try again in ${describeWait(outcome.retryAfterSeconds)}.`,
          ],
        }),
      };
    }
    throw await redirectWithToast('/admin/people', {
      kind: 'success',
      message: `Imported: ${outcome.created} new account${outcome.created === 1 ? '' : 's'} invited, ${outcome.updated} ${outcome.updated === 1 ? 'person' : 'people'} updated.`,
    });
  }

  const parsed = parsePeopleCsv(new Uint8Array(await action.people.arrayBuffer()));
  if (!parsed.ok) {
    return { step: 'input', result: submission.reply({ fieldErrors: { people: [parsed.error] } }) };
  }
  const plan = planPeopleImport(
    parsed.entries,
    await getImportContext(context.db, {
      organizationId: admin.organizationId,
      emails: parsed.entries.map((entry) => entry.email),
    }),
  );
  return {
    step: 'preview',
    rows: plan.rows,
    counts: plan.counts,
    payload: JSON.stringify(parsed.entries),
  };
}
