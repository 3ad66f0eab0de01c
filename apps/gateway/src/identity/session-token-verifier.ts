import { Inject, Injectable, Logger } from '@nestjs/common';
import { verifyToken } from '@clerk/backend';
import type { TokenVerificationError } from '@clerk/backend/errors';
import { APP_CONFIG } from '@eloquent/config';
import { AppError } from '@eloquent/contracts';
import type { GatewayConfig } from '../config';
import type { Identity } from './anonymous-session';
import { hasRole } from './claims';

/** Reasons that say the server could not check the token (its JWKS), not that the token is bad. */
const SERVER_SIDE = new Set([
  'jwk-remote-failed-to-load',
  'jwk-remote-invalid',
  'jwk-remote-missing',
  'secret-key-invalid',
  'jwk-failed-to-resolve',
  'jwk-local-missing',
]);

/**
 * Verifies Clerk session JWTs with `@clerk/backend`'s `verifyToken`: networkless with
 * CLERK_JWT_KEY (PEM), otherwise against the instance's JWKS fetched with CLERK_SECRET_KEY
 * (cached by the SDK). Signature, algorithm (RS256/384/512 only: `alg: none` and HMAC are
 * refused), `exp`/`nbf`/`iat` with CLERK_CLOCK_SKEW_MS, issuer and authorized parties are
 * all checked; any failure is a 401 with TOKEN_EXPIRED or TOKEN_INVALID and the SDK's reason.
 */
@Injectable()
export class SessionTokenVerifier {
  private readonly logger = new Logger(SessionTokenVerifier.name);

  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  get configured(): boolean {
    return Boolean(this.config.CLERK_JWT_KEY || this.config.CLERK_SECRET_KEY);
  }

  async verify(token: string): Promise<Identity> {
    if (!this.configured) throw new AppError('TOKEN_INVALID', 'Sign-in is not configured on this server', 401, { reason: 'not-configured' });
    const config = this.config;
    let claims: Record<string, unknown> & { sub: string };
    try {
      claims = await this.withTimeout(
        verifyToken(token, {
          ...(config.CLERK_JWT_KEY ? { jwtKey: config.CLERK_JWT_KEY } : { secretKey: config.CLERK_SECRET_KEY, apiUrl: config.CLERK_API_URL }),
          ...(config.CLERK_AUTHORIZED_PARTIES.length ? { authorizedParties: config.CLERK_AUTHORIZED_PARTIES } : {}),
          ...(config.CLERK_ISSUER.length ? { issuer: config.CLERK_ISSUER } : {}),
          clockSkewInMs: config.CLERK_CLOCK_SKEW_MS,
        }),
      );
    } catch (error) {
      throw error instanceof AppError ? error : this.toAppError(error as Error);
    }
    return { userId: claims.sub, anonymous: false, admin: hasRole(claims, config.CLERK_ADMIN_CLAIM, config.CLERK_ADMIN_VALUE) };
  }

  private toAppError(error: TokenVerificationError | Error): AppError {
    const reason = (error as TokenVerificationError).reason ?? 'token-verification-failed';
    if (SERVER_SIDE.has(reason)) {
      this.logger.error({ reason, err: error }, 'session tokens cannot be verified: check CLERK_JWT_KEY / CLERK_SECRET_KEY / CLERK_API_URL');
      return new AppError('SERVICE_UNAVAILABLE', 'Sign-in cannot be verified right now', 503, { reason });
    }
    if (reason === 'token-expired') return new AppError('TOKEN_EXPIRED', 'The session token has expired', 401, { reason });
    return new AppError('TOKEN_INVALID', `The session token is not valid (${reason})`, 401, { reason });
  }

  /** The SDK's JWKS fetch has no deadline of its own (and retries); a sign-in must not hang on it. */
  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('SERVICE_UNAVAILABLE', 'Sign-in cannot be verified right now', 503, { reason: 'jwks-timeout' })),
        this.config.CLERK_TIMEOUT_MS,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
