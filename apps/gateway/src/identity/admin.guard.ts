import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError } from '@eloquent/contracts';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { GatewayConfig } from '../config';

export const ADMIN_KEY_HEADER = 'x-admin-key';

/**
 * Admin routes (documents, search debugging): the caller presents ADMIN_API_KEY in the
 * `x-admin-key` header (automation). With no key configured, admin routes are closed.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const presented = context.switchToHttp().getRequest<Request>().headers[ADMIN_KEY_HEADER];
    const expected = this.config.ADMIN_API_KEY;
    if (!expected) throw new AppError('UNAUTHORIZED', 'Admin access is not configured (set ADMIN_API_KEY)');
    if (typeof presented !== 'string' || !safeEqual(presented, expected)) throw new AppError('UNAUTHORIZED', 'Admin access requires a valid x-admin-key');
    return true;
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
