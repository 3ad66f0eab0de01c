import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { AppError } from '@eloquent/contracts';
import { currentContext } from '@eloquent/observability';
import { throwError, type Observable } from 'rxjs';
import { toErrorBody } from './to-error-body';

/** The bus transport's one exception filter: every handler error becomes an ErrorBody. */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('Bus');

  catch(exception: unknown): Observable<never> {
    if (!(exception instanceof AppError)) this.logger.error({ err: exception }, 'handler failed');
    return throwError(() => toErrorBody(exception, currentContext()?.correlationId));
  }
}
