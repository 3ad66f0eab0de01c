import { AppError, serviceOf, type Pattern, type RequestOf, type ResponseOf } from '@eloquent/contracts';
import { correlationId, currentContext, outcomeOf } from '@eloquent/observability';
import { createBlockingRedis, createRedis } from '@eloquent/redis';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type Redis from 'ioredis';
import { clientDuration, clientInFlight, clientRequests } from './client-metrics';
import { encodeRequest, replyChannel, requestStreamKey, type BusReply } from './wire';

export interface BusClientOptions {
  redisUrl: string;
  prefix: string;
  /** Used in connection names only. */
  name: string;
  defaultTimeoutMs: number;
  /** Bound on each request stream, so a service that is down cannot fill Redis. */
  maxStreamLength?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Typed request/response over the Redis Streams bus: `request(Patterns.retrievalSearch, {...})`
 * is checked against `PatternMap`. Every request carries the caller's correlation id and
 * a deadline; a request not answered in time fails with UPSTREAM_TIMEOUT.
 */
export class BusClient {
  private readonly id = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private readonly writer: Redis;
  private readonly subscriber: Redis;
  private ready?: Promise<unknown>;
  /** Subscribed once: ioredis subscribes again by itself after a reconnect, so later requests need not wait. */
  private subscribed = false;

  constructor(private readonly options: BusClientOptions) {
    this.writer = createRedis(options.redisUrl, `${options.name}-bus-client`);
    this.subscriber = createBlockingRedis(options.redisUrl, `${options.name}-bus-replies`);
    this.subscriber.on('message', (_channel: string, message: string) => this.onReply(message));
  }

  /**
   * Subscribes to this client's reply channel once the connection is ready: a SUBSCRIBE
   * queued before the ready check can race it, and a reply published meanwhile is lost.
   */
  private connect(timeoutMs: number): Promise<unknown> | undefined {
    if (this.subscribed) return undefined; // no timer and promise race per request (docs/performance.md, cut 10)
    this.ready ??= (async () => {
      if (this.subscriber.status !== 'ready') await once(this.subscriber, 'ready');
      await this.subscriber.subscribe(replyChannel(this.options.prefix, this.id));
      this.subscribed = true;
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new AppError('SERVICE_UNAVAILABLE', `bus unavailable: no Redis connection within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([this.ready, timeout])
      .catch((error: unknown) => {
        this.ready = undefined; // try again on the next request
        throw error;
      })
      .finally(() => clearTimeout(timer));
  }

  /** Sends one request and waits for its reply; counted and timed per pattern and outcome (client-metrics.ts). */
  async request<P extends Pattern>(pattern: P, data: RequestOf<P>, options: { timeoutMs?: number } = {}): Promise<ResponseOf<P>> {
    const started = performance.now();
    clientInFlight.inc({ pattern });
    const observe = (outcome: string) => {
      clientInFlight.dec({ pattern });
      clientRequests.inc({ pattern, outcome });
      clientDuration.observe({ pattern, outcome }, (performance.now() - started) / 1000);
    };
    try {
      const response = await this.send(pattern, data, options.timeoutMs ?? this.options.defaultTimeoutMs);
      observe('ok');
      return response;
    } catch (error) {
      observe(outcomeOf(error));
      throw error;
    }
  }

  private async send<P extends Pattern>(pattern: P, data: RequestOf<P>, timeoutMs: number): Promise<ResponseOf<P>> {
    const connecting = this.connect(timeoutMs);
    if (connecting) await connecting;
    const id = randomUUID();
    const meta = { correlationId: correlationId(), userId: currentContext()?.userId, deadlineMs: Date.now() + timeoutMs };
    const reply = new Promise<ResponseOf<P>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AppError('UPSTREAM_TIMEOUT', `${pattern} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
    });
    // The reply (on the subscriber connection) can beat XADD's own acknowledgement: mark the
    // promise handled now, so an error reply arriving meanwhile is not an unhandled rejection.
    reply.catch(() => undefined);
    const fields = encodeRequest({ id, pattern, meta, data, replyTo: replyChannel(this.options.prefix, this.id) });
    try {
      await this.writer.xadd(this.streamOf(pattern), 'MAXLEN', '~', this.options.maxStreamLength ?? 10_000, '*', ...fields);
    } catch (error) {
      this.settle(id)?.reject(new AppError('SERVICE_UNAVAILABLE', `bus unavailable: ${(error as Error).message}`));
    }
    return reply;
  }

  /** Fire and forget: no reply, no timeout. */
  async emit<P extends Pattern>(pattern: P, data: RequestOf<P>): Promise<void> {
    const fields = encodeRequest({ id: randomUUID(), pattern, meta: { correlationId: correlationId() }, data });
    await this.writer.xadd(this.streamOf(pattern), 'MAXLEN', '~', this.options.maxStreamLength ?? 10_000, '*', ...fields);
    clientRequests.inc({ pattern, outcome: 'emitted' });
  }

  private streamOf(pattern: string): string {
    return requestStreamKey(this.options.prefix, serviceOf(pattern));
  }

  private onReply(message: string): void {
    let reply: BusReply;
    try {
      reply = JSON.parse(message) as BusReply;
    } catch {
      return;
    }
    const pending = this.settle(reply.id);
    if (!pending) return; // timed out already
    if ('error' in reply) pending.reject(new AppError(reply.error.code, reply.error.message, undefined, reply.error.details));
    else pending.resolve(reply.response);
  }

  private settle(id: string): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    return pending;
  }

  async close(): Promise<void> {
    for (const [id, pending] of this.pending) {
      this.settle(id);
      pending.reject(new AppError('SERVICE_UNAVAILABLE', 'bus client closed'));
    }
    this.subscriber.disconnect();
    await this.writer.quit().catch(() => undefined);
  }
}
