import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { AppError } from '@eloquent/contracts';
import { createTestRedisPrefix, TEST_REDIS_URL } from '@eloquent/testing';
import Redis from 'ioredis';
import { register } from 'prom-client';
import { BusClient, BusExceptionFilter, RedisStreamsServer } from '../src';
import { watchConsumerGroup } from '../src/server-metrics';

@Controller()
class StatsController {
  @MessagePattern('retrieval.stats')
  stats() {
    return { ok: true };
  }

  @MessagePattern('retrieval.search')
  search(): never {
    throw new AppError('RETRIEVAL_FAILED', 'index broken');
  }
}

@Module({ controllers: [StatsController] })
class StatsModule {}

/** Reads one sample of the registry (what `/metrics` serves). */
async function sample(name: string, labels: string): Promise<number | undefined> {
  const lines = (await register.metrics()).split('\n');
  const line = lines.find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('bus metrics', () => {
  const redis = createTestRedisPrefix('bus-metrics');
  let server: INestMicroservice;
  let client: BusClient;
  let raw: Redis;

  beforeAll(async () => {
    server = await NestFactory.createMicroservice(StatsModule, {
      strategy: new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, service: 'retrieval' }),
      logger: false,
    });
    server.useGlobalFilters(new BusExceptionFilter());
    await server.listen();
    client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, name: 'test', defaultTimeoutMs: 2_000 });
    raw = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    await client.close();
    await server.close();
    raw.disconnect();
    await redis.cleanup();
  });

  it('counts requests by pattern and outcome on the caller and the handler side, with latency', async () => {
    await client.request('retrieval.stats', {} as never);
    await expect(client.request('retrieval.search', { query: 'x', namespace: 'default' } as never)).rejects.toMatchObject({ code: 'RETRIEVAL_FAILED' });
    await expect(client.request('embedding.embed', { texts: ['x'], kind: 'query' }, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });

    expect(await sample('eloquent_bus_client_requests_total', 'pattern="retrieval.stats",outcome="ok"')).toBe(1);
    expect(await sample('eloquent_bus_client_requests_total', 'pattern="retrieval.search",outcome="RETRIEVAL_FAILED"')).toBe(1);
    expect(await sample('eloquent_bus_client_requests_total', 'pattern="embedding.embed",outcome="UPSTREAM_TIMEOUT"')).toBe(1);
    expect(await sample('eloquent_bus_handler_requests_total', 'pattern="retrieval.stats",outcome="ok"')).toBe(1);
    expect(await sample('eloquent_bus_handler_requests_total', 'pattern="retrieval.search",outcome="RETRIEVAL_FAILED"')).toBe(1);
    expect(await sample('eloquent_bus_handler_duration_seconds_count', 'pattern="retrieval.stats",outcome="ok"')).toBe(1);
    expect(await sample('eloquent_bus_client_request_duration_seconds_count', 'pattern="embedding.embed",outcome="UPSTREAM_TIMEOUT"')).toBe(1);
    expect(await sample('eloquent_bus_client_requests_in_flight', 'pattern="retrieval.stats"')).toBe(0);
  });

  it('reports the consumer group lag (not read yet) and pending (read, not acknowledged) at scrape time', async () => {
    await server.close(); // one group per process, as in a service: the server's own stops reporting
    const stream = `${redis.prefix}test:lag`;
    await raw.xgroup('CREATE', stream, 'watchers', '$', 'MKSTREAM');
    const stop = watchConsumerGroup(raw, stream, 'watchers');
    try {
      for (let i = 0; i < 3; i++) await raw.xadd(stream, '*', 'n', String(i));
      expect(await register.getSingleMetricAsString('eloquent_bus_consumer_group_lag')).toMatch(/^eloquent_bus_consumer_group_lag 3$/m);
      await raw.xreadgroup('GROUP', 'watchers', 'reader', 'COUNT', 1, 'STREAMS', stream, '>');
      expect(await register.getSingleMetricAsString('eloquent_bus_consumer_group_lag')).toMatch(/^eloquent_bus_consumer_group_lag 2$/m);
      expect(await register.getSingleMetricAsString('eloquent_bus_consumer_group_pending')).toMatch(/^eloquent_bus_consumer_group_pending 1$/m);
    } finally {
      stop();
    }
    expect(await register.getSingleMetricAsString('eloquent_bus_consumer_group_lag')).not.toMatch(/^eloquent_bus_consumer_group_lag 2$/m);
  });
});
