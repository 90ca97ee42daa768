import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { appOriginOf } from '../http/origin.server';
import { requireCohortRole } from '../permissions/permissions.server';
import { redirectWithToast, type Toast } from '../utils/toast.server';
import { formPartnerGroups, moveToPartner } from './partners.server';
import { readFormData } from '../http/form.server';

const CHOOSE_TWO = 'Choose two participants, then move. Nothing changed.';

const PartnersActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('form') }),
    z.object({
      intent: z.literal('move'),
      memberId: z.uuid({ error: CHOOSE_TWO }),
      partnerMemberId: z.uuid({ error: CHOOSE_TWO }),
    }),
  ],
  { error: CHOOSE_TWO },
);

/** The partners page's actions, for the facilitator; each ends in a redirect with a message. */
export async function handlePartnersAction(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
): Promise<never> {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const back = `/cohorts/${cohort.id}/partners`;
  const form = await readFormData(request);
  const parsed = parseWithZod(form, { schema: PartnersActionSchema });
  // the page answers every change with a message on the way back, refusals too
  if (parsed.status !== 'success') {
    throw await redirectWithToast(back, { kind: 'error', message: CHOOSE_TWO });
  }
  const appOrigin = appOriginOf(request, context.env);
  let toast: Toast;
  if (parsed.value.intent === 'form') {
    const result = await formPartnerGroups(context.db, {
      cohortId: cohort.id,
      actorId: user.id,
      appOrigin,
    });
    toast =
      result.status === 'formed'
        ? {
            kind: 'success',
            message: `${result.groups} partner groups formed; everyone was told who their partner is.`,
          }
        : { kind: 'error', message: 'Partners need at least two active participants.' };
  } else {
    const result = await moveToPartner(context.db, {
      cohortId: cohort.id,
      memberId: parsed.value.memberId,
      partnerMemberId: parsed.value.partnerMemberId,
      actorId: user.id,
      appOrigin,
    });
    switch (result.status) {
      case 'moved':
        toast = {
          kind: 'success',
          message: `${result.name} is now with ${result.partnerName}.${
            result.leftAlone.length > 0
              ? ` ${result.leftAlone.join(', ')} has no partner now; move them into a group.`
              : ''
          }`,
        };
        break;
      case 'already':
        toast = { kind: 'info', message: `${result.name} is already with ${result.partnerName}.` };
        break;
      case 'too-big':
        toast = {
          kind: 'error',
          message: `${result.partnerName}’s group already has three people; choose another group.`,
        };
        break;
      case 'same-person':
        toast = { kind: 'error', message: 'Choose two different participants.' };
        break;
      default:
        toast = { kind: 'error', message: 'That participant is no longer active in the cohort.' };
    }
  }
  throw await redirectWithToast(back, toast);
}
