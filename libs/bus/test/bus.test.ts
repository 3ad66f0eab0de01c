import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AppError } from '@eloquent/contracts';
import { currentContext, runWithContext } from '@eloquent/observability';
import { createTestRedisPrefix, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import Redis from 'ioredis';
import { of, throwError } from 'rxjs';
import { BusClient, BusExceptionFilter, RedisStreamsServer, requestStreamKey, SerializedResponse } from '../src';

const handledBy: string[] = [];

function replicaModule(name: string) {
  @Controller()
  class EchoController {
    @MessagePattern('embedding.embed')
    echo(@Payload() data: { texts: string[] }) {
      handledBy.push(name);
      return { vectors: data.texts, model: name, dims: 0, tier: 'test', cached: 0, correlationId: currentContext()?.correlationId };
    }

    @MessagePattern('retrieval.search')
    async fail(@Payload() data: { query: string }) {
      if (data.query === 'slow') await new Promise((resolve) => setTimeout(resolve, 500));
      throw new AppError('VALIDATION_FAILED', `bad query: ${data.query}`);
    }

    @MessagePattern('retrieval.list')
    serialized() {
      return new SerializedResponse(JSON.stringify({ documents: [{ externalId: name }] }));
    }

    /** A handler may answer with an Observable: its last value is the response, its error the error. */
    @MessagePattern('retrieval.delete')
    observed(@Payload() data: { externalId: string }) {
      if (data.externalId === 'missing') return throwError(() => new AppError('NOT_FOUND', 'no such document'));
      return of({ deleted: false }, { deleted: true });
    }

    @MessagePattern('retrieval.job')
    nothing(): void {}

    @MessagePattern('retrieval.stats')
    crash(): never {
      throw new Error('secret internals');
    }
  }
  @Module({ controllers: [EchoController] })
  class ReplicaModule {}
  return ReplicaModule;
}

/** A replica whose only handler takes a while, to observe draining. */
function drainModule() {
  @Controller()
  class SlowController {
    @MessagePattern('chat.list')
    async list() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { chats: [] };
    }
  }
  @Module({ controllers: [SlowController] })
  class DrainModule {}
  return DrainModule;
}

describe('Redis Streams bus', () => {
  const redis = createTestRedisPrefix('bus');
  const replicas: INestMicroservice[] = [];
  let client: BusClient;

  beforeAll(async () => {
    for (const name of ['a', 'b']) {
      for (const service of ['embedding', 'retrieval']) {
        const app = await NestFactory.createMicroservice(replicaModule(name), {
          strategy: new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, service }),
          logger: false,
        });
        app.useGlobalFilters(new BusExceptionFilter());
        await app.listen();
        replicas.push(app);
      }
    }
    client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, name: 'test', defaultTimeoutMs: 5_000 });
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(replicas.map((app) => app.close()));
    await redis.cleanup();
  });

  it('sends a response that is already JSON text as it is: the caller gets the parsed value', async () => {
    const reply = (await client.request('retrieval.list', {} as never)) as unknown as { documents: Array<{ externalId: string }> };
    expect(['a', 'b']).toContain(reply.documents[0].externalId);
  });

  it('delivers each request to exactly one replica and load-balances', async () => {
    handledBy.length = 0;
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => client.request('embedding.embed', { texts: [`t${i}`], kind: 'query' })));
    expect(replies.map((r) => r.vectors[0])).toEqual(Array.from({ length: 100 }, (_, i) => `t${i}`));
    expect(handledBy).toHaveLength(100);
    expect(new Set(handledBy)).toEqual(new Set(['a', 'b']));
  });

  it('carries the caller correlation id to the handler', async () => {
    const reply = await runWithContext({ correlationId: 'corr-123' }, () => client.request('embedding.embed', { texts: ['x'], kind: 'query' }));
    expect((reply as unknown as { correlationId: string }).correlationId).toBe('corr-123');
  });

  it('returns AppErrors with their code', async () => {
    await expect(client.request('retrieval.search', { query: 'nope', topK: 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'bad query: nope',
    });
  });

  it("answers with an Observable's last value or its error, and with nothing for a handler that returns nothing", async () => {
    await expect(client.request('retrieval.delete', { externalId: 'doc' } as never)).resolves.toEqual({ deleted: true });
    await expect(client.request('retrieval.delete', { externalId: 'missing' } as never)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no such document',
    });
    await expect(client.request('retrieval.job', {} as never)).resolves.toBeUndefined();
  });

  it('hides unexpected errors behind INTERNAL', async () => {
    await expect(client.request('retrieval.stats', {})).rejects.toMatchObject({ code: 'INTERNAL', message: 'Internal error' });
  });

  it('times out with UPSTREAM_TIMEOUT', async () => {
    await expect(client.request('retrieval.search', { query: 'slow', topK: 1 }, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });

  it('finishes in-flight requests when a replica shuts down (SIGTERM drain)', async () => {
    const slowReplica = await NestFactory.createMicroservice(drainModule(), {
      strategy: new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, service: 'chat' }),
      logger: false,
    });
    await slowReplica.listen();
    const reply = client.request('chat.list', { userId: 'u1' });
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the replica pick it up
    await slowReplica.close();
    await expect(reply).resolves.toEqual({ chats: [] });
  });

  it('recovers when Redis loses the stream and its consumer group', async () => {
    const admin = new Redis(TEST_REDIS_URL);
    try {
      await admin.del(requestStreamKey(redis.prefix, 'embedding'));
    } finally {
      admin.disconnect();
    }
    const reply = await waitFor(
      'the bus to recover',
      () => client.request('embedding.embed', { texts: ['back'], kind: 'query' }, { timeoutMs: 1_000 }),
      10_000,
    );
    expect(reply.vectors).toEqual(['back']);
  });

  it('answers UNKNOWN_PATTERN for a pattern nobody handles', async () => {
    await expect(client.request('retrieval.ingest', { documents: [] })).rejects.toMatchObject({ code: 'UNKNOWN_PATTERN' });
  });
});
