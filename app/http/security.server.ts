import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Env } from '../env.server';
import { isModulePage } from '../utils/module-pages';
import { isZoomMeetingPage, withZoomMeetingSources } from '../zoom/content-security.server';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host a request was addressed to: the proxy's X-Forwarded-Host only when TRUST_PROXY is on. */
function requestHost(headers: IncomingMessage['headers'], env: Pick<Env, 'TRUST_PROXY'>) {
  const forwarded = env.TRUST_PROXY ? headers['x-forwarded-host'] : undefined;
  if (Array.isArray(forwarded)) return undefined;
  // a chain of proxies lists the host the visitor asked for first
  return (forwarded ? forwarded.split(',')[0]!.trim() : headers.host) || undefined;
}

/** The origins this server answers for: its own host, plus APP_ORIGIN when set. */
export function isSameOrigin(
  origin: string,
  request: { headers: IncomingMessage['headers'] },
  env: Pick<Env, 'APP_ORIGIN' | 'TRUST_PROXY'>,
) {
  if (env.APP_ORIGIN && origin === env.APP_ORIGIN) return true;
  const host = requestHost(request.headers, env);
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const FORWARDED_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-forwarded-prefix',
];

/**
 * Without TRUST_PROXY anyone can send X-Forwarded-* headers, so they are dropped before
 * anything (Express, the Remix adapter, a route) can read them.
 */
export function dropUntrustedForwardedHeaders(env: Pick<Env, 'TRUST_PROXY'>) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!env.TRUST_PROXY) for (const name of FORWARDED_HEADERS) delete req.headers[name];
    next();
  };
}

/**
 * Whether the visitor reached Cadre over HTTPS: TLS on this socket, or a trusted proxy's
 * X-Forwarded-Proto (req.secure covers both), else an https APP_ORIGIN, which means a
 * proxy in front terminates TLS. A trusted proxy that says http is believed.
 */
export function servedOverHttps(req: Request, env: Pick<Env, 'APP_ORIGIN' | 'TRUST_PROXY'>) {
  if (req.secure) return true;
  if (env.TRUST_PROXY && req.get('x-forwarded-proto')) return false;
  return env.APP_ORIGIN?.startsWith('https://') ?? false;
}

/** one year, subdomains too; only sent in production and only over HTTPS */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

export const VIDEO_EMBED_SOURCES = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'];

/** Gives each request a fresh nonce for its inline scripts. */
export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
}

export function contentSecurityPolicy(
  nonce: string,
  env: Pick<Env, 'NODE_ENV'>,
  options: { zoomMeeting?: boolean; videoEmbeds?: boolean } = {},
) {
  const development = env.NODE_ENV === 'development';
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}'`,
    // style attributes carry data-driven colours and widths; scripts stay nonce-only
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    // the dev server's live reload talks over its own websocket port
    `connect-src 'self'${development ? ' ws://localhost:* ws://127.0.0.1:*' : ''}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'self'`,
    // module pages play videos through the providers' privacy-enhanced players only
    ...(options.videoEmbeds ? [`frame-src ${VIDEO_EMBED_SOURCES.join(' ')}`] : []),
  ];
  return (options.zoomMeeting ? withZoomMeetingSources(directives) : directives).join('; ');
}

export function securityHeaders(
  env: Pick<
    Env,
    'NODE_ENV' | 'APP_ORIGIN' | 'TRUST_PROXY' | 'ZOOM_MEETING_SDK_KEY' | 'ZOOM_MEETING_SDK_SECRET'
  >,
) {
  // without the Meeting SDK the live room only links to Zoom and keeps the strict policy
  const meetingSdk = Boolean(env.ZOOM_MEETING_SDK_KEY && env.ZOOM_MEETING_SDK_SECRET);
  return (req: Request, res: Response, next: NextFunction) => {
    if (env.NODE_ENV === 'production' && servedOverHttps(req, env)) {
      res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    }
    res.setHeader(
      'Content-Security-Policy',
      contentSecurityPolicy(res.locals.cspNonce, env, {
        zoomMeeting: meetingSdk && isZoomMeetingPage(req.path),
        videoEmbeds: isModulePage(req.path),
      }),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'geolocation=(), payment=(), usb=()');
    next();
  };
}

const ONE_CLICK_UNSUBSCRIBE = /^\/unsubscribe\/[^/]+$/;

/**
 * A form or fetch that changes something must come from Cadre's own pages: a POST whose
 * Origin names another site is refused before any handler runs, so nothing changes.
 * Requests without an Origin (non-browser clients) still need the SameSite=Lax cookie.
 */
export function rejectCrossSiteWrites(env: Pick<Env, 'APP_ORIGIN' | 'TRUST_PROXY'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (ONE_CLICK_UNSUBSCRIBE.test(req.path)) {
      // RFC 8058 one-click unsubscribe is posted by mail providers, from anywhere; the signed
      // token is the proof and no cookie is read, so the Origin (which the framework would
      // refuse for another site) is dropped rather than checked
      delete req.headers.origin;
      return next();
    }
    const origin = req.get('origin');
    const crossSite =
      origin !== undefined
        ? origin === 'null' || !isSameOrigin(origin, req, env)
        : req.get('sec-fetch-site') === 'cross-site';
    if (!crossSite) return next();
    res
      .status(403)
      .type('text/plain')
      .send('This request came from another website, so Cadre refused it and changed nothing.');
  };
}
