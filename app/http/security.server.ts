import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Env } from '../env.server';
import { isCoachingSessionPage, withZoomMeetingSources } from '../zoom/content-security.server';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins this server answers for: its own host, plus APP_ORIGIN when set. */
export function isSameOrigin(
  origin: string,
  request: { headers: IncomingMessage['headers']; protocol?: string },
  env: Pick<Env, 'APP_ORIGIN'>,
) {
  if (env.APP_ORIGIN && origin === env.APP_ORIGIN) return true;
  const host = request.headers['x-forwarded-host'] ?? request.headers.host;
  if (!host || Array.isArray(host)) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Gives each request a fresh nonce for its inline scripts. */
export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
}

export function contentSecurityPolicy(
  nonce: string,
  env: Pick<Env, 'NODE_ENV'>,
  options: { zoomMeeting?: boolean } = {},
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
  ];
  return (options.zoomMeeting ? withZoomMeetingSources(directives) : directives).join('; ');
}

export function securityHeaders(env: Pick<Env, 'NODE_ENV'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader(
      'Content-Security-Policy',
      contentSecurityPolicy(res.locals.cspNonce, env, {
        zoomMeeting: isCoachingSessionPage(req.path),
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

/**
 * A form or fetch that changes something must come from Cadre's own pages: a POST whose
 * Origin names another site is refused before any handler runs, so nothing changes.
 * Requests without an Origin (non-browser clients) still need the SameSite=Lax cookie.
 */
export function rejectCrossSiteWrites(env: Pick<Env, 'APP_ORIGIN'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
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
