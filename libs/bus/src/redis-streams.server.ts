import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { newCorrelationId, outcomeOf, runWithContext } from '@eloquent/observability';
import { createBlockingRedis, createRedis } from '@eloquent/redis';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { handledRequests, handlerDuration, handlerInFlight, watchConsumerGroup } from './server-metrics';
import { minIdAfter, TRIM_INTERVAL_MS } from './stream-trim';
import { toErrorBody } from './to-error-body';
import { decodeRequest, encodeReply, requestStreamKey, type BusReply, type BusRequest } from './wire';

const DEAD_CONSUMER_IDLE_MS = 60 * 60 * 1000;

export interface RedisStreamsServerOptions {
  redisUrl: string;
  prefix: string;
  /** The service whose stream this server consumes (`chat`, `retrieval`, …). */
  service: string;
  /** Most requests handled at once by this replica (plus `load()`); reading pauses above it. */
  concurrency?: number;
  /**
   * Entries taken per read. Small, so that a burst is spread over the consumer group:
   * Redis serves blocked readers in turn, one read each (docs/failure-modes.md).
   */
  readCount?: number;
  /** Work this replica still does for requests already answered (e.g. chat's answers), counted against `concurrency`. */
  load?: () => number;
  /** How long SIGTERM waits for in-flight handlers. */
  drainMs?: number;
  /** How often read entries are trimmed from the stream (stream-trim.ts). */
  trimIntervalMs?: number;
}

/**
 * NestJS transport on Redis Streams with a consumer group per service: replicas compete
 * for requests, so each is handled exactly once (the built-in Redis transport is pub/sub,
 * where every replica handles every request — docs/architecture.md §2). Handlers stay `@MessagePattern`s.
 *
 * Delivery is at most once: an entry is acknowledged as it is read (XREADGROUP … NOACK), because a
 * request replayed after a crash (e.g. `chat.send`) would do its work twice; the caller's
 * timeout covers a replica that dies mid-request.
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('RedisStreamsServer');
  private readonly consumer = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Set<Promise<void>>();
  private reader?: Redis;
  private writer?: Redis;
  private closing = false;
  private reading = true;
  private readerId?: number;
  private loop?: Promise<void>;
  private unwatchGroup?: () => void;
  /** The id of the last entry this replica read, and the one it last trimmed up to (stream-trim.ts). */
  private lastReadId?: string;
  private lastTrimmedId?: string;
  private trimTimer?: NodeJS.Timeout;

  constructor(private readonly options: RedisStreamsServerOptions) {
    super();
  }

  private get stream(): string {
    return requestStreamKey(this.options.prefix, this.options.service);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.reader = createBlockingRedis(this.options.redisUrl, `${this.options.service}-bus-reader`);
      this.writer = createRedis(this.options.redisUrl, `${this.options.service}-bus-writer`);
      // Its id, for CLIENT UNBLOCK when reading stops (a new one after each reconnect).
      this.reader.on('ready', () => {
        this.reader!.client('ID').then(
          (id) => (this.readerId = Number(id)),
          () => undefined,
        );
      });
      await this.ensureGroup();
      await this.forgetDeadConsumers();
      this.unwatchGroup = watchConsumerGroup(this.writer, this.stream, this.options.service);
      this.loop = this.readLoop();
      this.trimTimer = setInterval(() => void this.trimRead(), this.options.trimIntervalMs ?? TRIM_INTERVAL_MS).unref();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Creates the service's consumer group (and stream) unless it exists — also after Redis lost its data. */
  private async ensureGroup(): Promise<void> {
    await this.writer!.xgroup('CREATE', this.stream, this.options.service, '$', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.includes('BUSYGROUP')) throw error;
    });
  }

  /** Every replica start adds a consumer name; drop those of replicas long gone (idle, nothing pending). */
  private async forgetDeadConsumers(): Promise<void> {
    const consumers = (await this.writer!.xinfo('CONSUMERS', this.stream, this.options.service)) as Array<Array<string | number>>;
    for (const fields of consumers) {
      const info = Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]));
      if (Number(info.pending) === 0 && Number(info.idle) > DEAD_CONSUMER_IDLE_MS) {
        await this.writer!.xgroup('DELCONSUMER', this.stream, this.options.service, String(info.name));
      }
    }
  }

  private async readLoop(): Promise<void> {
    const concurrency = this.options.concurrency ?? 256;
    const readCount = this.options.readCount ?? 1;
    while (this.reading) {
      const busy = this.inFlight.size + (this.options.load?.() ?? 0);
      if (busy >= concurrency) {
        await Promise.race([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 50))]);
        continue;
      }
      let batch: [string, [string, string[]][]][] | null;
      try {
        batch = (await this.reader!.xreadgroup(
          'GROUP',
          this.options.service,
          this.consumer,
          'COUNT',
          Math.min(readCount, concurrency - busy),
          'BLOCK',
          2_000,
          // At most once: an entry is acknowledged as it is read (NOACK), so it never enters the
          // group's pending list (docs/bus.md). The same guarantee as XACK on receipt, without
          // the MULTI/XACK/XDEL/EXEC that cost four commands per read (docs/performance.md, cut 9).
          'NOACK',
          'STREAMS',
          this.stream,
          '>',
        )) as [string, [string, string[]][]][] | null;
      } catch (error) {
        if (!this.reading) return;
        if (error instanceof Error && error.message.startsWith('NOGROUP')) {
          await this.ensureGroup().catch(() => undefined);
          continue;
        }
        this.log.error({ err: error }, 'bus read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      const entries = batch?.[0]?.[1] ?? [];
      if (entries.length === 0) continue;
      // Read entries are already acknowledged (NOACK); trimRead removes them from the stream later.
      this.lastReadId = entries[entries.length - 1][0];
      for (const [, fields] of entries) {
        const request = decodeRequest(fields);
        if (!request) {
          this.log.warn('dropped a malformed bus entry');
          continue;
        }
        const task = this.handle(request).finally(() => this.inFlight.delete(task));
        this.inFlight.add(task);
      }
    }
  }

  /**
   * Removes the entries up to the last one this replica read: all delivered, never delivered
   * again (stream-trim.ts). One XTRIM per interval instead of an XDEL per read. A lone command:
   * ioredis may send it again after a reconnect, which is harmless (the same trim again).
   */
  private async trimRead(): Promise<void> {
    const upTo = this.lastReadId;
    if (upTo === undefined || upTo === this.lastTrimmedId) return;
    this.lastTrimmedId = upTo;
    await this.writer!.xtrim(this.stream, 'MINID', minIdAfter(upTo)).catch((error: unknown) => {
      this.lastTrimmedId = undefined; // try again at the next interval
      this.log.warn({ err: error }, 'could not trim read bus entries');
    });
  }

  private async handle(request: BusRequest): Promise<void> {
    // A pattern is one of ours, a plain string: look it up directly. Nest's lookup first tries
    // JSON.parse on it, which throws (and is caught) for every request (docs/performance.md, cut 10).
    const handler = this.messageHandlers.get(request.pattern) ?? this.getHandlerByPattern(request.pattern);
    // A bounded label: patterns without a handler here are one value.
    const pattern = handler ? request.pattern : 'unknown';
    if (request.meta?.deadlineMs && request.meta.deadlineMs < Date.now()) {
      handledRequests.inc({ pattern, outcome: 'expired' }); // the caller gave up
      return;
    }
    const context = { correlationId: request.meta?.correlationId ?? newCorrelationId(), userId: request.meta?.userId };
    handlerInFlight.inc();
    try {
      await this.handleInContext(request, handler, pattern, context);
    } finally {
      handlerInFlight.dec();
    }
  }

  private async handleInContext(
    request: BusRequest,
    handler: ReturnType<Server['getHandlerByPattern']>,
    pattern: string,
    context: { correlationId: string; userId?: string },
  ): Promise<void> {
    await runWithContext(context, async () => {
      const started = performance.now();
      let reply: BusReply;
      if (!handler) {
        reply = { id: request.id, error: { code: 'UNKNOWN_PATTERN', message: `No handler for ${request.pattern}`, correlationId: context.correlationId } };
      } else {
        try {
          const response = await lastValueFrom(this.transformToObservable(await handler(request.data)), { defaultValue: null });
          reply = { id: request.id, response };
        } catch (error) {
          reply = { id: request.id, error: toErrorBody(error, context.correlationId) };
        }
      }
      const outcome = 'error' in reply ? outcomeOf(reply.error) : 'ok';
      handledRequests.inc({ pattern, outcome });
      handlerDuration.observe({ pattern, outcome }, (performance.now() - started) / 1000);
      if (request.replyTo) await this.writer!.publish(request.replyTo, encodeReply(reply));
      this.log.debug(
        { pattern: request.pattern, ms: Math.round(performance.now() - started), error: 'error' in reply ? reply.error.code : undefined },
        'bus request handled',
      );
    });
  }

  /**
   * Stops reading new requests at once (the other replicas take them); what was read is
   * still handled. Called at SIGTERM, before the service drains its own work (start-service.ts):
   * Nest closes transports only after that drain. The blocked read is ended by CLIENT
   * UNBLOCK, never by dropping the connection, so entries it had just been given are not lost.
   */
  async stopReading(): Promise<void> {
    if (!this.reading) return this.loop;
    this.reading = false;
    const loop = this.loop ?? Promise.resolve();
    let ended = false;
    void loop.finally(() => (ended = true));
    while (!ended) {
      if (this.readerId !== undefined) await this.writer?.client('UNBLOCK', this.readerId).catch(() => undefined);
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    // Operators (and the replica tests) see when draining began: nothing read after this line.
    this.log.log('bus stopped reading requests');
  }

  /** Stops taking requests, lets in-flight ones finish (up to drainMs), then disconnects. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.unwatchGroup?.();
    await this.stopReading().catch(() => undefined);
    clearInterval(this.trimTimer);
    this.reader?.disconnect();
    void this.trimRead(); // what this replica read last, rather than leave it to the others (sent before QUIT)
    const drained = Promise.allSettled([...this.inFlight]);
    const grace = new Promise((resolve) => setTimeout(resolve, this.options.drainMs ?? 10_000).unref());
    await Promise.race([drained, grace]);
    await this.writer?.quit().catch(() => undefined);
  }

  /** Requests being handled now. */
  get handling(): number {
    return this.inFlight.size;
  }

  on(): never {
    throw new Error('RedisStreamsServer does not emit transport events');
  }

  unwrap<T>(): T {
    return this.writer as T;
  }
}
