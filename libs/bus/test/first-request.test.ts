import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { createTestRedisPrefix, TEST_REDIS_URL } from '@eloquent/testing';
import { BusClient, RedisStreamsServer } from '../src';

@Controller()
class StatsController {
  @MessagePattern('retrieval.stats')
  stats() {
    return { documents: 1, chunks: 1, indexVersion: 1 };
  }
}
@Module({ controllers: [StatsController] })
class StatsModule {}

describe('a new bus client', () => {
  const redis = createTestRedisPrefix('bus-first');
  let server: INestMicroservice;

  beforeAll(async () => {
    server = await NestFactory.createMicroservice(StatsModule, {
      strategy: new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, service: 'retrieval' }),
      logger: false,
    });
    await server.listen();
  });

  afterAll(async () => {
    await server.close();
    await redis.cleanup();
  });

  it('gets the reply to its very first request', async () => {
    for (let i = 0; i < 30; i++) {
      const client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, name: `first-${i}`, defaultTimeoutMs: 2_000 });
      try {
        await expect(client.request('retrieval.stats', {})).resolves.toMatchObject({ documents: 1 });
      } finally {
        await client.close();
      }
    }
  });
});
