import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Identity } from './anonymous-session';
import type { RequestWithIdentity } from './identity.middleware';

/** The caller of an HTTP route (set by the identity middleware). */
export const CurrentIdentity = createParamDecorator((_: unknown, context: ExecutionContext): Identity => {
  return context.switchToHttp().getRequest<RequestWithIdentity>().identity;
});
