/**
 * A small browser stand-in for HTTP tests: it keeps cookies, sends the page's Origin on
 * writes like a browser does, and never follows redirects so tests can read them.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  /** each client claims its own address (the test server trusts X-Forwarded-For) */
  readonly ip: string;

  constructor(
    readonly baseUrl: string,
    options: { ip?: string } = {},
  ) {
    this.ip = options.ip ?? randomTestAddress();
  }

  get cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { method: 'GET', headers });
  }

  async post(
    path: string,
    fields: Record<string, string>,
    options: { origin?: string | null; headers?: Record<string, string> } = {},
  ) {
    const origin = options.origin === undefined ? this.baseUrl : options.origin;
    return this.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(origin === null ? {} : { Origin: origin }),
        ...options.headers,
      },
    });
  }

  async signIn(email: string, password: string, redirectTo?: string) {
    return this.post('/login', { email, password, ...(redirectTo ? { redirectTo } : {}) });
  }

  private async request(path: string, init: RequestInit & { headers: Record<string, string> }) {
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: {
        'X-Forwarded-For': this.ip,
        ...init.headers,
        ...(this.cookies.size ? { Cookie: this.cookieHeader } : {}),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      const expired = /max-age=0/i.test(header) || value === '';
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return response;
  }
}

let nextAddress = 1;

function randomTestAddress() {
  nextAddress += 1;
  return `10.${process.pid % 250}.${Math.floor(nextAddress / 250)}.${nextAddress % 250}`;
}
