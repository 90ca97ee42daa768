import type { FuzzWorld } from './world';
import { demoAccounts } from '../../../db/seed';
import type { RouteSpec, SpecKit } from './kit';

/** Signing in, one's own account, the organization's administration and the catalog. */
export function accountsAdminSpecs(
  w: FuzzWorld,
  { id, exact, text, springMembers }: SpecKit,
): Record<string, RouteSpec> {
  return {
    'app/routes/_index.tsx': {
      cases: [
        {
          // the partner asked for the critique cannot nudge themselves: nothing may change
          as: 'reviewer',
          path: '/?index',
          fields: { intent: 'nudge', critiqueId: w.openCritique },
          rules: { intent: exact, critiqueId: id(w.other.member) },
        },
      ],
    },
    'app/routes/_auth+/login.tsx': {
      cases: [
        {
          as: 'anonymous',
          path: '/login',
          fields: {
            email: demoAccounts.facilitator,
            password: 'not the password',
            redirectTo: '/',
          },
          rules: { email: text(254, true), password: text(200, true), redirectTo: text(2000) },
        },
      ],
    },
    'app/routes/_auth+/forgot-password.tsx': {
      // an address with no account: a well-formed request only counts against the limits
      cases: [
        {
          as: 'anonymous',
          path: '/forgot-password',
          fields: { email: 'nobody-here@school.test' },
          rules: { email: { kind: 'enum', values: ['nobody-here@school.test'] } },
        },
      ],
    },
    'app/routes/_auth+/sso.tsx': {
      // the demo organization has no provider: every form here finds nothing to start
      cases: [
        {
          as: 'anonymous',
          path: '/sso',
          fields: { intent: 'find', email: 'nobody-here@school.test' },
          rules: { intent: exact, email: text(254, true) },
        },
        {
          as: 'anonymous',
          path: '/sso',
          fields: {
            intent: 'start',
            connectionId: '00000000-0000-4000-8000-000000000001',
            redirectTo: '/',
          },
          rules: { intent: exact, connectionId: id() },
        },
      ],
    },
    'app/routes/_auth+/reset-password.$token.tsx': {
      cases: [
        {
          as: 'anonymous',
          path: `/reset-password/${w.passwordResetToken}`,
          fields: {
            password: 'a long enough password',
            confirmPassword: 'a long enough password',
          },
          rules: { password: text(200, true), confirmPassword: { kind: 'exact' } },
        },
      ],
      foreignPaths: [
        '/reset-password/no-such-reset-token',
        '/reset-password/%00',
        '/reset-password/%E0%A4%A',
        `/reset-password/${'x'.repeat(3000)}`,
      ],
    },
    'app/routes/me+/account._index.tsx': {
      cases: [
        {
          as: 'participant',
          path: '/me/account?index',
          fields: { name: 'Fuzz Participant', educatorId: '1234567' },
          rules: {
            name: text(100, true),
            // empty clears the id, so only its length is fuzzed; the PPID rule has its own tests
            educatorId: text(40),
          },
        },
      ],
    },
    'app/routes/me+/account.email.tsx': {
      // the password is wrong, so even a well-formed request changes nothing
      cases: [
        {
          as: 'participant',
          path: '/me/account/email',
          fields: { newEmail: 'fuzz-new-address@school.test', currentPassword: 'not the password' },
          rules: { newEmail: text(254, true), currentPassword: text(200, true) },
        },
      ],
    },
    'app/routes/me+/account.password.tsx': {
      cases: [
        {
          as: 'participant',
          path: '/me/account/password',
          fields: {
            currentPassword: 'not the password',
            password: 'a long enough password',
            confirmPassword: 'a long enough password',
          },
          rules: {
            currentPassword: text(200, true),
            password: text(200, true),
            confirmPassword: { kind: 'exact' },
          },
        },
      ],
    },
    'app/routes/me+/account.sessions.tsx': {
      // another person's id: signing it out finds nothing of this person's to end
      cases: [
        {
          as: 'participant',
          path: '/me/account/sessions',
          fields: { intent: 'sign-out-one', sessionId: w.other.cohort },
          rules: { intent: { kind: 'exact' }, sessionId: id(w.other.session) },
        },
      ],
    },
    'app/routes/me+/account.notifications.tsx': {
      cases: [
        {
          as: 'participant',
          path: '/me/account/notifications',
          fields: {
            intent: 'save',
            reminders: 'on',
            critique_requests: 'on',
            scoring_results: 'on',
            digests: 'on',
            cohort_updates: 'on',
          },
          rules: {
            intent: { kind: 'exact' },
            reminders: { kind: 'enum', values: ['on', 'off'] },
            critique_requests: { kind: 'enum', values: ['on', 'off'] },
            scoring_results: { kind: 'enum', values: ['on', 'off'] },
            digests: { kind: 'enum', values: ['on', 'off'] },
            cohort_updates: { kind: 'enum', values: ['on', 'off'] },
          },
        },
      ],
    },
    'app/routes/me+/email.$token.tsx': {
      // no such link: confirming it changes nothing
      cases: [
        {
          as: 'anonymous',
          path: '/me/email/no-such-confirmation-token',
          fields: { confirm: 'yes' },
          rules: {},
        },
      ],
      foreignPaths: ['/me/email/%00', '/me/email/%E0%A4%A', `/me/email/${'x'.repeat(3000)}`],
    },
    'app/routes/unsubscribe.$token.tsx': {
      // a well-formed token with a signature nobody made
      cases: [
        {
          as: 'anonymous',
          path: `/unsubscribe/${w.other.cohort}.reminders.${'A'.repeat(43)}`,
          fields: { 'List-Unsubscribe': 'One-Click' },
          rules: {},
        },
      ],
      foreignPaths: [
        '/unsubscribe/%00',
        '/unsubscribe/not-a-token',
        `/unsubscribe/${'x'.repeat(3000)}`,
      ],
    },
    'app/routes/_auth+/logout.tsx': {
      // signing out is what any body does; only an anonymous visitor's is fuzzed
      cases: [{ as: 'anonymous', path: '/logout', fields: { intent: 'logout' }, rules: {} }],
    },
    'app/routes/admin+/act48_.perms.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/act48/perms',
          fields: { confirm: 'mark-sent' },
          rules: { confirm: exact },
        },
      ],
    },
    'app/routes/admin+/organization.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/organization',
          fields: {
            intent: 'save',
            name: 'Keystone Education Association',
            shortName: 'KEA',
            timezone: 'America/New_York',
            supportEmail: 'help@kea.test',
            supportPhone: '717-555-0100',
            signatoryName: 'Dana Whitfield',
            signatoryTitle: 'Director of Professional Learning',
            providerName: 'Keystone Education Association',
            providerNumber: '1234',
            nonmemberFee: '125',
            defaultCompletionHours: '15',
            defaultAttainmentHours: '5',
          },
          rules: {
            intent: exact,
            name: text(120, true),
            shortName: text(40),
            timezone: { kind: 'refuses', values: ['Mars/Olympus', 'America/Nowhere', ''] },
            supportEmail: { kind: 'refuses', values: ['not-an-email', 'a@', '@b.test'] },
            supportPhone: { kind: 'refuses', values: ['call me', '12', '<script>'] },
            signatoryName: text(120),
            signatoryTitle: text(120),
            providerName: text(200),
            providerNumber: text(40),
            nonmemberFee: { kind: 'number', min: 0, max: 10_000 },
            defaultCompletionHours: { kind: 'number', min: 0, max: 500 },
            defaultAttainmentHours: { kind: 'number', min: 0, max: 500 },
          },
        },
        {
          as: 'admin',
          path: '/admin/organization',
          fields: { intent: 'remove-logo' },
          rules: { intent: exact },
        },
      ],
      uploads: { path: '/admin/organization', as: 'admin', field: 'file' },
    },

    'app/routes/catalog+/stacks.$programId.tsx': {
      cases: [
        {
          as: 'participant',
          path: `/catalog/stacks/${w.catalogStack}`,
          fields: { intent: 'join', note: 'Two of us from one building.' },
          rules: { intent: exact, note: text(500) },
        },
      ],
      foreignPaths: [
        `/catalog/stacks/${w.other.program}`,
        '/catalog/stacks/not-a-stack',
        '/catalog/stacks/00000000-0000-4000-8000-000000000000',
      ],
    },
    'app/routes/admin+/fees_.$feeId.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/admin/fees/${w.dueFee}`,
          fields: { intent: 'paid', receipt: 'Check 1042' },
          rules: { intent: exact, receipt: text(100, true) },
        },
        {
          as: 'admin',
          path: `/admin/fees/${w.dueFee}`,
          fields: { intent: 'waive', reason: 'District hardship fund' },
          rules: { intent: exact, reason: text(500, true) },
        },
      ],
      foreignPaths: ['/admin/fees/not-a-fee', '/admin/fees/00000000-0000-4000-8000-000000000000'],
    },
    'app/routes/admin+/people_.$userId.tsx': {
      cases: [
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'educator-id', stateEducatorId: '7654321' },
          rules: {
            intent: exact,
            // left out or empty clears the id, so only the length rule is fuzzed
            stateEducatorId: text(50),
          },
        },
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'membership', memberSince: '2026-09-01', memberUntil: '2027-08-31' },
          rules: {
            memberSince: { kind: 'date' },
            // left out, the membership is open-ended
            memberUntil: text(20),
          },
        },
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'delete', confirmation: w.emails.participant },
          // the typed address is compared without regard to case, so only other text is refused
          rules: {
            confirmation: {
              kind: 'refuses',
              values: [`${w.emails.participant}-x`, '', 'x', 'someone@school.test'],
            },
          },
        },
        {
          as: 'admin',
          path: `/admin/people/${springMembers[0]!.user_id}`,
          fields: { intent: 'deactivate' },
          rules: { intent: exact },
        },
      ],
      foreignPaths: [
        `/admin/people/${w.other.user}`,
        '/admin/people/not-a-person',
        '/admin/people/%E0%A4%A',
        '/admin/people/00000000-0000-4000-8000-000000000000',
      ],
    },
    'app/routes/admin+/people_.invite.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/people/invite',
          fields: {
            name: 'Fuzz Newcomer',
            email: 'fuzz-newcomer@school.test',
            stateEducatorId: '1234567',
          },
          rules: {
            name: text(200, true),
            email: { kind: 'refuses', values: ['not-an-address', '', w.emails.coach] },
            stateEducatorId: text(50),
          },
        },
      ],
    },
    'app/routes/admin+/people_.import.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/people/import',
          fields: {
            intent: 'confirm',
            payload: JSON.stringify([
              {
                line: 2,
                name: 'Fuzz Import',
                email: 'fuzz-import@school.test',
                stateEducatorId: null,
                member: null,
                role: null,
              },
            ]),
          },
          rules: { intent: { kind: 'refuses', values: ['', 'confirm-x'] }, payload: exact },
        },
      ],
      uploads: { path: '/admin/people/import', as: 'admin', field: 'people' },
    },
    'app/routes/admin+/sign-in.tsx': {
      cases: [
        {
          // a new provider left off, so nothing is fetched from the issuer
          as: 'admin',
          path: '/admin/sign-in',
          fields: {
            intent: 'save',
            kind: 'oidc',
            displayName: 'ClassLink',
            issuer: 'https://launchpad.classlink.com',
            clientId: 'fuzz-client',
            clientSecret: 'fuzz-secret',
            domains: 'school.test',
          },
          rules: {
            intent: exact,
            kind: { kind: 'enum', values: ['oidc'] },
            displayName: text(60, true),
            issuer: {
              kind: 'refuses',
              values: [
                'not a url',
                'ftp://example.org',
                'http://example.org',
                'javascript:alert(1)',
                'https://user:pw@example.org',
                'https://example.org/?q=1',
              ],
            },
            clientId: text(500, true),
            clientSecret: text(1000, true),
            domains: {
              kind: 'refuses',
              values: ['', 'not a domain', 'a..b', 'school.test bad!', '@', 'x'.repeat(300)],
            },
          },
        },
        {
          // the demo organization has no provider turned on, so passwords cannot be turned off
          as: 'admin',
          path: '/admin/sign-in',
          fields: { intent: 'password-sign-in', passwordSignIn: 'off' },
          rules: { intent: exact, passwordSignIn: { kind: 'enum', values: ['off'] } },
        },
      ],
    },
    'app/routes/admin+/recognition.tsx': {
      cases: [
        {
          as: 'admin',
          path: '/admin/recognition',
          fields: { programId: w.program, hoursForCompleting: '15', hoursForAttaining: '5' },
          rules: {
            programId: id(w.other.program),
            hoursForCompleting: { kind: 'number', min: 0, max: 500 },
            hoursForAttaining: { kind: 'number', min: 0, max: 500 },
          },
        },
        {
          as: 'admin',
          path: '/admin/recognition',
          fields: {
            programId: w.program,
            hoursForCompleting: '15',
            hoursForAttaining: '5',
            [`mc-${w.microCredential}`]: '5',
          },
          // a micro-credential's own hours may be left as they are
          rules: {
            [`mc-${w.microCredential}`]: { kind: 'number', min: 0, max: 500, optional: true },
          },
        },
      ],
    },
  };
}
