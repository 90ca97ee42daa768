import type { AppLoadContext } from '@remix-run/node';
import { requireUser } from '../auth/session.server';
import { parseSchoolYear, schoolYearOf } from '../hours/school-year';
import { getTranscriptScope } from '../hours/transcript.server';
import { pdfResponse } from '../pdf/layout.server';
import { notFound } from '../permissions/permissions.server';
import { getStorage } from '../storage/storage.server';
import { fileSlug } from '../utils/csv.server';
import { chapter14Year, getChapter14Years, renderChapter14Letter } from './chapter14.server';
import { getIssuer } from './issuer.server';

/**
 * A paraprofessional's Chapter 14 letter for `?year=2026` (the school year starting then;
 * this school year when absent or malformed). The person and their organization's admins get
 * every activity; a cohort's facilitator or coach gets the activities of the cohorts they staff.
 */
export async function chapter14PdfResponse(
  context: AppLoadContext,
  request: Request,
  userId: string | undefined,
) {
  const viewer = await requireUser(context.db, request);
  const targetId = userId ?? viewer.id;
  const scope = await getTranscriptScope(context.db, { viewer, userId: targetId });
  if (!scope) notFound('We could not find that letter.');
  const data = await getChapter14Years(context.db, { userId: targetId, scope });
  if (!data) notFound('We could not find that letter.');
  if (!data.person.isParaprofessional) {
    notFound('Chapter 14 letters are for people marked as paraprofessionals.');
  }
  const now = new Date();
  const requested = parseSchoolYear(new URL(request.url).searchParams.get('year'));
  const startYear = (requested ?? schoolYearOf(now, data.person.timezone)).startYear;
  const issuer = await getIssuer(context.db, getStorage(context.env), data.person.organizationId);
  if (!issuer) notFound('We could not find that letter.');
  const year = chapter14Year(data.years, startYear);
  const bytes = await renderChapter14Letter({
    person: data.person,
    issuer,
    year,
    issuedAt: now,
    timezone: data.person.timezone,
    partial: scope.cohortIds !== 'all',
  });
  return pdfResponse(
    bytes,
    `chapter-14-letter-${year.schoolYear.startYear}-${fileSlug(data.person.name.normalize('NFKD'))}.pdf`,
  );
}
