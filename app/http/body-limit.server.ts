import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Env } from '../env.server';

/** forms and JSON (autosaves, fetchers): far more than anyone types into one page */
export const FORM_MAX_BYTES = 1024 * 1024;
/** Zoom sends a few kilobytes; anything far larger is not from Zoom */
export const ZOOM_WEBHOOK_MAX_BYTES = 256 * 1024;
/**
 * room for the multipart boundaries and the small text fields around an uploaded file, and
 * for what the multipart parser reads ahead, so the route's own check (which answers inside
 * the page) usually sees an oversized file first
 */
export const UPLOAD_ENVELOPE_BYTES = 256 * 1024;

// `.data` is the same route reached by a Remix single-fetch submission
const UPLOAD_ROUTES = [
  /^\/cohorts\/[^/]+\/evidence\/[^/]+(?:\.data)?\/?$/i,
  // a program export carries its images as base64
  /^\/authoring\/import(?:\.data)?\/?$/i,
];
const ZOOM_WEBHOOK_ROUTE = /^\/webhooks\/zoom(?:\.data)?\/?$/i;
/** the organization's logo and signature image: small pictures, capped far below evidence */
const IMAGE_UPLOAD_ROUTE = /^\/(admin\/organization|authoring\/images)(?:\.data)?\/?$/i;
export const IMAGE_UPLOAD_MAX_BYTES = 1024 * 1024;

export type BodyLimit =
  | { kind: 'form'; maxBytes: number }
  | { kind: 'upload'; maxBytes: number; fileMaxBytes: number }
  | { kind: 'webhook'; maxBytes: number };

type RequestHead = { path: string; headers: IncomingMessage['headers'] };

const isMultipart = (head: RequestHead) =>
  /^multipart\/form-data/i.test(head.headers['content-type'] ?? '');

/** The most a request to this path may send: uploads, the Zoom webhook, or a form. */
export function bodyLimitFor(head: RequestHead, env: Pick<Env, 'UPLOAD_MAX_BYTES'>): BodyLimit {
  if (ZOOM_WEBHOOK_ROUTE.test(head.path)) {
    return { kind: 'webhook', maxBytes: ZOOM_WEBHOOK_MAX_BYTES };
  }
  if (isMultipart(head) && IMAGE_UPLOAD_ROUTE.test(head.path)) {
    return {
      kind: 'upload',
      maxBytes: IMAGE_UPLOAD_MAX_BYTES + UPLOAD_ENVELOPE_BYTES,
      fileMaxBytes: IMAGE_UPLOAD_MAX_BYTES,
    };
  }
  if (isMultipart(head) && UPLOAD_ROUTES.some((route) => route.test(head.path))) {
    return {
      kind: 'upload',
      maxBytes: env.UPLOAD_MAX_BYTES + UPLOAD_ENVELOPE_BYTES,
      fileMaxBytes: env.UPLOAD_MAX_BYTES,
    };
  }
  return { kind: 'form', maxBytes: FORM_MAX_BYTES };
}

export const megabytes = (bytes: number) => `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;

export function uploadTooLargeMessage(fileMaxBytes: number) {
  return `That file is larger than ${megabytes(fileMaxBytes)}. Make it smaller (export a PDF at a lower quality, trim the video, or share a long video as a link) and try again.`;
}

function tooLargeMessage(head: RequestHead, limit: BodyLimit) {
  switch (limit.kind) {
    case 'upload':
      return `${uploadTooLargeMessage(limit.fileMaxBytes)} Nothing was uploaded.`;
    case 'webhook':
      return `The request body is larger than ${limit.maxBytes / 1024} KiB, far more than a Zoom event, so it was not read.`;
    case 'form':
      return isMultipart(head)
        ? `What this form sent is larger than ${megabytes(limit.maxBytes)}, more than Cadre accepts here, so nothing changed. Choose a smaller file and try again.`
        : `This form sent more than ${megabytes(limit.maxBytes)}, more than Cadre accepts from one form, so nothing changed. Shorten what you wrote and send it again.`;
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );

function tooLargePage(message: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too much to send · Cadre</title>
<style>body{font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:38rem;margin:4rem auto;padding:0 1rem}h1{font-size:1.5rem}</style>
</head>
<body>
<main>
<h1>Too much to send</h1>
<p role="alert">${escapeHtml(message)}</p>
<p>Use your browser’s Back button to return to the page; what you entered is usually still there.</p>
<p><a href="/">Go to Cadre’s home page</a></p>
</main>
</body>
</html>
`;
}

/** JSON for the webhook and for JSON clients; a readable page for browsers and everyone else */
function tooLargeAnswer(head: RequestHead, limit: BodyLimit) {
  const message = tooLargeMessage(head, limit);
  const accept = head.headers.accept ?? '';
  const json =
    limit.kind === 'webhook' ||
    /^application\/json/i.test(head.headers['content-type'] ?? '') ||
    (/application\/json/i.test(accept) && !/text\/html/i.test(accept));
  return json
    ? { type: 'application/json; charset=utf-8', body: JSON.stringify({ message }) }
    : { type: 'text/html; charset=utf-8', body: tooLargePage(message) };
}

/**
 * Counts the body where the HTTP parser hands it to the request (`push`, the producer side
 * of the Readable contract), so the cap holds whoever reads the stream. Past the limit the
 * bytes are dropped and `false` tells the parser to stop reading the socket.
 */
function capBody(req: IncomingMessage, maxBytes: number, onOverflow: () => void) {
  // bytes a slower middleware let in before this one ran
  let received = req.readableLength;
  let overflowed = false;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    // never end the stream after an overflow: the route would see a cut body as a whole one
    if (overflowed) return false;
    if (chunk === null) return push(null);
    received += (chunk as Uint8Array).byteLength;
    if (received <= maxBytes) return push(chunk, encoding);
    overflowed = true;
    onOverflow();
    return false;
  };
}

/** The 413 written straight to the socket, for when the route already holds the response. */
function rawAnswer(answer: { type: string; body: string }) {
  const body = Buffer.from(answer.body, 'utf8');
  const head = [
    `HTTP/1.1 413 ${STATUS_CODES[413]}`,
    `Content-Type: ${answer.type}`,
    `Content-Length: ${body.byteLength}`,
    'Cache-Control: no-store',
    'Connection: close',
    'X-Content-Type-Options: nosniff',
    "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/**
 * Every request body is bounded before it is read: a declared Content-Length over the
 * limit is answered 413 at once and never read; a body without one (chunked) is counted as
 * it arrives, and past the limit reading stops, 413 is answered and the connection closes.
 * See docs/decisions/017-request-body-limits.md.
 */
export function limitRequestBodies(env: Pick<Env, 'UPLOAD_MAX_BYTES'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = bodyLimitFor(req, env);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit.maxBytes) {
      const answer = tooLargeAnswer(req, limit);
      // Connection: close makes node drop the connection once this is sent, unread
      res
        .status(413)
        .set({ 'Content-Type': answer.type, 'Cache-Control': 'no-store', Connection: 'close' })
        .send(answer.body);
      return;
    }
    capBody(req, limit.maxBytes, () => {
      const socket = req.socket;
      // the route answered already, or an earlier pipelined answer holds the socket: just close
      if (res.headersSent || res.socket !== socket || !socket.writable) {
        socket.destroy();
        return;
      }
      // the route is waiting for the rest of the body and owns `res`; answering on the socket
      // and closing it aborts the route's request, so its late reply is dropped quietly
      socket.end(rawAnswer(tooLargeAnswer(req, limit)), () => socket.destroy());
    });
    next();
  };
}

/**
 * Reads a Web Request's body, but never more than `maxBytes` of it: for routes that take
 * the raw bytes themselves. Past the limit (declared or counted) reading stops.
 */
export async function readBodyWithin(
  request: globalThis.Request,
  maxBytes: number,
): Promise<
  { status: 'read'; bytes: Uint8Array } | { status: 'too-large' } | { status: 'cut-off' }
> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return { status: 'too-large' };
  if (!request.body) return { status: 'read', bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { status: 'read', bytes: Buffer.concat(chunks) };
      size += value.byteLength;
      if (size > maxBytes) return { status: 'too-large' };
      chunks.push(value);
    }
  } catch {
    return { status: 'cut-off' };
  } finally {
    reader.releaseLock();
  }
}
