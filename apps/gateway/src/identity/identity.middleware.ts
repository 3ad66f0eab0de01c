import type { NextFunction, Request, Response } from 'express';
import { anonymousIdentity, type AnonymousSessions, type Identity } from './anonymous-session';

export type RequestWithIdentity = Request & { identity: Identity };

/** HTTP: resolves the caller's identity, issuing the anonymous cookie when missing. */
export function identityMiddleware(sessions: AnonymousSessions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    let id = sessions.read(req);
    if (!id) {
      const issued = sessions.issue();
      id = issued.id;
      res.append('Set-Cookie', issued.setCookie);
    }
    (req as RequestWithIdentity).identity = anonymousIdentity(id);
    next();
  };
}
