import type { LoaderFunctionArgs } from '@remix-run/node';
import { getCohortCertificate } from '~/certificates/certificates.server';
import { getIssuer } from '~/certificates/issuer.server';
import { getStorage } from '~/storage/storage.server';
import { cohortCertificatePdf } from '~/certificates/documents.server';
import { pdfResponse } from '~/pdf/layout.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { requireTranscript } from '~/hours/transcript-page.server';
import { notFound } from '~/permissions/permissions.server';
import { fileSlug } from '~/utils/csv.server';

/** The completion certificate, for whoever may read the transcript it belongs to. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { transcript } = await requireTranscript(context, request, params.userId ?? '');
  const cohortId = params.cohortId ?? '';
  if (!transcript.cohorts.some((cohort) => cohort.id === cohortId)) {
    notFound('We could not find that certificate.');
  }
  const certificate = await getCohortCertificate(context.db, {
    userId: transcript.person.id,
    cohortId,
  });
  if (!certificate) notFound('There is no completion certificate for this cohort (yet).');
  const issuer = await getIssuer(context.db, getStorage(context.env), certificate.organizationId);
  if (!issuer) notFound('We could not find that certificate.');
  const bytes = await cohortCertificatePdf({
    ...certificate,
    issuer,
    verificationUrl: `${issuerOrigin(request, context.env)}/certificates/${certificate.id}`,
  });
  return pdfResponse(bytes, `certificate-${fileSlug(certificate.cohortName)}.pdf`);
}
