import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { currentRequestLog } from './http/request-log.server';
import { getLogger } from './log.server';
import { NonceProvider } from './utils/nonce';

export const streamTimeout = 5000;

// 403s and 404s are answers, not faults; log only what nobody meant to throw
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  logError(error);
}

function logError(error: unknown) {
  const context = currentRequestLog();
  getLogger().error(
    { err: error, reqId: context?.requestId, userId: context?.userId, route: context?.route },
    'request failed',
  );
}

/**
 * Whether a loader handed back data still on its way (a promise, at the top of its data as
 * `defer` and single fetch stream them): only then does streaming the document show anything
 * sooner.
 */
export function hasPendingData(remixContext: Pick<EntryContext, 'staticHandlerContext'>) {
  const { loaderData, activeDeferreds } = remixContext.staticHandlerContext;
  if (activeDeferreds && Object.keys(activeDeferreds).length > 0) return true;
  return Object.values(loaderData ?? {}).some(
    (data: unknown) =>
      data instanceof Promise ||
      (typeof data === 'object' &&
        data !== null &&
        Object.values(data).some((value: unknown) => value instanceof Promise)),
  );
}

/** the whole rendered document, gathered into one buffer */
function collect(pipe: (destination: NodeJS.WritableStream) => void) {
  return new Promise<Buffer>((resolve, reject) => {
    const body = new PassThrough();
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.on('end', () => resolve(Buffer.concat(chunks)));
    body.on('error', reject);
    pipe(body);
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // a document whose data is all here gains nothing from streaming: React would write it in
  // dozens of pieces, and compression would flush a gzip piece for each. it is rendered to
  // the end and sent in one write. crawlers get whole documents in any case
  const stream = hasPendingData(remixContext) && !isbot(request.headers.get('user-agent') ?? '');
  const readyEvent = stream ? 'onShellReady' : 'onAllReady';

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          if (!stream) {
            collect(pipe).then((html) => {
              responseHeaders.set('Content-Length', String(html.byteLength));
              resolve(
                new Response(new Uint8Array(html), {
                  headers: responseHeaders,
                  status: responseStatusCode,
                }),
              );
            }, reject);
            return;
          }
          const body = new PassThrough();
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // errors after the shell are reported by the error boundary; log the rest
          if (shellRendered) logError(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
