import { AppError, type ErrorBody } from '@eloquent/contracts';

/** Any thrown value → the uniform error body. Unknown errors never leak their internals. */
export function toErrorBody(error: unknown, correlationId?: string): ErrorBody {
  if (error instanceof AppError) return error.toBody(correlationId);
  if (isErrorBody(error)) return { ...error, correlationId: error.correlationId ?? correlationId };
  return { code: 'INTERNAL', message: 'Internal error', correlationId };
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string' && typeof (value as ErrorBody).message === 'string';
}
