import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { answerStreamKey, isTerminal, type AnswerStreamEntry } from '@eloquent/contracts';
import { createBlockingRedis, REDIS, REDIS_PREFIX } from '@eloquent/redis';
import type Redis from 'ioredis';
import type { GatewayConfig } from '../config';

type Listener = (entry: AnswerStreamEntry) => void;

interface Subscription {
  key: string;
  /** Last stream entry id delivered ('0' = from the start). */
  lastId: string;
  listener: Listener;
}

const BLOCK_MS = 5_000;
const COUNT = 200;

/**
 * Relays answer streams (DESIGN §2) from Redis to sockets. One blocking connection reads
 * every followed stream with a single XREAD; following a new stream interrupts the
 * current read (CLIENT UNBLOCK) so the first tokens are not held back.
 */
@Injectable()
export class AnswerRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(AnswerRelay.name);
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly reader: Redis;
  private readerId?: number;
  private blocked = false;
  private running = true;
  private wake?: () => void;
  private readonly loop: Promise<void>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.reader = createBlockingRedis(config.REDIS_URL, 'gateway-answer-relay');
    this.loop = this.run();
  }

  /**
   * Delivers the entries of the message's stream after `fromId` ('0' = all) to `listener`
   * until a terminal entry (done/error). Returns a function that stops following.
   */
  follow(messageId: string, listener: Listener, fromId = '0'): () => void {
    const subscription: Subscription = { key: answerStreamKey(this.prefix, messageId), lastId: fromId, listener };
    const handle = `${messageId}:${Math.random().toString(36).slice(2)}`;
    this.subscriptions.set(handle, subscription);
    this.interrupt();
    return () => this.subscriptions.delete(handle);
  }

  get following(): number {
    return this.subscriptions.size;
  }

  private interrupt(): void {
    if (this.wake) {
      this.wake();
      this.wake = undefined;
    } else if (this.blocked && this.readerId !== undefined) {
      this.redis.client('UNBLOCK', this.readerId).catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    this.readerId = Number(await this.reader.client('ID').catch(() => -1));
    while (this.running) {
      if (this.subscriptions.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      // Several sockets may follow one message (tabs, a resume): read each stream once, from
      // the earliest position any of them needs.
      const from = new Map<string, string>();
      for (const sub of this.subscriptions.values()) {
        const current = from.get(sub.key);
        if (current === undefined || compareIds(sub.lastId, current) < 0) from.set(sub.key, sub.lastId);
      }
      let result: Array<[string, Array<[string, string[]]>]> | null;
      try {
        this.blocked = true;
        result = (await this.reader.xread('COUNT', COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...from.keys(), ...from.values())) as typeof result;
      } catch (error) {
        if (!this.running) return;
        this.logger.error({ err: error }, 'answer stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      } finally {
        this.blocked = false;
      }
      for (const [key, entries] of result ?? []) {
        for (const [handle, sub] of [...this.subscriptions]) {
          if (sub.key === key) this.deliver(handle, sub, entries);
        }
      }
    }
  }

  private deliver(handle: string, subscription: Subscription, entries: Array<[string, string[]]>): void {
    for (const [id, fields] of entries) {
      if (compareIds(id, subscription.lastId) <= 0) continue;
      subscription.lastId = id;
      const entry = parseEntry(fields);
      if (!entry) continue;
      try {
        subscription.listener(entry);
      } catch (error) {
        this.logger.error({ err: error }, 'answer listener failed');
      }
      if (isTerminal(entry)) {
        this.subscriptions.delete(handle);
        return;
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.reader.disconnect();
    await this.loop.catch(() => undefined);
  }
}

function parseEntry(fields: string[]): AnswerStreamEntry | undefined {
  const index = fields.indexOf('e');
  if (index < 0) return undefined;
  try {
    return JSON.parse(fields[index + 1]) as AnswerStreamEntry;
  } catch {
    return undefined;
  }
}

/** Orders Redis stream ids (`<ms>-<seq>`); '0' sorts first. */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq = '0'] = a.split('-');
  const [bMs, bSeq = '0'] = b.split('-');
  return Number(aMs) - Number(bMs) || Number(aSeq) - Number(bSeq);
}
