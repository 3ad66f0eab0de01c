import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { OPENAPI_PATH } from '../openapi/openapi';

/**
 * helmet's headers on every response. The Content-Security-Policy allows only our own
 * scripts, styles and connections (the demo page is built to pass it: no inline script or
 * style); `ws:`/`wss:` to our own host are covered by `'self'`. Swagger UI at /docs needs
 * inline styles and data: images, so its pages get that much more, and no more.
 */
export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const strict = {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // TLS ends at the ingress; upgrading would break plain-HTTP development.
    upgradeInsecureRequests: null,
  };
  const page = helmet({ contentSecurityPolicy: { useDefaults: false, directives: strict } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...strict, styleSrc: ["'self'", "'unsafe-inline'"] } } });
  const docsPrefix = `/${OPENAPI_PATH}`;
  return (req, res, next) => (req.path === docsPrefix || req.path.startsWith(`${docsPrefix}/`) ? docs : page)(req, res, next);
}
