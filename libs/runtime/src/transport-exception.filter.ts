import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BusExceptionFilter } from '@eloquent/bus';
import { databaseUnavailableError, isDatabaseUnavailable } from './database-outage';
import { HttpExceptionFilter } from './http-exception.filter';

/**
 * A hybrid app (HTTP + bus) shares one set of global filters between its transports, so
 * this routes each error to its transport's filter by the execution context. A database
 * that cannot be reached is an outage (503 SERVICE_UNAVAILABLE with a retry hint), not a
 * defect (docs/failure-modes.md).
 */
@Catch()
export class TransportExceptionFilter implements ExceptionFilter {
  private readonly http = new HttpExceptionFilter();
  private readonly bus = new BusExceptionFilter();

  catch(caught: unknown, host: ArgumentsHost) {
    const exception = isDatabaseUnavailable(caught) ? databaseUnavailableError() : caught;
    return host.getType() === 'rpc' ? this.bus.catch(exception) : this.http.catch(exception, host);
  }
}
