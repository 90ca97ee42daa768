import type { AppLoadContext } from '@remix-run/node';
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { cohortRoles } from '../../db/schema';
import { appOriginOf } from '../http/origin.server';
import { requireCohortRole } from '../permissions/permissions.server';
import { redirectWithToast } from '../utils/toast.server';
import { createInvitations, getInvitePlanContext } from './invitations.server';
import {
  ROSTER_LIMITS,
  parseEmailList,
  parseRosterCsv,
  planInvitations,
  type PlannedInvitation,
  type RosterEntry,
} from './roster-import.server';
import {
  previewPayload,
  readFormData,
  refusedResult,
  requireSavableForm,
} from '../http/form.server';
import { readIdempotencyKey, runOnce } from '../http/idempotency.server';
import {
  describeWait,
  INVITATIONS_PER_COHORT,
  INVITATIONS_PER_INVITER,
} from '../http/rate-limit.server';
import { savableText } from '../utils/savable-text.server';

type Role = (typeof cohortRoles)[number];

export type InviteReply =
  | {
      step: 'input';
      result: SubmissionResult<string[]>;
      /** what the paste field shows again */
      emails: string;
      /** the upload was refused before it was read to the end */
      unreadBody?: boolean;
      /** the hourly allowance is spent: answered 429 with this Retry-After */
      retryAfterSeconds?: number;
    }
  | {
      step: 'preview';
      role: Role;
      rows: PlannedInvitation[];
      counts: ReturnType<typeof planInvitations>['counts'];
      seatsLeft: number;
      payload: string;
    };

const EntrySchema = z.object({
  line: z.number().int().min(0).max(100_000),
  name: savableText().max(200).nullable(),
  email: savableText().max(320),
  stateEducatorId: savableText().max(50).nullable(),
});
const ConfirmSchema = z.object({
  role: z.enum(cohortRoles),
  entries: z.array(EntrySchema).min(1).max(ROSTER_LIMITS.maxRows),
});

const NOT_UNDERSTOOD =
  'That was not understood, so nothing was sent. Reload the page and try again.';
// the reply carries the typed list once, in `emails`; the preview's rows are not sent back
const UNECHOED = ['payload', 'emails'];
// a form without a role invites participants, as the page's lists do by default
const role = z.enum(cohortRoles, { error: 'Choose a role from the list.' }).default('participant');

/** The invite page's two steps: the paste or the CSV to preview, then the preview to send. */
export const InviteActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('preview').optional(),
      role,
      emails: z.string().optional(),
      roster: z.file({ error: 'Choose one CSV file.' }).optional(),
    }),
    z.object({
      intent: z.literal('confirm'),
      role,
      payload: previewPayload(ConfirmSchema, 'The preview expired. Paste the addresses again.'),
    }),
  ],
  { error: NOT_UNDERSTOOD },
);

/** a form that may carry a roster file, read within the roster size limit */
export async function readRosterUpload(request: Request): Promise<FormData | { tooLarge: true }> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.startsWith('multipart/form-data')) return readFormData(request);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: ROSTER_LIMITS.maxBytes + 1024 }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { tooLarge: true };
    // a cut or malformed multipart stream is the sender's fault, not a server error
    throw new Response('The upload could not be read, so nothing changed. Try again.', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return requireSavableForm(form);
}

/**
 * The invite page's action. `preview` parses the paste or the CSV and shows each row's
 * fate without writing anything; `confirm` re-plans against the cohort as it is now and
 * sends the invitations.
 */
export async function handleInvite(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
): Promise<InviteReply> {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const form = await readRosterUpload(request);
  if (!(form instanceof FormData)) {
    return {
      step: 'input',
      unreadBody: true,
      emails: '',
      result: refusedResult({
        roster: [
          `That file is larger than ${ROSTER_LIMITS.maxBytes / 1_000_000} MB. A roster of educators is only a few kilobytes; export just the name and email columns as CSV and try again.`,
        ],
      }),
    };
  }
  const submission = parseWithZod(form, { schema: InviteActionSchema });
  if (submission.status !== 'success') {
    const emails = form.get('emails');
    return {
      step: 'input',
      result: submission.reply({ hideFields: UNECHOED }),
      emails: typeof emails === 'string' ? emails : '',
    };
  }

  const action = submission.value;
  if (action.intent === 'confirm') {
    const confirmed = action.payload;
    // planning happens inside the once-only run, so a repeat answers what the first one sent
    const outcome = await runOnce(
      context.db,
      {
        key: readIdempotencyKey(form),
        userId: user.id,
        action: 'invitations.send',
        input: { cohortId: cohort.id, ...confirmed },
      },
      async (db) => {
        const plan = planInvitations(confirmed.entries, await getInvitePlanContext(db, cohort.id));
        const toInvite = plan.rows.filter(
          (row) => row.fate === 'invite' || row.fate === 'waitlist',
        );
        if (toInvite.length === 0) return { status: 'nobody-new' as const };
        return createInvitations(db, {
          cohortId: cohort.id,
          inviterId: user.id,
          role: confirmed.role,
          entries: toInvite,
          appOrigin: appOriginOf(request, context.env),
        });
      },
    );
    if (outcome.status === 'nobody-new') {
      throw await redirectWithToast(`/cohorts/${cohort.id}/roster`, {
        kind: 'info',
        message: 'Nobody new to invite: everyone on the list is already a member or invited.',
      });
    }
    if (outcome.status === 'rate-limited') {
      const wait = describeWait(outcome.retryAfterSeconds);
      return {
        step: 'input',
        emails: confirmed.entries.map((entry) => entry.email).join('\n'),
        retryAfterSeconds: outcome.retryAfterSeconds,
        result: submission.reply({
          hideFields: UNECHOED,
          formErrors: [
            outcome.remaining > 0
              ? `Invitations are limited to ${INVITATIONS_PER_COHORT.limit} an hour per cohort and ${INVITATIONS_PER_INVITER.limit} an hour in all, and this list would go over: ${outcome.remaining} more can go out now. Send a shorter list, or try again in ${wait}.`
              : `You have sent as many invitations as an hour allows (${INVITATIONS_PER_COHORT.limit} per cohort, ${INVITATIONS_PER_INVITER.limit} in all). Nothing was sent; try again in ${wait}.`,
          ],
        }),
      };
    }
    throw await redirectWithToast(`/cohorts/${cohort.id}/roster?status=invited`, {
      kind: 'success',
      message: `Sent ${outcome.created} invitation${outcome.created === 1 ? '' : 's'}. They are on their way by email.`,
    });
  }

  const emails = action.emails ?? '';
  const parsed = action.roster
    ? parseRosterCsv(new Uint8Array(await action.roster.arrayBuffer()))
    : parseEmailList(emails);
  if (!parsed.ok) {
    return {
      step: 'input',
      emails,
      result: submission.reply({
        hideFields: UNECHOED,
        fieldErrors: { [action.roster ? 'roster' : 'emails']: [parsed.error] },
      }),
    };
  }

  const planContext = await getInvitePlanContext(context.db, cohort.id);
  const plan = planInvitations(parsed.entries, planContext);
  const entries: RosterEntry[] = parsed.entries;
  return {
    step: 'preview',
    role: action.role,
    rows: plan.rows,
    counts: plan.counts,
    seatsLeft: planContext.seatsLeft,
    payload: JSON.stringify({ role: action.role, entries }),
  };
}
