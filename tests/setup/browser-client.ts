/**
 * A browser stand-in that crosses sites: it keeps each host's cookies apart, sends a page's
 * Origin on writes, and follows redirects from one server to another (Cadre → provider →
 * Cadre) one hop at a time, so a test can stop before any hop and change it.
 */
export class BrowserClient {
  private readonly jars = new Map<string, Map<string, string>>();

  /** each client claims its own address (the test server trusts X-Forwarded-For) */
  constructor(
    readonly ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`,
  ) {}

  cookie(url: string, name: string) {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  async get(url: string) {
    return this.request(url, { method: 'GET' });
  }

  async post(url: string, fields: Record<string, string>) {
    return this.request(url, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: new URL(url).origin,
      },
    });
  }

  /**
   * Follows redirects from `response` (made for `url`) until one is not a redirect, or until
   * the next hop matches `stopBefore`; returns that last response and its address.
   */
  async follow(
    start: { response: Response; url: string },
    stopBefore?: (next: URL) => boolean,
  ): Promise<{ response: Response; url: string }> {
    let { response, url } = start;
    for (let hop = 0; hop < 20; hop += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url };
      const next = new URL(location, url);
      if (stopBefore?.(next)) return { response, url };
      url = next.href;
      response = await this.get(url);
    }
    throw new Error('too many redirects');
  }

  private async request(url: string, init: RequestInit & { headers?: Record<string, string> }) {
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    this.jars.set(host, jar);
    const cookies = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        'X-Forwarded-For': this.ip,
        ...init.headers,
        ...(cookies ? { Cookie: cookies } : {}),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const separator = (pair ?? '').indexOf('=');
      if (separator <= 0) continue;
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1);
      const expired =
        /max-age=0/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
}
