import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, type ErrorBody, type ErrorCode } from '@eloquent/contracts';
import { currentContext } from '@eloquent/observability';
import type { Request, Response } from 'express';

/**
 * The HTTP transport's one exception filter: every error becomes
 * `{ error: { code, message, correlationId } }` with a matching status.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const correlationId = currentContext()?.correlationId ?? request.id;
    const { status, body } = this.describe(exception, correlationId);
    // Health checks keep terminus' own report (which dependency is down and why). A failing
    // probe is not an error of this request: the health controller logs when readiness changes.
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      if (!response.headersSent) response.status(status).json(exception.getResponse());
      return;
    }
    if (status >= 500) this.logger.error({ err: exception, correlationId }, body.message);
    if (response.headersSent) return;
    const retryAfterMs = (body.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    if (typeof retryAfterMs === 'number' && !response.getHeader('retry-after')) response.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    response.status(status).json({ error: body });
  }

  private describe(exception: unknown, correlationId?: string): { status: number; body: ErrorBody } {
    if (exception instanceof AppError) return { status: exception.status, body: exception.toBody(correlationId) };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, body: { code: codeForStatus(status), message: exception.message, correlationId } };
    }
    if (isBodyParserError(exception)) {
      const code: ErrorCode = exception.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED';
      return { status: exception.status, body: { code, message: exception.message, correlationId } };
    }
    return { status: 500, body: { code: 'INTERNAL', message: 'Internal error', correlationId } };
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  if (status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

function isBodyParserError(error: unknown): error is { status: number; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' && 'type' in error;
}

function isHealthReport(response: unknown): boolean {
  return typeof response === 'object' && response !== null && 'details' in response && 'status' in response;
}
