import { Module, type DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_HEADER, currentContext, newCorrelationId } from './request-context';

/**
 * pino JSON logs. Every line carries the service name and, inside a request, its
 * correlation id (from the bus meta, the socket event, or the `x-correlation-id` header).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: { service: string; level: string }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            messageKey: 'msg',
            mixin: () => {
              const context = currentContext();
              return context ? { correlationId: context.correlationId } : {};
            },
            genReqId: (req: IncomingMessage) => {
              const header = req.headers[CORRELATION_HEADER];
              return typeof header === 'string' && header.length <= 128 ? header : newCorrelationId();
            },
            customProps: (req: IncomingMessage & { id?: unknown }) => ({ correlationId: req.id }),
            autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') === true || req.url === '/metrics' },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          },
        }),
      ],
    };
  }
}
