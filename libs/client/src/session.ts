/**
 * The anonymous session outside a browser. A browser keeps the gateway's cookie itself
 * (fetch with `credentials: 'include'`, socket.io `withCredentials`); Node and other
 * runtimes have no cookie store, so the client keeps the cookies the gateway sets and
 * sends them back, on REST calls and on the socket handshake. Standard Fetch API only.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps the cookies of a response (`Set-Cookie` is invisible to browser scripts: nothing happens there). */
  store(headers: Headers): void {
    const setCookie = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    for (const line of setCookie) {
      const pair = line.split(';')[0];
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /;\s*max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get empty(): boolean {
    return this.cookies.size === 0;
  }

  /** The `Cookie` request header, if any cookie is kept. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A browser page keeps cookies itself; elsewhere the client must (see {@link CookieJar}). */
export function hasBrowserCookies(): boolean {
  const scope = globalThis as { document?: unknown; navigator?: unknown };
  return scope.document !== undefined && scope.navigator !== undefined;
}
