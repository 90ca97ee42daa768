import type { Transcript } from '../hours/transcript.server';
import { formatHours, sourceLabels } from '../hours/ledger.server';
import { formatDateRange, formatDay } from '../utils/dates';
import { rgb } from 'pdf-lib';
import { LETTER_LANDSCAPE, MUTED, PdfLayout } from '../pdf/layout.server';

/** The certificates' and transcript's blue, a touch brighter than the plans' teal. */
const ACCENT = rgb(0.15, 0.33, 0.62);

/** The transcript as a PDF: the person, then each cohort with its hours by source and entries. */
export async function transcriptPdf(
  transcript: Transcript,
  input: { generatedAt: Date; origin: string },
) {
  const { person } = transcript;
  const layout = await PdfLayout.create({ title: `Transcript: ${person.name}` });
  layout.text('Professional-learning transcript', {
    size: 20,
    bold: true,
    color: ACCENT,
    after: 4,
  });
  layout.text(person.organizationName, { size: 12, color: MUTED, after: 12 });
  layout.text(person.name, { size: 14, bold: true, after: 4 });
  layout.text(
    `${person.email}${person.stateEducatorId ? ` · State educator id ${person.stateEducatorId}` : ''}`,
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
      `${formatDateRange(cohort.startsOn, cohort.endsOn)} · ${formatHours(cohort.total)} (completing ${formatHours(cohort.bySource.completion)}, micro-credentials ${formatHours(cohort.bySource['micro-credential'])}, adjustments ${formatHours(cohort.bySource.adjustment)})`,
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
  return layout.save();
}

interface CertificateInput {
  heading: string;
  name: string;
  statement: string;
  title: string;
  details: string[];
  organizationName: string;
  verificationUrl: string;
}

async function certificatePdf(input: CertificateInput) {
  const layout = await PdfLayout.create({
    title: `${input.heading}: ${input.name}`,
    size: LETTER_LANDSCAPE,
    margin: 72,
  });
  layout.space(48);
  layout.text(input.organizationName.toUpperCase(), {
    size: 12,
    color: MUTED,
    align: 'center',
    after: 18,
  });
  layout.text(input.heading, { size: 30, bold: true, color: ACCENT, align: 'center', after: 24 });
  layout.text('This certifies that', { size: 13, color: MUTED, align: 'center', after: 8 });
  layout.text(input.name, { size: 26, bold: true, align: 'center', after: 12 });
  layout.text(input.statement, { size: 13, color: MUTED, align: 'center', after: 8 });
  layout.text(input.title, { size: 18, bold: true, align: 'center', after: 20 });
  for (const detail of input.details) layout.text(detail, { size: 12, align: 'center', after: 4 });
  layout.space(24);
  layout.text(`Verify at ${input.verificationUrl}`, {
    size: 10,
    color: ACCENT,
    align: 'center',
    after: 4,
  });
  layout.frame(ACCENT);
  return layout.save();
}

export async function cohortCertificatePdf(input: {
  name: string;
  stateEducatorId: string | null;
  organizationName: string;
  programTitle: string;
  cohortName: string;
  startsOn: string;
  endsOn: string;
  awardedAt: string;
  timezone: string;
  hours: number;
  verificationUrl: string;
}) {
  return certificatePdf({
    heading: 'Certificate of Completion',
    name: input.name,
    statement: 'completed the professional-learning program',
    title: `${input.programTitle}: ${input.cohortName}`,
    details: [
      `${formatHours(input.hours)} of professional learning`,
      `${formatDateRange(input.startsOn, input.endsOn)} · completed ${formatDay(input.awardedAt, input.timezone)}`,
      ...(input.stateEducatorId ? [`State educator id ${input.stateEducatorId}`] : []),
    ],
    organizationName: input.organizationName,
    verificationUrl: input.verificationUrl,
  });
}

export async function credentialCertificatePdf(input: {
  name: string;
  organizationName: string;
  title: string;
  kind: 'micro-credential' | 'stack';
  hours: number;
  issuedAt: string;
  timezone: string;
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
      `Issued ${formatDay(input.issuedAt, input.timezone)} as a signed Open Badges 3.0 credential`,
    ],
    organizationName: input.organizationName,
    verificationUrl: input.verificationUrl,
  });
}
