import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError } from '@eloquent/contracts';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from '../config';
import { clientIp } from '../http/client-ip';
import type { RequestWithIdentity } from '../identity/identity.middleware';
import { RateLimiter, type RateLimitStatus } from './rate-limiter';

/** Probes and scrapes come from the cluster, not from users. */
const UNLIMITED = /^\/(health|metrics)(\/|\?|$)/;

/**
 * HTTP: every request counts against the global tier and the caller's (user, or anonymous
 * session and IP). The response says where the tightest tier stands (`X-RateLimit-Limit`,
 * `-Remaining`, `-Reset` in seconds); a refusal is 429 with `Retry-After`.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (UNLIMITED.test(req.originalUrl)) return next();
    const { identity } = req as RequestWithIdentity;
    try {
      const status = await this.limiter.checkRequest(identity, clientIp(req, this.config.TRUST_PROXY_HOPS));
      if (status) setHeaders(res, status);
    } catch (error) {
      const details = error instanceof AppError ? (error.details as { limit?: number; retryAfterMs?: number } | undefined) : undefined;
      if (details?.retryAfterMs !== undefined) {
        const seconds = Math.ceil(details.retryAfterMs / 1000);
        res.setHeader('Retry-After', String(seconds));
        setHeaders(res, { limit: details.limit ?? 0, remaining: 0, resetMs: details.retryAfterMs });
      }
      throw error;
    }
    next();
  }
}

function setHeaders(res: Response, status: Pick<RateLimitStatus, 'limit' | 'remaining' | 'resetMs'>): void {
  res.setHeader('X-RateLimit-Limit', String(status.limit));
  res.setHeader('X-RateLimit-Remaining', String(status.remaining));
  res.setHeader('X-RateLimit-Reset', String(Math.ceil(status.resetMs / 1000)));
}
