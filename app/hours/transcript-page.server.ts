import type { AppLoadContext } from '@remix-run/node';
import { requireUser } from '../auth/session.server';
import { transcriptPdf } from '../certificates/documents.server';
import { getIssuer } from '../certificates/issuer.server';
import { getStorage } from '../storage/storage.server';
import { pdfResponse } from '../pdf/layout.server';
import { issuerOrigin } from '../credentials/origin.server';
import { forbidden, notFound } from '../permissions/permissions.server';
import { fileSlug } from '../utils/csv.server';
import { formatDateRange, formatDay } from '../utils/dates';
import { formatHours, sourceLabels } from './ledger.server';
import { schoolYearOf } from './school-year';
import { getTranscript, getTranscriptScope, type Transcript } from './transcript.server';

async function requireTranscript(
  context: AppLoadContext,
  request: Request,
  userId: string | undefined,
) {
  const viewer = await requireUser(context.db, request);
  const targetId = userId ?? viewer.id;
  const scope = await getTranscriptScope(context.db, { viewer, userId: targetId });
  // a 404 for people and transcripts the viewer may not see, so ids cannot be probed
  if (!scope) notFound('We could not find that transcript.');
  const transcript = await getTranscript(context.db, { userId: targetId, scope });
  if (!transcript) {
    if (scope.cohortIds === 'all') notFound('We could not find that transcript.');
    forbidden();
  }
  return { viewer, transcript, own: viewer.id === targetId };
}

/** This school year and every one with hours, newest first, each with its letter's address. */
function chapter14Links(transcript: Transcript, path: string) {
  const timezone = transcript.person.timezone;
  const years = new Map<number, { label: string; hours: number }>();
  const current = schoolYearOf(new Date(), timezone);
  years.set(current.startYear, { label: current.label, hours: 0 });
  for (const cohort of transcript.cohorts) {
    for (const entry of cohort.entries) {
      const year = schoolYearOf(entry.awardedAt, timezone);
      const sum = years.get(year.startYear) ?? { label: year.label, hours: 0 };
      sum.hours += entry.hours;
      years.set(year.startYear, sum);
    }
  }
  return [...years]
    .sort(([a], [b]) => b - a)
    .map(([startYear, year]) => ({
      href: `${path}?year=${startYear}`,
      label: year.label,
      hoursLabel: formatHours(year.hours),
    }));
}

/** The transcript page's data, with every date and figure already formatted. */
export async function loadTranscriptPage(
  context: AppLoadContext,
  request: Request,
  userId: string | undefined,
) {
  const { transcript, own, viewer } = await requireTranscript(context, request, userId);
  const { person } = transcript;
  return {
    own,
    /** the person and their organization's admins may issue a signed learner record (CLR) */
    recordAction: own || viewer.isOrgAdmin ? `/transcripts/${person.id}/learner-record` : null,
    person: {
      id: person.id,
      name: person.name,
      email: person.email,
      stateEducatorId: person.stateEducatorId,
      organizationName: person.organizationName,
    },
    totalLabel: formatHours(transcript.totalHours),
    pdfHref: own ? '/me/transcript.pdf' : `/transcripts/${person.id}.pdf`,
    chapter14Letters: person.isParaprofessional
      ? chapter14Links(
          transcript,
          own ? '/me/chapter-14.pdf' : `/transcripts/${person.id}/chapter-14.pdf`,
        )
      : [],
    cohorts: transcript.cohorts.map((cohort) => ({
      id: cohort.id,
      name: cohort.name,
      programTitle: cohort.programTitle,
      dates: formatDateRange(cohort.startsOn, cohort.endsOn),
      totalLabel: formatHours(cohort.total),
      bySource: [
        { label: 'Completing', value: formatHours(cohort.bySource.completion) },
        { label: 'Micro-credentials', value: formatHours(cohort.bySource['micro-credential']) },
        { label: 'Adjustments', value: formatHours(cohort.bySource.adjustment) },
      ],
      certificateHref: cohort.completed
        ? `/transcripts/${person.id}/certificates/${cohort.id}.pdf`
        : null,
      entries: cohort.entries.map((entry) => ({
        id: entry.id,
        when: formatDay(entry.awardedAt, cohort.timezone),
        source: sourceLabels[entry.source],
        hours: `${entry.hours > 0 ? '+' : ''}${formatHours(entry.hours)}`,
        reason: entry.reason,
      })),
      credentials: cohort.credentials.map((credential) => ({
        ...credential,
        issued: formatDay(credential.issuedAt, cohort.timezone),
        hoursLabel: formatHours(credential.hours),
      })),
    })),
  };
}

export async function transcriptPdfResponse(
  context: AppLoadContext,
  request: Request,
  userId: string | undefined,
) {
  const { transcript } = await requireTranscript(context, request, userId);
  const issuer = await getIssuer(
    context.db,
    getStorage(context.env),
    transcript.person.organizationId,
  );
  if (!issuer) notFound('We could not find that transcript.');
  const bytes = await transcriptPdf(transcript, {
    generatedAt: new Date(),
    origin: issuerOrigin(request, context.env),
    issuer,
  });
  return pdfResponse(bytes, `transcript-${fileSlug(transcript.person.name)}.pdf`);
}

export { requireTranscript };
