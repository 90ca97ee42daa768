import { describe, expect, it } from 'vitest';
import {
  isValidEmail,
  normalizeEmail,
  parseEmailList,
  parseRosterCsv,
  planInvitations,
  ROSTER_LIMITS,
  type RosterEntry,
  type RosterParseResult,
} from './roster-import.server';

function entriesOf(result: RosterParseResult) {
  if (!result.ok) throw new Error(`expected the roster to parse, got: ${result.error}`);
  return result.entries;
}

function errorOf(result: RosterParseResult) {
  if (result.ok) throw new Error('expected the roster to be refused');
  return result.error;
}

function utf8(text: string) {
  return new TextEncoder().encode(text);
}

function person(line: number, email: string, name: string | null = null): RosterEntry {
  return { line, name, email, stateEducatorId: null };
}

const emptyCohort = {
  seatsLeft: 20,
  memberEmails: new Map<string, string>(),
  openInvitationEmails: new Set<string>(),
};

describe('isValidEmail', () => {
  it.each([
    'ann@school.org',
    'Ann.Lee@School.ORG',
    'ann+cohort3@school.org',
    'ann@mail.district.k12.mi.us',
    'o.brien-d@my-school.edu',
  ])('accepts %s', (value) => {
    expect(isValidEmail(value)).toBe(true);
  });

  it.each([
    ['no domain dot', 'a@b'],
    ['two @ signs', 'a@@b.org'],
    ['a space in the name part', 'a b@c.org'],
    ['nothing before the @', '@x.org'],
    ['an empty first domain label', 'x@.org'],
    ['a trailing dot', 'x@org.'],
    ['no @ at all', 'ann.school.org'],
    ['a one-letter ending', 'ann@school.o'],
    ['a number as the ending', 'ann@10.0.0.1'],
    ['an underscore in the domain', 'ann@my_school.org'],
    ['a label starting with a hyphen', 'ann@-school.org'],
    ['a name glued on with a comma', 'lee,ann@school.org'],
    ['an empty string', ''],
    ['more than 254 characters', `${'a'.repeat(60)}@${'b'.repeat(190)}.org`],
  ])('rejects %s', (_label, value) => {
    expect(isValidEmail(value)).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('lower-cases and trims so the same person matches however they were typed', () => {
    expect(normalizeEmail('  Ann.Lee@School.ORG \t')).toBe('ann.lee@school.org');
  });
});

describe('parseRosterCsv', () => {
  it('reads name, email and state educator id, counting the header as line 1', () => {
    const csv =
      'name,email,state educator id\nAnn Lee,ann@school.org,A123\nBo Chen,Bo@School.org,\n';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([
      { line: 2, name: 'Ann Lee', email: 'ann@school.org', stateEducatorId: 'A123' },
      { line: 3, name: 'Bo Chen', email: 'Bo@School.org', stateEducatorId: null },
    ]);
  });

  it('reads a file given as bytes', () => {
    const entries = entriesOf(parseRosterCsv(utf8('name,email\nZoë Müller,zoe@school.org')));
    expect(entries).toEqual([person(2, 'zoe@school.org', 'Zoë Müller')]);
  });

  it('reads a semicolon file from European Excel with a BOM and CRLF line ends', () => {
    const bytes = utf8(
      '\uFEFFName;E-Mail;State Educator ID\r\nJosé García;jose@escuela.es;ES-1\r\n"Lee; Ann";ann@school.org;\r\n',
    );
    expect(bytes.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(entriesOf(parseRosterCsv(bytes))).toEqual([
      { line: 2, name: 'José García', email: 'jose@escuela.es', stateEducatorId: 'ES-1' },
      { line: 3, name: 'Lee; Ann', email: 'ann@school.org', stateEducatorId: null },
    ]);
  });

  it('strips a BOM from a file given as text', () => {
    expect(entriesOf(parseRosterCsv('\uFEFFemail\nann@school.org'))).toEqual([
      person(2, 'ann@school.org'),
    ]);
  });

  it('accepts old Mac line ends (CR only)', () => {
    const entries = entriesOf(parseRosterCsv('name,email\rAnn,ann@school.org\rBo,bo@school.org'));
    expect(entries.map((e) => [e.line, e.email])).toEqual([
      [2, 'ann@school.org'],
      [3, 'bo@school.org'],
    ]);
  });

  it('keeps a quoted name with a comma in it, like "O\'Brien, Daniel"', () => {
    const csv = 'name,email\n"O\'Brien, Daniel",dobrien@school.org\n';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([
      person(2, 'dobrien@school.org', "O'Brien, Daniel"),
    ]);
  });

  it('reads doubled quotes inside a quoted value as one quote', () => {
    const csv = 'name,email\n"Daniel ""Dan"" O\'Brien",dan@school.org';
    expect(entriesOf(parseRosterCsv(csv))[0]?.name).toBe('Daniel "Dan" O\'Brien');
  });

  it('keeps a line break inside a quoted name and numbers the next rows by their real line', () => {
    const csv = 'name,email\n"Ann\nLee",ann@school.org\nBo,bo@school.org\n';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([
      person(2, 'ann@school.org', 'Ann Lee'),
      person(4, 'bo@school.org', 'Bo'),
    ]);
  });

  it('skips blank lines, and rows that are only delimiters, but still counts them', () => {
    const csv = '\nname,email\n\nAnn,ann@school.org\n,\n   \nBo,bo@school.org\n\n';
    expect(entriesOf(parseRosterCsv(csv)).map((e) => e.line)).toEqual([4, 7]);
  });

  it('trims spaces around values and allows a space before an opening quote', () => {
    const csv = 'name , email\n  Ann Lee ,  "ann@school.org"  \n';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([person(2, 'ann@school.org', 'Ann Lee')]);
  });

  it.each([
    ['email', 'email'],
    ['E-mail', 'e-mail'],
    ['Email Address', 'email address'],
    ['EmailAddress', 'emailaddress'],
    ['email_address', 'email_address'],
  ])('finds the email column when it is called "%s"', (_label, header) => {
    expect(entriesOf(parseRosterCsv(`${header}\nann@school.org`))[0]?.email).toBe('ann@school.org');
  });

  it.each(['Name', 'Full Name', 'fullname', 'Educator Name', 'educator_name'])(
    'finds the name column when it is called "%s"',
    (header) => {
      expect(entriesOf(parseRosterCsv(`${header},email\nAnn Lee,a@school.org`))[0]?.name).toBe(
        'Ann Lee',
      );
    },
  );

  it.each(['State Educator ID', 'state_educator_id', 'PPID', 'Educator ID', 'state-id'])(
    'finds the state educator id column when it is called "%s"',
    (header) => {
      const csv = `email,${header}\na@school.org,MI-998`;
      expect(entriesOf(parseRosterCsv(csv))[0]?.stateEducatorId).toBe('MI-998');
    },
  );

  it('joins separate first and last name columns with a space', () => {
    const csv =
      'First Name,Last Name,Email\nAnn,Lee,ann@school.org\n,Chen,bo@school.org\n,,cy@school.org';
    expect(entriesOf(parseRosterCsv(csv)).map((e) => e.name)).toEqual(['Ann Lee', 'Chen', null]);
  });

  it('ignores columns it does not know, in any order', () => {
    const csv = 'School,Email,Phone,Name\nLincoln,ann@school.org,555-0100,Ann';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([person(2, 'ann@school.org', 'Ann')]);
  });

  it('gives null for a missing or empty name and id, and keeps a row with no email for the preview', () => {
    const csv = 'name,email,state educator id\n,ann@school.org,\nBo Chen';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([
      person(2, 'ann@school.org'),
      { line: 3, name: 'Bo Chen', email: '', stateEducatorId: null },
    ]);
  });

  it('keeps the email as typed, without lower-casing it', () => {
    expect(entriesOf(parseRosterCsv('email\n  Ann.Lee@School.ORG  '))[0]?.email).toBe(
      'Ann.Lee@School.ORG',
    );
  });

  it('picks comma when the header has commas and a semicolon only inside quotes', () => {
    const csv = '"Notes; optional",name,email\n"x; y","Lee; Ann",ann@school.org';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([person(2, 'ann@school.org', 'Lee; Ann')]);
  });

  it('picks the more frequent delimiter when the header has both', () => {
    const csv = 'name;email;state, id\nAnn;ann@school.org;A1';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([person(2, 'ann@school.org', 'Ann')]);
  });

  it('tolerates empty trailing values that spreadsheets add to short rows', () => {
    const csv = 'name;email\nAnn;ann@school.org;;\n';
    expect(entriesOf(parseRosterCsv(csv))).toEqual([person(2, 'ann@school.org', 'Ann')]);
  });

  it('refuses a row with more values than the header, naming its line', () => {
    const csv = [
      'name,email,state educator id',
      'A,a@school.org,1',
      'B,b@school.org,2',
      'C,c@school.org,3',
      'D,d@school.org,4',
      'E,e@school.org,5',
      "O'Brien, Daniel,dobrien@school.org,6",
    ].join('\n');
    expect(errorOf(parseRosterCsv(csv))).toBe(
      'Line 7 has 4 values but the header has 3 columns. Check for an unquoted comma.',
    );
  });

  it('names the semicolon when a semicolon file has an extra value', () => {
    expect(errorOf(parseRosterCsv('name;email\nLee; Ann;ann@school.org'))).toBe(
      'Line 2 has 3 values but the header has 2 columns. Check for an unquoted semicolon.',
    );
  });

  it('refuses a quotation mark that is never closed, naming the line it opens on', () => {
    const error = errorOf(parseRosterCsv('name,email\nAnn,ann@school.org\n"Bo,bo@school.org\n'));
    expect(error).toMatch(/^Line 3 opens a quotation mark that is never closed/);
  });

  it('takes a stray quote inside an unquoted value literally', () => {
    const csv = 'name,email\nAnn "Annie" Lee,ann@school.org';
    expect(entriesOf(parseRosterCsv(csv))[0]?.name).toBe('Ann "Annie" Lee');
  });

  it('refuses a file without an email column, listing the columns it has and the expected header', () => {
    const error = errorOf(parseRosterCsv('Name,Phone\nAnn,555-0100'));
    expect(error).toContain('"Name", "Phone"');
    expect(error).toContain('name,email,state educator id');
  });

  it('explains a file that starts straight with a person instead of a header', () => {
    const error = errorOf(parseRosterCsv('Ann Lee,ann@school.org\nBo Chen,bo@school.org'));
    expect(error).toMatch(/looks like a person rather than a header/);
    expect(error).toContain('name,email,state educator id');
  });

  it('refuses an empty file', () => {
    expect(errorOf(parseRosterCsv(''))).toMatch(/^The file is empty/);
    expect(errorOf(parseRosterCsv(utf8('\uFEFF\r\n\r\n')))).toMatch(/^The file is empty/);
  });

  it('refuses a header with nobody under it', () => {
    expect(errorOf(parseRosterCsv('name,email\n\n,\n'))).toBe(
      'The file has a header but no people in it.',
    );
  });

  it('refuses a binary file such as a PNG image, pointing to "CSV UTF-8"', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const error = errorOf(parseRosterCsv(png));
    expect(error).toMatch(/^This file is not a CSV text file/);
    expect(error).toContain('CSV UTF-8');
  });

  it('refuses an Excel workbook (.xlsx is a zip full of NUL bytes)', () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]);
    expect(errorOf(parseRosterCsv(xlsx))).toMatch(/^This file is not a CSV text file/);
  });

  it('refuses a file saved in an old Windows encoding rather than garbling names', () => {
    // "José" in Windows-1252: the é is the lone byte 0xe9, which is not valid UTF-8
    const bytes = new Uint8Array([...utf8('name,email\nJos'), 0xe9, ...utf8(',jose@school.org')]);
    expect(errorOf(parseRosterCsv(bytes))).toMatch(/^This file is not a CSV text file/);
  });

  it('refuses text with a NUL character in it', () => {
    expect(errorOf(parseRosterCsv('name,email\nAnn\0,ann@school.org'))).toMatch(
      /^This file is not a CSV text file/,
    );
  });

  it('refuses a 10 MB file, naming the 1 MB limit', () => {
    const row = 'Ann Lee,ann@school.org\n';
    const bytes = utf8(`name,email\n${row.repeat(Math.ceil(10_000_000 / row.length))}`);
    expect(bytes.byteLength).toBeGreaterThanOrEqual(10_000_000);
    const error = errorOf(parseRosterCsv(bytes));
    expect(error).toContain('1 MB');
    expect(error).toMatch(/^This file is 10 MB/);
  });

  it('refuses a 10 MB binary file with the size message, before reading it', () => {
    expect(errorOf(parseRosterCsv(new Uint8Array(10_000_000)))).toMatch(/^This file is 10 MB/);
  });

  it('measures text by its UTF-8 size, not its length in characters', () => {
    // 400,000 × "é" is 800 KB of UTF-8; 600,000 is 1.2 MB
    expect(parseRosterCsv(`name,email\n${'é'.repeat(400_000)},a@school.org`).ok).toBe(true);
    expect(errorOf(parseRosterCsv(`name,email\n${'é'.repeat(600_000)},a@school.org`))).toContain(
      '1.2 MB',
    );
  });

  it('refuses a 5,000-row file, naming the 500-person limit and the count found', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => `Educator ${i},educator${i}@school.org`);
    const error = errorOf(parseRosterCsv(['name,email', ...rows].join('\n')));
    expect(error).toContain('at most 500 people per import');
    expect(error).toContain('5,000');
  });

  it('accepts exactly the row limit', () => {
    const rows = Array.from({ length: ROSTER_LIMITS.maxRows }, (_, i) => `e${i}@school.org`);
    expect(entriesOf(parseRosterCsv(['email', ...rows].join('\n')))).toHaveLength(500);
  });
});

describe('parseEmailList', () => {
  it('splits on new lines, commas, semicolons and spaces, numbering entries by paste line', () => {
    const entries = entriesOf(
      parseEmailList(
        'ann@school.org, bo@school.org;cy@school.org\r\n\r\ndee@school.org  eve@school.org',
      ),
    );
    expect(entries.map((e) => [e.line, e.email])).toEqual([
      [1, 'ann@school.org'],
      [1, 'bo@school.org'],
      [1, 'cy@school.org'],
      [3, 'dee@school.org'],
      [3, 'eve@school.org'],
    ]);
  });

  it('takes the name from "Name <address>" as copied from a mail program', () => {
    expect(entriesOf(parseEmailList('Ann Lee <Ann.Lee@school.org>; Bo <bo@school.org>'))).toEqual([
      person(1, 'Ann.Lee@school.org', 'Ann Lee'),
      person(1, 'bo@school.org', 'Bo'),
    ]);
  });

  it('keeps a quoted "Last, First" name together', () => {
    expect(
      entriesOf(parseEmailList('"O\'Brien, Daniel" <dobrien@school.org>, "Lee, Ann" <ann@x.org>')),
    ).toEqual([
      person(1, 'dobrien@school.org', "O'Brien, Daniel"),
      person(1, 'ann@x.org', 'Lee, Ann'),
    ]);
  });

  it('drops a name that only repeats the address', () => {
    expect(entriesOf(parseEmailList('"ann@school.org" <ann@school.org>'))).toEqual([
      person(1, 'ann@school.org'),
    ]);
  });

  it('keeps text that is not an address so the preview can point it out', () => {
    const entries = entriesOf(parseEmailList('ann@school.org\nAnn Lee\nbo@school\n<>'));
    expect(entries.map((e) => [e.line, e.email])).toEqual([
      [1, 'ann@school.org'],
      [2, 'Ann Lee'],
      [3, 'bo@school'],
      [4, ''],
    ]);
  });

  it('keeps a bare address inside quotes', () => {
    expect(entriesOf(parseEmailList('"ann@school.org"'))).toEqual([person(1, 'ann@school.org')]);
  });

  it('reads an unclosed bracket to the end of its line', () => {
    expect(entriesOf(parseEmailList('Ann <ann@school.org\nbo@school.org'))).toEqual([
      person(1, 'ann@school.org', 'Ann'),
      person(2, 'bo@school.org'),
    ]);
  });

  it('asks for at least one address when the paste is empty', () => {
    expect(errorOf(parseEmailList(''))).toBe('Paste at least one email address.');
    expect(errorOf(parseEmailList(' \n ,; \r\n'))).toBe('Paste at least one email address.');
  });

  it('refuses more than 500 addresses, naming the limit', () => {
    const text = Array.from({ length: 501 }, (_, i) => `e${i}@school.org`).join('\n');
    const error = errorOf(parseEmailList(text));
    expect(error).toContain('at most 500 people per import');
    expect(error).toContain('501');
  });

  it('refuses a paste over 1 MB', () => {
    expect(errorOf(parseEmailList('a'.repeat(1_000_001)))).toContain('1 MB');
  });
});

describe('planInvitations', () => {
  it('invites while seats remain, then waitlists, in the order of the file', () => {
    const entries = ['a', 'b', 'c'].map((x, i) => person(i + 2, `${x}@school.org`));
    const { rows, counts } = planInvitations(entries, { ...emptyCohort, seatsLeft: 2 });
    expect(rows.map((r) => [r.email, r.fate, r.note])).toEqual([
      ['a@school.org', 'invite', 'Will be invited'],
      ['b@school.org', 'invite', 'Will be invited'],
      ['c@school.org', 'waitlist', 'No seats left, so joins the waitlist on accepting'],
    ]);
    expect(counts).toEqual({
      invite: 2,
      waitlist: 1,
      'already-member': 0,
      'already-invited': 0,
      duplicate: 0,
      'invalid-email': 0,
    });
  });

  it('waitlists everyone when the cohort is full, even if seatsLeft came in negative', () => {
    const { counts } = planInvitations([person(1, 'a@school.org')], {
      ...emptyCohort,
      seatsLeft: -3,
    });
    expect(counts.waitlist).toBe(1);
  });

  it('marks a repeat address as a duplicate of the earlier line, whatever its case', () => {
    const { rows } = planInvitations(
      [person(3, 'ann@school.org'), person(4, 'bo@school.org'), person(9, ' ANN@School.org ')],
      emptyCohort,
    );
    expect(rows[2]).toMatchObject({
      fate: 'duplicate',
      note: 'Appears earlier on line 3',
      normalizedEmail: 'ann@school.org',
      email: ' ANN@School.org ',
    });
  });

  it('marks invalid and missing addresses, and never counts them as duplicates', () => {
    const { rows } = planInvitations(
      [person(2, 'bo@school'), person(3, 'bo@school'), person(4, '')],
      emptyCohort,
    );
    expect(rows.map((r) => [r.fate, r.note])).toEqual([
      ['invalid-email', 'Not a valid email address'],
      ['invalid-email', 'Not a valid email address'],
      ['invalid-email', 'No email address'],
    ]);
  });

  it('says which members are already in the cohort, with their status, without using a seat', () => {
    const memberEmails = new Map([
      ['ann@school.org', 'active'],
      ['bo@school.org', 'waitlisted'],
      ['cy@school.org', 'completed'],
    ]);
    const entries = [
      person(2, 'Ann@School.org'),
      person(3, 'bo@school.org'),
      person(4, 'cy@school.org'),
      person(5, 'dee@school.org'),
    ];
    const { rows } = planInvitations(entries, { ...emptyCohort, seatsLeft: 1, memberEmails });
    expect(rows.map((r) => [r.fate, r.note])).toEqual([
      ['already-member', 'Already an active member'],
      ['already-member', 'Already on the waitlist'],
      ['already-member', 'Already completed this cohort'],
      ['invite', 'Will be invited'],
    ]);
  });

  it('points to resending for people with an open invitation', () => {
    const { rows } = planInvitations([person(2, 'ann@school.org'), person(3, 'bo@school.org')], {
      ...emptyCohort,
      memberEmails: new Map([['bo@school.org', 'invited']]),
      openInvitationEmails: new Set(['ann@school.org']),
    });
    expect(rows.map((r) => r.fate)).toEqual(['already-invited', 'already-invited']);
    expect(rows[0]?.note).toMatch(/resend/);
  });

  it('invites someone who withdrew again, like a new person', () => {
    const memberEmails = new Map([
      ['ann@school.org', 'withdrawn'],
      ['bo@school.org', 'withdrawn'],
    ]);
    const { rows } = planInvitations([person(2, 'ann@school.org'), person(3, 'bo@school.org')], {
      ...emptyCohort,
      seatsLeft: 1,
      memberEmails,
    });
    expect(rows.map((r) => [r.fate, r.note])).toEqual([
      ['invite', 'Withdrew earlier; will be invited again'],
      ['waitlist', 'Withdrew earlier; no seats left, so joins the waitlist on accepting'],
    ]);
  });

  it('matches members and invitations case-insensitively even if the caller did not lower-case them', () => {
    const { rows } = planInvitations([person(2, 'ann@school.org'), person(3, 'bo@school.org')], {
      seatsLeft: 5,
      memberEmails: new Map([['Ann@School.ORG', 'active']]),
      openInvitationEmails: new Set(['BO@school.org']),
    });
    expect(rows.map((r) => r.fate)).toEqual(['already-member', 'already-invited']);
  });

  it('does not re-invite a member whose status it does not recognise', () => {
    const { rows } = planInvitations([person(2, 'ann@school.org')], {
      ...emptyCohort,
      memberEmails: new Map([['ann@school.org', 'paused']]),
    });
    expect(rows[0]).toMatchObject({ fate: 'already-member', note: 'Already a member (paused)' });
  });

  it('reports every fate in the counts, including zeros, for an empty list', () => {
    expect(planInvitations([], emptyCohort).counts).toEqual({
      invite: 0,
      waitlist: 0,
      'already-member': 0,
      'already-invited': 0,
      duplicate: 0,
      'invalid-email': 0,
    });
  });

  it('plans a pasted list of 21 addresses with one invalid and one duplicate', () => {
    const addresses = Array.from({ length: 19 }, (_, i) => `teacher${i + 1}@district.k12.us`);
    const pasted = [
      ...addresses.slice(0, 10),
      'teacher5@district', // a typo: no ending
      ...addresses.slice(10),
      'Teacher3@District.k12.us', // pasted twice, in another case
    ].join('\n');
    const entries = entriesOf(parseEmailList(pasted));
    expect(entries).toHaveLength(21);

    const { rows, counts } = planInvitations(entries, { ...emptyCohort, seatsLeft: 15 });
    expect(counts).toEqual({
      invite: 15,
      waitlist: 4,
      'already-member': 0,
      'already-invited': 0,
      duplicate: 1,
      'invalid-email': 1,
    });
    expect(rows[10]).toMatchObject({ line: 11, fate: 'invalid-email' });
    expect(rows[20]).toMatchObject({
      line: 21,
      fate: 'duplicate',
      note: 'Appears earlier on line 3',
    });
    expect(rows.filter((r) => r.fate === 'waitlist').map((r) => r.line)).toEqual([17, 18, 19, 20]);
  });

  it('plans a CSV roster end to end, keeping names and ids on each row', () => {
    const csv = 'name,email,ppid\nAnn,ann@school.org,11\nBo,bo@school.org,12\n';
    const { rows } = planInvitations(entriesOf(parseRosterCsv(csv)), {
      ...emptyCohort,
      memberEmails: new Map([['bo@school.org', 'active']]),
    });
    expect(rows).toEqual([
      {
        line: 2,
        name: 'Ann',
        email: 'ann@school.org',
        stateEducatorId: '11',
        normalizedEmail: 'ann@school.org',
        fate: 'invite',
        note: 'Will be invited',
      },
      {
        line: 3,
        name: 'Bo',
        email: 'bo@school.org',
        stateEducatorId: '12',
        normalizedEmail: 'bo@school.org',
        fate: 'already-member',
        note: 'Already an active member',
      },
    ]);
  });
});
