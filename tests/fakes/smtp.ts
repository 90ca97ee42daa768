import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message as it arrived over SMTP, headers and bodies decoded. */
export interface ParsedMessage {
  messageId: string | null;
  from: string;
  /** the addresses of the To header, comma-separated */
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** what the client said in MAIL FROM and RCPT TO */
  envelope: { from: string | null; to: string[] };
  /** every header as sent, names in lower case */
  headers: Record<string, string>;
  receivedAt: Date;
}

export interface FakeSmtp {
  url: string;
  port: number;
  /** every message accepted so far, oldest first */
  messages: ParsedMessage[];
  /** the first message (already here or still to come) that matches */
  waitForMessage(
    predicate: (message: ParsedMessage) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<ParsedMessage>;
  /** while on, every recipient is refused with a temporary 451, as a busy server does */
  setRefusing(refusing: boolean): void;
  close(): Promise<void>;
}

function addresses(header: AddressObject | AddressObject[] | undefined) {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects
    .flatMap((object) => object.value.map((entry) => entry.address ?? ''))
    .filter(Boolean)
    .join(', ');
}

function envelopeAddress(address: SMTPServerAddress | false) {
  return address ? address.address : null;
}

/**
 * A real SMTP server in this process (smtp-server, no TLS, any or no login) that parses
 * what it accepts with mailparser, so tests read what a mail client would show.
 */
export async function startFakeSmtp(
  options: { port?: number; host?: string } = {},
): Promise<FakeSmtp> {
  const host = options.host ?? '127.0.0.1';
  const messages: ParsedMessage[] = [];
  const arrivals = new EventEmitter();
  let refusing = false;

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    // plain text only: no STARTTLS, so no self-signed certificate for the client to doubt
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1000,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onRcptTo(_address, _session, callback) {
      if (!refusing) return callback();
      const error = new Error('mailbox busy, try again later') as Error & { responseCode: number };
      error.responseCode = 451;
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const message: ParsedMessage = {
            messageId: parsed.messageId ?? null,
            from: addresses(parsed.from),
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || null,
            envelope: {
              from: envelopeAddress(session.envelope.mailFrom),
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            headers: Object.fromEntries(
              parsed.headerLines.map((line) => [
                line.key.toLowerCase(),
                line.line.slice(line.line.indexOf(':') + 1).trim(),
              ]),
            ),
            receivedAt: new Date(),
          };
          // stored before the 250 reply, so a sender that got its answer finds the message here
          messages.push(message);
          arrivals.emit('message', message);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  server.on('error', () => {
    // a client hanging up mid-session is not the test's business
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://${host}:${port}`,
    port,
    messages,
    setRefusing(value) {
      refusing = value;
    },
    waitForMessage(predicate, { timeoutMs = 10_000 } = {}) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onMessage = (message: ParsedMessage) => {
          if (!predicate(message)) return;
          clearTimeout(timer);
          arrivals.off('message', onMessage);
          resolve(message);
        };
        const timer = setTimeout(() => {
          arrivals.off('message', onMessage);
          const seen = messages.map((message) => `"${message.subject}" to ${message.to}`);
          reject(
            new Error(
              `no matching email arrived within ${timeoutMs} ms; received: ${seen.join('; ') || 'nothing'}`,
            ),
          );
        }, timeoutMs);
        arrivals.on('message', onMessage);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
