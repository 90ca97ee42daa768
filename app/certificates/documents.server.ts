import type { Transcript } from '../hours/transcript.server';
import { formatHours, sourceLabels } from '../hours/ledger.server';
import { formatDateRange, formatDay } from '../utils/dates';
import { rgb } from 'pdf-lib';
import { LETTER_LANDSCAPE, MUTED, PdfLayout } from '../pdf/layout.server';
import { drawQrCode } from '../pdf/qr.server';
import type { Issuer } from './issuer.server';

/** The certificates' and transcript's blue, a touch brighter than the plans' teal. */
export const ACCENT = rgb(0.15, 0.33, 0.62);

/** The transcript as a PDF: the person, then each cohort with its hours by source and entries. */
export async function transcriptPdf(
  transcript: Transcript,
  input: { generatedAt: Date; origin: string; issuer: Issuer },
) {
  const { person } = transcript;
  const { issuer } = input;
  const layout = await PdfLayout.create({
    title: `Professional-learning transcript: ${person.name}`,
    author: issuer.organizationName,
  });
  const top = layout.cursor;
  await drawLogo(layout, issuer, { top: top + 20, width: 140, height: 44, align: 'right' });
  layout.text('Professional-learning transcript', {
    size: 20,
    bold: true,
    color: ACCENT,
    after: 4,
  });
  layout.text(issuer.organizationName, { size: 12, color: MUTED, after: 2 });
  const provider = providerLine(issuer);
  if (provider) layout.text(provider, { size: 10, color: MUTED, after: 2 });
  layout.space(10);
  layout.text(person.name, { size: 14, bold: true, after: 4 });
  layout.text(
    `${person.email}${person.stateEducatorId ? ` · State educator id (PPID) ${person.stateEducatorId}` : ''}`,
    { size: 10, color: MUTED, after: 4 },
  );
  layout.text(
    `Total: ${formatHours(transcript.totalHours)} · Generated ${formatDay(input.generatedAt.toISOString(), person.timezone)}`,
    { size: 11, bold: true, after: 12 },
  );

  if (transcript.cohorts.length === 0) layout.text('No cohorts yet.', { color: MUTED, after: 4 });
  for (const cohort of transcript.cohorts) {
    layout.rule();
    layout.text(`${cohort.programTitle}: ${cohort.name}`, { size: 13, bold: true, after: 4 });
    layout.text(
      `Activity dates ${formatDateRange(cohort.startsOn, cohort.endsOn)} · ${formatHours(cohort.total)} (completing ${formatHours(cohort.bySource.completion)}, micro-credentials ${formatHours(cohort.bySource['micro-credential'])}, adjustments ${formatHours(cohort.bySource.adjustment)})`,
      { size: 10, color: MUTED, after: 6 },
    );
    if (cohort.entries.length > 0) {
      const columns = [0, 0.17, 0.4, 0.52];
      layout.row(['Date', 'Source', 'Hours', 'Reason'], columns, { bold: true, size: 9 });
      for (const entry of cohort.entries) {
        layout.row(
          [
            formatDay(entry.awardedAt, cohort.timezone),
            sourceLabels[entry.source],
            `${entry.hours > 0 ? '+' : ''}${entry.hours}`,
            entry.reason,
          ],
          columns,
          { size: 9 },
        );
      }
    }
    for (const credential of cohort.credentials) {
      layout.text(
        `Credential: ${credential.title}${credential.revoked ? ' (revoked)' : ''} · ${input.origin}/credentials/${credential.id}`,
        { size: 9, color: credential.revoked ? MUTED : ACCENT, after: 4 },
      );
    }
    layout.space(6);
  }
  layout.footer(
    (page, total) => `${person.name} · ${issuer.organizationName} · page ${page} of ${total}`,
  );
  return layout.save();
}

interface CertificateInput {
  heading: string;
  name: string;
  statement: string;
  title: string;
  details: string[];
  issuer: Issuer;
  certificateId: string;
  verificationUrl: string;
}

/** "Provider: Three Rivers EA · Provider number 1234", or nothing when the number is not set. */
export function providerLine(issuer: Issuer) {
  if (!issuer.providerNumber) return null;
  return `Provider: ${issuer.providerName ?? issuer.organizationName} · Provider number ${issuer.providerNumber}`;
}

/** The organization's logo centred (or right-aligned) below `top`; returns the height it took. */
export async function drawLogo(
  layout: PdfLayout,
  issuer: Issuer,
  box: { top: number; width: number; height: number; align: 'center' | 'right' },
) {
  if (!issuer.logo) return 0;
  const image = await layout.embedImage(issuer.logo.bytes, issuer.logo.type);
  if (!image) return 0;
  const scaled = image.scaleToFit(box.width, box.height);
  layout.currentPage.drawImage(image, {
    x:
      box.align === 'center'
        ? (layout.size[0] - scaled.width) / 2
        : layout.size[0] - layout.margin - scaled.width,
    y: box.top - scaled.height,
    width: scaled.width,
    height: scaled.height,
  });
  return scaled.height;
}

/** Signature image over a line, the signatory's name and title below, left end at `x`. */
export async function drawSignature(
  layout: PdfLayout,
  issuer: Issuer,
  at: { x: number; y: number },
) {
  const page = layout.currentPage;
  const width = 220;
  if (issuer.signature) {
    const image = await layout.embedImage(issuer.signature.bytes, issuer.signature.type);
    if (image) {
      const scaled = image.scaleToFit(width - 20, 44);
      page.drawImage(image, {
        x: at.x + 4,
        y: at.y + 3,
        width: scaled.width,
        height: scaled.height,
      });
    }
  }
  page.drawLine({
    start: { x: at.x, y: at.y },
    end: { x: at.x + width, y: at.y },
    thickness: 0.75,
    color: MUTED,
  });
  layout.drawLine(issuer.signatoryName ?? issuer.organizationName, {
    x: at.x,
    y: at.y - 14,
    size: 11,
    bold: true,
  });
  if (issuer.signatoryName && issuer.signatoryTitle) {
    layout.drawLine(issuer.signatoryTitle, { x: at.x, y: at.y - 27, size: 9.5, color: MUTED });
  }
}

/** The verification corner: QR code at the right, the address and certificate id beside it. */
function drawVerification(layout: PdfLayout, input: { url: string; id: string; y: number }) {
  const qrSize = 84;
  const right = layout.size[0] - layout.margin;
  drawQrCode(layout.currentPage, input.url, {
    x: right - qrSize + 6,
    y: input.y - 6,
    size: qrSize,
  });
  const textRight = right - qrSize - 2;
  const lines: [string, { size: number; bold?: boolean; color?: typeof MUTED }][] = [
    ['Verify this certificate', { size: 9.5, bold: true }],
    [input.url, { size: 8, color: ACCENT }],
    [`Certificate id ${input.id}`, { size: 8, color: MUTED }],
  ];
  lines.forEach(([text, style], index) => {
    layout.drawLine(text, {
      ...style,
      x: textRight - layout.widthOf(text, style),
      y: input.y + 50 - index * 13,
    });
  });
}

async function certificatePdf(input: CertificateInput) {
  const { issuer } = input;
  const layout = await PdfLayout.create({
    title: `${input.heading}: ${input.name}`,
    author: issuer.organizationName,
    subject: input.title,
    size: LETTER_LANDSCAPE,
    margin: 72,
  });
  const top = layout.size[1] - 58;
  const logoHeight = await drawLogo(layout, issuer, {
    top,
    width: 200,
    height: 56,
    align: 'center',
  });
  layout.cursor = top - (logoHeight ? logoHeight + 6 : 12);
  layout.text(issuer.organizationName.toUpperCase(), {
    size: 11,
    color: MUTED,
    align: 'center',
    after: 10,
  });
  layout.text(input.heading, { size: 28, bold: true, color: ACCENT, align: 'center', after: 14 });
  layout.text('This certifies that', { size: 12, color: MUTED, align: 'center', after: 4 });
  layout.text(input.name, { size: 26, bold: true, align: 'center', after: 8 });
  layout.text(input.statement, { size: 12, color: MUTED, align: 'center', after: 4 });
  layout.text(input.title, { size: 17, bold: true, align: 'center', after: 12 });
  for (const detail of input.details) layout.text(detail, { size: 11, align: 'center', after: 3 });
  const provider = providerLine(issuer);
  if (provider) layout.text(provider, { size: 10, color: MUTED, align: 'center', after: 3 });

  const bottom = 64;
  await drawSignature(layout, issuer, { x: layout.margin, y: bottom + 44 });
  drawVerification(layout, { url: input.verificationUrl, id: input.certificateId, y: bottom });
  layout.frame(ACCENT);
  layout.frame(ACCENT, 30);
  return layout.save();
}

export async function cohortCertificatePdf(input: {
  id: string;
  name: string;
  stateEducatorId: string | null;
  programTitle: string;
  cohortName: string;
  startsOn: string;
  endsOn: string;
  awardedAt: string;
  timezone: string;
  hours: number;
  issuer: Issuer;
  verificationUrl: string;
}) {
  return certificatePdf({
    heading: 'Certificate of Completion',
    name: input.name,
    statement: 'completed the professional-learning program',
    title: `${input.programTitle}: ${input.cohortName}`,
    details: [
      `${formatHours(input.hours)} of professional learning`,
      `Activity dates ${formatDateRange(input.startsOn, input.endsOn)} · completed ${formatDay(input.awardedAt, input.timezone)}`,
      ...(input.stateEducatorId ? [`State educator id (PPID) ${input.stateEducatorId}`] : []),
    ],
    issuer: input.issuer,
    certificateId: input.id,
    verificationUrl: input.verificationUrl,
  });
}

export async function credentialCertificatePdf(input: {
  id: string;
  name: string;
  title: string;
  kind: 'micro-credential' | 'stack';
  hours: number;
  issuedAt: string;
  startsOn: string;
  endsOn: string;
  timezone: string;
  issuer: Issuer;
  verificationUrl: string;
}) {
  return certificatePdf({
    heading: input.kind === 'stack' ? 'Stack Credential' : 'Micro-credential',
    name: input.name,
    statement:
      input.kind === 'stack'
        ? 'earned every micro-credential of the stack'
        : 'earned the micro-credential',
    title: input.title,
    details: [
      `${formatHours(input.hours)} of professional learning`,
      `Activity dates ${formatDateRange(input.startsOn, input.endsOn)}`,
      `Issued ${formatDay(input.issuedAt, input.timezone)} as a signed Open Badges 3.0 credential`,
    ],
    issuer: input.issuer,
    certificateId: input.id,
    verificationUrl: input.verificationUrl,
  });
}
