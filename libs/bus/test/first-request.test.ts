import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { createTestRedisPrefix, TEST_REDIS_URL } from '@eloquent/testing';
import { AppError } from '@eloquent/contracts';
import { BusClient, BusExceptionFilter, RedisStreamsServer } from '../src';

@Controller()
class StatsController {
  @MessagePattern('retrieval.stats')
  stats() {
    return { documents: 1, chunks: 1, indexVersion: 1 };
  }
}
@Module({ controllers: [StatsController] })
class StatsModule {}

@Controller()
class RefusingController {
  @MessagePattern('chat.adopt')
  adopt(): never {
    throw new AppError('VALIDATION_FAILED', 'refused at once');
  }
}
@Module({ controllers: [RefusingController] })
class RefusingModule {}

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

describe('error replies under load', () => {
  const redis = createTestRedisPrefix('bus-race');
  let server: INestMicroservice;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    server = await NestFactory.createMicroservice(RefusingModule, {
      strategy: new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, service: 'chat' }),
      logger: false,
    });
    server.useGlobalFilters(new BusExceptionFilter());
    await server.listen();
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server.close();
    await redis.cleanup();
  });

  it('reach every caller, and none is reported as an unhandled rejection', async () => {
    const client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, name: 'race', defaultTimeoutMs: 2_000 });
    try {
      const codes = await Promise.all(
        Array.from({ length: 200 }, () => client.request('chat.adopt', { fromUserId: 'anon:a', toUserId: 'anon:b' }).catch((error: AppError) => error.code)),
      );
      expect(new Set(codes)).toEqual(new Set(['VALIDATION_FAILED']));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
