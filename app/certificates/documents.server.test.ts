import { PDFDocument, PDFName } from 'pdf-lib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { pdfPageTexts } from '../../tests/setup/pdf-text';
import { cohortCertificatePdf, credentialCertificatePdf } from './documents.server';
import type { Issuer } from './issuer.server';

const NAMES = [
  'Đặng Thị Ngọc',
  'Nguyễn Thị Hạnh',
  'Łukasz Żółć',
  'Ştefan Ćosić',
  'Ioana Ș. Țurcanu',
  '李小龍',
  'فاطمة',
];

async function issuer(): Promise<Issuer> {
  // any PNG does for a logo and a signature
  const png = new Uint8Array(await QRCode.toBuffer('logo', { width: 120 }));
  return {
    organizationName: 'Asociația Învățătorilor Științe',
    providerName: 'Three Rivers Education Association',
    providerNumber: '9876',
    signatoryName: 'Małgorzata Wiśniewska',
    signatoryTitle: 'Directoare de formare',
    logo: { bytes: png, type: 'image/png' },
    signature: { bytes: png, type: 'image/png' },
  };
}

function lang(document: PDFDocument) {
  return document.catalog.get(PDFName.of('Lang'))?.toString();
}

describe('certificate PDF', () => {
  it('prints every name exactly, with the issuer, dates, hours, id and verification address', async () => {
    const from = await issuer();
    for (const name of NAMES) {
      const bytes = await cohortCertificatePdf({
        id: '5b1c8a3e-8e0f-4f4e-9d65-2f1c3a6b7d90',
        name,
        stateEducatorId: '1234567',
        programTitle: 'Classroom Management',
        cohortName: 'Spring 2027 — Łódź',
        startsOn: '2027-01-11',
        endsOn: '2027-04-30',
        awardedAt: '2027-04-30T20:00:00.000Z',
        timezone: 'America/New_York',
        hours: 15,
        issuer: from,
        verificationUrl:
          'https://cadre.example.org/certificates/5b1c8a3e-8e0f-4f4e-9d65-2f1c3a6b7d90',
      });
      const pages = await pdfPageTexts(bytes);
      expect(pages).toHaveLength(1);
      const lines = pages[0]!.split('\n').map((line) => line.trim());
      expect(lines).toContain(name);
      expect(lines).toContain('ASOCIAȚIA ÎNVĂȚĂTORILOR ȘTIINȚE');
      expect(lines).toContain('Classroom Management: Spring 2027 — Łódź');
      expect(lines).toContain('15 hours of professional learning');
      expect(lines).toContain('Activity dates Jan 11 – Apr 30, 2027 · completed Apr 30, 2027');
      expect(lines).toContain(
        'Provider: Three Rivers Education Association · Provider number 9876',
      );
      expect(lines).toContain('Małgorzata Wiśniewska');
      expect(lines).toContain('Directoare de formare');
      expect(lines).toContain(
        'https://cadre.example.org/certificates/5b1c8a3e-8e0f-4f4e-9d65-2f1c3a6b7d90',
      );
      expect(lines).toContain('Certificate id 5b1c8a3e-8e0f-4f4e-9d65-2f1c3a6b7d90');

      const document = await PDFDocument.load(bytes);
      expect(document.getTitle()).toBe(`Certificate of Completion: ${name}`);
      expect(document.getAuthor()).toBe('Asociația Învățătorilor Științe');
      expect(lang(document)).toBe('(en-US)');
      // logo, signature
      expect(bytes.length).toBeLessThan(120_000);
    }
  });

  it('makes a credential certificate without a logo, signatory or provider number', async () => {
    const bytes = await credentialCertificatePdf({
      id: '0e6b1f7a-3c1d-4e8b-a0f2-6d9c5b4a3e21',
      name: 'Nguyễn Thị Hạnh',
      title: 'Positive Behavior Supports',
      kind: 'micro-credential',
      hours: 20,
      issuedAt: '2027-04-30T20:00:00.000Z',
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      timezone: 'America/New_York',
      issuer: {
        organizationName: 'Three Rivers EA',
        providerName: null,
        providerNumber: null,
        signatoryName: null,
        signatoryTitle: null,
        logo: null,
        signature: { bytes: new Uint8Array([0x89, 0x50, 1, 2, 3]), type: 'image/png' },
      },
      verificationUrl: 'https://cadre.example.org/credentials/0e6b1f7a-3c1d-4e8b-a0f2-6d9c5b4a3e21',
    });
    const [page = ''] = await pdfPageTexts(bytes);
    expect(page).toContain('Nguyễn Thị Hạnh');
    expect(page).toContain('Micro-credential');
    expect(page).toContain('Activity dates Jan 11 – Apr 30, 2027');
    expect(page).not.toContain('Provider number');
    expect((await PDFDocument.load(bytes)).getTitle()).toBe('Micro-credential: Nguyễn Thị Hạnh');
  });
});
