import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * The page that says the database is away must still render when the root loader, which
 * reads the organization for the header and the support contact, cannot run. A cheap
 * outage: every query of the server's database fails as a refused connection does
 * (database-outage.test.ts cuts a real connection). Its own file, so the server process
 * has seen one organization only, as a district's own install has.
 */

/** a database that can be cut: every query fails as a refused connection would */
class Outage implements KyselyPlugin {
  down = false;
  transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
    if (this.down) {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });
    }
    return args.node;
  }
  async transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
    return args.result;
  }
}

describe('a database outage', () => {
  let single: TestServer;
  const outage = new Outage();

  beforeAll(async () => {
    single = await startTestServer({}, { wrapDb: (db) => db.withPlugin(outage) });
    const people = await buildCohortWithPeople(single.db, { participants: 1 });
    await single.db
      .updateTable('organization')
      .set({ support_email: 'helpdesk@district.test', support_phone: '(610) 555-0199' })
      .where('id', '=', people.organization.id)
      .execute();
  });

  afterAll(async () => {
    outage.down = false;
    await single?.close();
  });

  it('still renders the 503 page, with the support contact last read', async () => {
    const visitor = new HttpClient(single.url);
    const login = await (await visitor.get('/login')).text();
    expect(login).not.toContain('Need help?');

    outage.down = true;
    const page = await visitor.get('/login', { Accept: 'text/html' });
    const html = await page.text();
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBeTruthy();
    expect(html).toContain('Cadre is taking a short break');
    expect(html).toContain('Try again');
    expect(html).toContain('href="mailto:helpdesk@district.test"');
    expect(html).toContain('(610) 555-0199');

    outage.down = false;
    expect((await visitor.get('/login')).status).toBe(200);
  });
});
