import { createCookie, redirect } from '@remix-run/node';

export interface Toast {
  kind: 'success' | 'error' | 'info';
  message: string;
}

// a one-shot message carried across the redirect that ends every change
const toastCookie = createCookie('cadre_toast', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: 60,
});

export async function redirectWithToast(
  url: string,
  toast: Toast,
  init: { headers?: HeadersInit } = {},
) {
  const headers = new Headers(init.headers);
  headers.append('Set-Cookie', await toastCookie.serialize(toast));
  return redirect(url, { headers });
}

function isToast(value: unknown): value is Toast {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    'message' in value &&
    ['success', 'error', 'info'].includes(String(value.kind)) &&
    typeof value.message === 'string'
  );
}

/** The pending toast, if any, and the header that clears it once shown. */
export async function readToast(request: Request) {
  const value: unknown = await toastCookie.parse(request.headers.get('Cookie'));
  if (!isToast(value)) return { toast: null, headers: undefined };
  const clear = await toastCookie.serialize('', { maxAge: 0, expires: new Date(0) });
  return {
    toast: { kind: value.kind, message: value.message.slice(0, 300) },
    headers: { 'Set-Cookie': clear },
  };
}
