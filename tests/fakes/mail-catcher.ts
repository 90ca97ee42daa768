/**
 * A mail catcher for the browser tests: `tsx tests/fakes/mail-catcher.ts` accepts SMTP on
 * MAIL_CATCHER_SMTP_PORT (4325) and lists what arrived as JSON on MAIL_CATCHER_HTTP_PORT
 * (4326): GET /messages and GET /healthz. Everything is kept in memory until it stops.
 */
import { createServer } from 'node:http';
import { startFakeSmtp } from './smtp';

const HOST = '127.0.0.1';
const smtpPort = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 4325);
const httpPort = Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 4326);

const smtp = await startFakeSmtp({ host: HOST, port: smtpPort });

const http = createServer((request, response) => {
  const path = new URL(request.url ?? '/', `http://${HOST}`).pathname;
  if (request.method === 'GET' && path === '/healthz') {
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  if (request.method === 'GET' && path === '/messages') {
    const body = smtp.messages.map(({ to, subject, text, html, receivedAt }) => ({
      to,
      subject,
      text,
      html,
      receivedAt: receivedAt.toISOString(),
    }));
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    return;
  }
  response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
});

await new Promise<void>((resolve, reject) => {
  http.once('error', reject);
  http.listen(httpPort, HOST, () => resolve());
});
console.log(`mail catcher: SMTP on ${smtp.url}, messages at http://${HOST}:${httpPort}/messages`);

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  http.closeAllConnections();
  http.close();
  smtp.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
