import type { SubmissionStatus } from '../../db/schema';
import type { SessionUser } from '../auth/session.server';
import {
  forbidden,
  notFound,
  may,
  requireCohortRole,
  type CohortAccess,
} from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { getCurrentPartnerIds } from '../critique/partners.server';
import { type Executor, getOwnMember } from './submission-rows.server';

export type SubmissionViewer = 'author' | 'partner' | 'staff';

export interface SubmissionAccess extends CohortAccess {
  user: SessionUser;
  viewer: SubmissionViewer;
  /** the viewer's own cohort_member id, when they are a member */
  viewerMemberId: string | null;
  submission: {
    id: string;
    memberId: string;
    authorUserId: string;
    microCredentialId: string;
    status: SubmissionStatus;
    attempt: number;
  };
}

/**
 * The first line of every submission loader and action. The author, their partners
 * (current ones, and anyone asked to critique this work), the cohort's facilitators and
 * coaches and the organization's admins may see it; anyone else gets 403, and a
 * submission from another cohort is a 404.
 */
export async function requireSubmissionAccess(
  db: Executor,
  request: Request,
  cohortId: string | undefined,
  submissionId: string | undefined,
): Promise<SubmissionAccess> {
  const access = await requireCohortRole(db, request, cohortId, 'view');
  if (!isUuid(submissionId)) notFound('We could not find that evidence.');
  const submission = await db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .select([
      'submission.id',
      'submission.member_id as memberId',
      'cohort_member.user_id as authorUserId',
      'submission.micro_credential_id as microCredentialId',
      'submission.status',
      'submission.attempt',
    ])
    .where('submission.id', '=', submissionId)
    .where('cohort_member.cohort_id', '=', access.cohort.id)
    .executeTakeFirst();
  if (!submission) notFound('We could not find that evidence.');
  const own = await getOwnMember(db, { cohortId: access.cohort.id, userId: access.user.id });
  const viewerMemberId = own?.id ?? null;
  const base = { ...access, submission, viewerMemberId };
  if (submission.authorUserId === access.user.id) return { ...base, viewer: 'author' };
  if (may(access.role, 'manage')) return { ...base, viewer: 'staff' };
  if (viewerMemberId && (await isPartnerOf(db, { submission, reviewerMemberId: viewerMemberId }))) {
    return { ...base, viewer: 'partner' };
  }
  forbidden('This evidence belongs to someone who is not your critique partner.');
}

async function isPartnerOf(
  db: Executor,
  input: {
    submission: { memberId: string; microCredentialId: string };
    reviewerMemberId: string;
  },
) {
  const partners = await getCurrentPartnerIds(db, input.submission.memberId);
  if (partners.includes(input.reviewerMemberId)) return true;
  const asked = await db
    .selectFrom('critique')
    .innerJoin('submission', 'submission.id', 'critique.submission_id')
    .select('critique.id')
    .where('critique.reviewer_member_id', '=', input.reviewerMemberId)
    .where('submission.member_id', '=', input.submission.memberId)
    .where('submission.micro_credential_id', '=', input.submission.microCredentialId)
    .executeTakeFirst();
  return Boolean(asked);
}

// ---------------------------------------------------------------------------------------
// reading
