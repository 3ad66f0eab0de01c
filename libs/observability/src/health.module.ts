import { Controller, Get, Inject, Logger, Module, type DynamicModule, type Type } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';
import { ReadinessChanges, type ReadinessResult } from './readiness-changes';

/** One dependency the service needs before it can take traffic. */
export interface ReadinessCheck {
  name: string;
  /** Resolves (optionally with details) when healthy; throws with the reason when not. */
  check(): Promise<Record<string, unknown> | void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@Controller('health')
class HealthController {
  private readonly logger = new Logger('Health');
  private readonly changes = new ReadinessChanges();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Liveness: the process answers. Never checks dependencies (a Redis blip must not restart pods). */
  @Get()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency answers. 503 with details otherwise; a change of state is logged once. */
  @Get('ready')
  @HealthCheck()
  async ready() {
    const results: ReadinessResult[] = [];
    try {
      return await this.health.check(this.checks.map((c) => () => this.run(c, results)));
    } finally {
      for (const change of this.changes.record(results)) this.logger[change.level](change.message);
    }
  }

  private async run(c: ReadinessCheck, results: ReadinessResult[]): Promise<HealthIndicatorResult> {
    const indicator = this.indicator.check(c.name);
    try {
      const details = (await withTimeout(c.check(), 3_000)) ?? {};
      results.push({ name: c.name, up: true });
      return indicator.up(details);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      results.push({ name: c.name, up: false, reason });
      return indicator.down({ reason });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `GET /health` and `GET /health/ready`; the app provides its checks under {@link READINESS_CHECKS}. */
@Module({})
export class HealthModule {
  static forRoot(options: {
    imports?: DynamicModule['imports'];
    inject?: Array<string | symbol | Type>;
    useFactory: (...deps: never[]) => ReadinessCheck[];
  }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.useFactory }],
    };
  }
}
