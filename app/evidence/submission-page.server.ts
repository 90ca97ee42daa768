import type { AppLoadContext } from '@remix-run/node';
import { getFeeOwed, getSubmissionFee } from '../fees/fee-rules.server';
import { ACCEPTED_EXTENSIONS } from '../storage/file-types.server';
import { isEditable } from './labels';
import { getOpenCritique } from '../critique/critique-requests.server';
import { requireSubmissionAccess } from './submission-access.server';
import { getSubmissionView } from './submission-view.server';

/** Everything the evidence page shows, for whoever may open it. */
export async function loadSubmissionPage(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string; submissionId?: string },
) {
  const access = await requireSubmissionAccess(
    context.db,
    request,
    params.cohortId,
    params.submissionId,
  );
  const view = await getSubmissionView(context.db, access.submission.id);
  const openCritique =
    access.viewer === 'partner' && access.viewerMemberId
      ? await getOpenCritique(context.db, {
          submissionId: access.submission.id,
          reviewerMemberId: access.viewerMemberId,
        })
      : null;
  const [fee, feeQuote] = await Promise.all([
    getSubmissionFee(context.db, access.submission.id),
    access.viewer === 'author' && isEditable(access.submission.status)
      ? getFeeOwed(context.db, {
          userId: access.user.id,
          memberId: view.submission.memberId,
          microCredentialId: view.submission.credentialId,
          submissionId: access.submission.id,
        })
      : null,
  ]);
  return {
    view,
    fee,
    feeQuote,
    viewer: access.viewer,
    role: access.role,
    timezone: access.cohort.timezone,
    cohortId: access.cohort.id,
    hasOpenCritique: Boolean(openCritique),
    maxUploadMb: Math.round(context.env.UPLOAD_MAX_BYTES / 100_000) / 10,
    maxUploadBytes: context.env.UPLOAD_MAX_BYTES,
    accept: ACCEPTED_EXTENSIONS,
  };
}

export type SubmissionPageData = Awaited<ReturnType<typeof loadSubmissionPage>>;
