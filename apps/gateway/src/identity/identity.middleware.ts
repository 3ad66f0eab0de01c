import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { anonymousIdentity, AnonymousSessions, type Identity } from './anonymous-session';
import { bearerToken } from './credentials';
import { IdentityService } from './identity.service';

export type RequestWithIdentity = Request & { identity: Identity };

/**
 * HTTP: resolves the caller — a Clerk session token from `Authorization: Bearer`, else the
 * anonymous cookie, issued when missing. Once the anonymous chats moved to the signed-in
 * user, the cookie is removed, so signing out starts a fresh anonymous session.
 */
@Injectable()
export class IdentityMiddleware implements NestMiddleware {
  constructor(
    private readonly sessions: AnonymousSessions,
    private readonly identities: IdentityService,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const anonymousId = this.sessions.read(req);
    const auth = await this.identities.authenticate(bearerToken(req.headers.authorization), anonymousId);
    if (auth) {
      if (auth.adopted) res.append('Set-Cookie', this.sessions.clear());
      (req as RequestWithIdentity).identity = auth.identity;
    } else {
      const issued = this.sessions.issue();
      res.append('Set-Cookie', issued.setCookie);
      (req as RequestWithIdentity).identity = anonymousIdentity(issued.id);
    }
    next();
  }
}
