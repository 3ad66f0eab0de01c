import { Module, type DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { currentContext, newCorrelationId } from './request-context';

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
            // The correlation middleware runs first and has set the request's context.
            genReqId: () => currentContext()?.correlationId ?? newCorrelationId(),
            customProps: (req: IncomingMessage & { id?: unknown }) => ({ correlationId: req.id }),
            autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') === true || req.url === '/metrics' },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          },
        }),
      ],
    };
  }
}
