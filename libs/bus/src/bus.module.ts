import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BusClient, type BusClientOptions } from './bus.client';

@Injectable()
class BusClientCloser implements OnApplicationShutdown {
  constructor(@Inject(BusClient) private readonly client: BusClient) {}
  onApplicationShutdown(): Promise<void> {
    return this.client.close();
  }
}

/** Provides the {@link BusClient} for calling other services. */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusClientOptions): DynamicModule {
    return {
      module: BusModule,
      providers: [{ provide: BusClient, useFactory: () => new BusClient(options) }, BusClientCloser],
      exports: [BusClient],
    };
  }
}
