import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/session.server';
import { getCredentialCertificate } from '~/certificates/certificates.server';
import { getIssuer } from '~/certificates/issuer.server';
import { getStorage } from '~/storage/storage.server';
import { credentialCertificatePdf } from '~/certificates/documents.server';
import { pdfResponse } from '~/pdf/layout.server';
import { getCredentialPage } from '~/credentials/credentials.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { notFound } from '~/permissions/permissions.server';
import { fileSlug } from '~/utils/csv.server';

/** A printable certificate for a credential: the earner, their cohort's staff and org admins. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser(context.db, request);
  const page = await getCredentialPage(context.db, { credentialId: params.credentialId, viewer });
  if (!page || page.relation === 'public') notFound('We could not find that certificate.');
  const certificate = await getCredentialCertificate(context.db, page.id);
  if (!certificate) notFound('We could not find that certificate.');
  if (certificate.revoked) notFound('This credential is revoked; it has no certificate.');
  const issuer = await getIssuer(context.db, getStorage(context.env), certificate.organizationId);
  if (!issuer) notFound('We could not find that certificate.');
  const bytes = await credentialCertificatePdf({
    ...certificate,
    issuer,
    verificationUrl: `${issuerOrigin(request, context.env)}/credentials/${certificate.id}`,
  });
  return pdfResponse(bytes, `certificate-${fileSlug(certificate.title)}.pdf`);
}
