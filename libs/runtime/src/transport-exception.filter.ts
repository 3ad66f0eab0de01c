import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BusExceptionFilter } from '@eloquent/bus';
import { HttpExceptionFilter } from './http-exception.filter';

/**
 * A hybrid app (HTTP + bus) shares one set of global filters between its transports, so
 * this routes each error to its transport's filter by the execution context.
 */
@Catch()
export class TransportExceptionFilter implements ExceptionFilter {
  private readonly http = new HttpExceptionFilter();
  private readonly bus = new BusExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost) {
    return host.getType() === 'rpc' ? this.bus.catch(exception) : this.http.catch(exception, host);
  }
}
