import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError } from '@eloquent/contracts';
import { timingSafeEqual } from 'node:crypto';
import type { GatewayConfig } from '../config';
import type { RequestWithIdentity } from './identity.middleware';

export const ADMIN_KEY_HEADER = 'x-admin-key';

/**
 * Admin routes (documents and ingest jobs, search debugging, answer review). Either the caller presents ADMIN_API_KEY in
 * the `x-admin-key` header (automation), or signs in with a Clerk session whose admin
 * claim (CLERK_ADMIN_CLAIM = CLERK_ADMIN_VALUE) is set. A wrong key is refused even for an
 * admin session: a misconfigured script should fail loudly. Signed in without the role:
 * 403 FORBIDDEN; otherwise 401 UNAUTHORIZED.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const presented = request.headers[ADMIN_KEY_HEADER];
    const expected = this.config.ADMIN_API_KEY;
    if (presented !== undefined) {
      if (!expected) throw new AppError('UNAUTHORIZED', 'Admin access by key is not configured (set ADMIN_API_KEY)');
      if (typeof presented !== 'string' || !safeEqual(presented, expected)) throw new AppError('UNAUTHORIZED', 'Admin access requires a valid x-admin-key');
      return true;
    }
    const identity = request.identity;
    if (identity?.admin) return true;
    if (identity && !identity.anonymous) throw new AppError('FORBIDDEN', 'This route needs the admin role');
    throw new AppError('UNAUTHORIZED', 'Admin access requires an x-admin-key or an admin session');
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
