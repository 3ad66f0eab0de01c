import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';
import { sign, unsign } from 'cookie-signature';

export const ANON_COOKIE = 'eloquent_anon';
export const ANON_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** The caller's identity on every route and socket event. */
export interface Identity {
  /** Owner id stored with chats: the Clerk user id, or `anon:<uuid>` for anonymous visitors. */
  userId: string;
  anonymous: boolean;
  /** Admin role from the Clerk session's claim (the admin API key is checked by AdminGuard itself). */
  admin: boolean;
  /** The anonymous session id (the cookie's), for anonymous visitors. */
  anonymousId?: string;
}

/**
 * Anonymous visitors get a signed, httpOnly, SameSite cookie holding a random id, set on
 * the first HTTP response or socket handshake that lacks one and then used by both.
 */
export class AnonymousSessions {
  constructor(
    private readonly secret: string,
    private readonly secure: boolean,
  ) {}

  /** The id from a valid signed cookie; undefined when absent or tampered with. */
  read(req: IncomingMessage): string | undefined {
    const raw = parseCookies(req.headers.cookie ?? '')[ANON_COOKIE];
    if (!raw) return undefined;
    const value = unsign(raw, this.secret);
    return value && /^[0-9a-f-]{36}$/.test(value) ? value : undefined;
  }

  /** The `Set-Cookie` header value that removes the cookie (after its chats moved to an account). */
  clear(): string {
    return serialize(ANON_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/', maxAge: 0 });
  }

  /** A fresh id and the `Set-Cookie` header value that stores it. */
  issue(): { id: string; setCookie: string } {
    const id = randomUUID();
    const setCookie = serialize(ANON_COOKIE, sign(id, this.secret), {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: '/',
      maxAge: ANON_COOKIE_MAX_AGE_S,
    });
    return { id, setCookie };
  }
}

export function anonymousIdentity(id: string): Identity {
  return { userId: `anon:${id}`, anonymous: true, admin: false, anonymousId: id };
}
