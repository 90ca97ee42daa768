import { describe, expect, it } from 'vitest';
import { cohortCertificatePdf } from './documents.server';

describe('certificate PDF', () => {
  it('makes a certificate for any name', async () => {
    const bytes = await cohortCertificatePdf({
      name: 'Nguyễn Thị Hạnh 李',
      stateEducatorId: '1234567',
      organizationName: 'Three Rivers Education Association',
      programTitle: 'Classroom Management',
      cohortName: 'Spring 2027 — Classroom Management',
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      awardedAt: '2027-04-30T20:00:00.000Z',
      timezone: 'America/New_York',
      hours: 15,
      verificationUrl: 'https://cadre.example.org/certificates/0',
    });
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
