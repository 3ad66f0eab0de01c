import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { answerStreamKey, isTerminal, RELAY_WAKE_MAXLEN, RELAY_WAKE_TTL_MS, relayWakeKey, type AnswerStreamEntry } from '@eloquent/contracts';
import { createBlockingRedis, REDIS, REDIS_PREFIX } from '@eloquent/redis';
import { randomUUID } from 'node:crypto';
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
/** How long the relay remembers which answers' writers have woken it. */
const WOKEN_MEMORY_MS = 60_000;

/**
 * Relays answer streams (docs/architecture.md §3) from Redis to sockets. One blocking connection reads
 * every followed stream with a single XREAD. That XREAD also reads this replica's own
 * wake stream: following a new answer appends to it, so the read returns at once and the
 * next one includes the new stream. (CLIENT UNBLOCK was racy: sent before the XREAD
 * reached Redis, it did nothing, and a new answer's first tokens waited for another
 * stream's entry or the 5 s block — under load every answer's first token was late.)
 *
 * An answer asked through this gateway (`chat.send` names this relay: {@link id}) is woken by
 * its writer instead: chat appends the message id to the wake stream with the answer's first
 * write, in the same transaction or script, and with it the entries of that write (the start
 * of the answer's stream, with their ids). So following it costs no wake entry of the relay's
 * own, and those entries are delivered from the wake read: an answer written whole (keyless)
 * in that one read, its stream never read (docs/performance.md §5, cut 22). Once the
 * writer's wake has been read, a later follow of that answer wakes the relay itself, as a
 * resume does. A writer that never writes (a replica killed first; the sweeper ends the
 * answer, without a wake) leaves the answer to the next read that returns anyway, at the
 * latest after BLOCK_MS.
 */
@Injectable()
export class AnswerRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(AnswerRelay.name);
  /** Followers by stream key: one read serves every socket following that answer. */
  private readonly streams = new Map<string, Set<Subscription>>();
  private readonly reader: Redis;
  /** Names this relay in `chat.send`, so the answer's writer wakes it (relayWakeKey). */
  readonly id = randomUUID();
  private readonly wakeKey: string;
  private wakeLastId = '0';
  /** Answers whose writer's wake entry has been read, by when (oldest first): a follow after it must wake the read itself. */
  private readonly woken = new Map<string, number>();
  /** A wake entry was appended since the current read started: more would be redundant. */
  private signalled = false;
  /** When the wake stream's TTL is next set again (epoch ms; 0 = with the next wake entry). */
  private wakeTtlDueAt = 0;
  private running = true;
  private idle?: () => void;
  private readonly loop: Promise<void>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.reader = createBlockingRedis(config.REDIS_URL, 'gateway-answer-relay');
    this.wakeKey = relayWakeKey(prefix, this.id);
    this.loop = this.run();
  }

  /**
   * Delivers the entries of the message's stream after `fromId` ('0' = all) to `listener`
   * until a terminal entry (done/error). Returns a function that stops following.
   * `writerWakes`: the answer was asked naming this relay, so its writer wakes the read; the
   * relay then appends no wake entry of its own unless that wake was read already.
   */
  follow(messageId: string, listener: Listener, fromId = '0', writerWakes = false): () => void {
    const subscription: Subscription = { key: answerStreamKey(this.prefix, messageId), lastId: fromId, listener };
    const followers = this.streams.get(subscription.key) ?? new Set<Subscription>();
    this.streams.set(subscription.key, followers.add(subscription));
    if (!writerWakes || this.woken.has(messageId) || this.idle) this.interrupt();
    return () => this.unfollow(subscription);
  }

  private unfollow(subscription: Subscription): void {
    const followers = this.streams.get(subscription.key);
    if (followers?.delete(subscription) && followers.size === 0) this.streams.delete(subscription.key);
  }

  /** Whether the message's stream still exists (it expires STREAM_TTL_S after the answer ended). */
  async exists(messageId: string): Promise<boolean> {
    return (await this.redis.exists(answerStreamKey(this.prefix, messageId))) === 1;
  }

  get following(): number {
    let count = 0;
    for (const followers of this.streams.values()) count += followers.size;
    return count;
  }

  private interrupt(): void {
    if (this.idle) {
      this.idle();
      this.idle = undefined;
      return;
    }
    if (this.signalled) return;
    this.signalled = true;
    const warn = (error: unknown) => this.logger.warn({ err: error }, 'could not wake the answer relay');
    this.redis.xadd(this.wakeKey, 'MAXLEN', '~', RELAY_WAKE_MAXLEN, '*', 'w', '1').catch(warn);
    // XADD keeps the key's TTL, so it is set again only every quarter of it, not with every
    // answer (docs/performance.md, cut 11): the wake stream still outlives a gone gateway by at
    // most RELAY_WAKE_TTL_MS. One that expired (no TTL set for 60 s, so one is due) gets it with the
    // entry that re-creates it; after Redis lost its data, with the first entry 15 s on.
    const now = Date.now();
    if (now < this.wakeTtlDueAt) return;
    this.wakeTtlDueAt = now + RELAY_WAKE_TTL_MS / 4;
    this.redis.pexpire(this.wakeKey, RELAY_WAKE_TTL_MS).catch((error: unknown) => {
      this.wakeTtlDueAt = 0; // again with the next wake entry
      warn(error);
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.streams.size === 0) {
        await new Promise<void>((resolve) => (this.idle = resolve));
        continue;
      }
      // From here on a new follow must wake this read; one that came before is in it.
      this.signalled = false;
      // Several sockets may follow one message (tabs, a resume): read each stream once, from
      // the earliest position any of them needs.
      const from = new Map<string, string>([[this.wakeKey, this.wakeLastId]]);
      for (const [key, followers] of this.streams) {
        let earliest: string | undefined;
        for (const sub of followers) if (earliest === undefined || compareIds(sub.lastId, earliest) < 0) earliest = sub.lastId;
        if (earliest !== undefined) from.set(key, earliest);
      }
      let result: Array<[string, Array<[string, string[]]>]> | null;
      try {
        result = (await this.reader.xread('COUNT', COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...from.keys(), ...from.values())) as typeof result;
      } catch (error) {
        if (!this.running) return;
        this.logger.error({ err: error }, 'answer stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const [key, entries] of result ?? []) {
        if (key === this.wakeKey) {
          this.wakeLastId = entries[entries.length - 1]?.[0] ?? this.wakeLastId;
          this.rememberWakes(entries);
          continue;
        }
        // Only to followers this read covered: one that came during the read (a resume from
        // an earlier entry) needs entries before `from`, and gets them on the next read.
        const readFrom = from.get(key)!;
        const parsed = entries.map(([id, fields]) => ({ id, entry: parseEntry(fields) }));
        for (const sub of [...(this.streams.get(key) ?? [])]) {
          if (compareIds(sub.lastId, readFrom) >= 0) this.deliver(sub, parsed);
        }
      }
    }
  }

  /**
   * Notes the answers whose writers woke this read (`m <message id>`), and delivers the entries
   * the wake carries (`<entry id> <entry>` pairs: the first entries of the answer's stream) to
   * the answer's followers, in order and by id as a read of the stream would: one that
   * follows later reads the stream itself.
   */
  private rememberWakes(entries: Array<[string, string[]]>): void {
    const now = Date.now();
    for (const [, fields] of entries) {
      if (fields[0] !== 'm' || !fields[1]) continue;
      this.woken.set(fields[1], now);
      const followers = this.streams.get(answerStreamKey(this.prefix, fields[1]));
      if (!followers || fields.length < 4) continue;
      const carried: Array<{ id: string; entry?: AnswerStreamEntry }> = [];
      for (let i = 2; i + 1 < fields.length; i += 2) carried.push({ id: fields[i], entry: parseJson(fields[i + 1]) });
      for (const sub of [...followers]) this.deliver(sub, carried);
    }
    for (const [messageId, at] of this.woken) {
      if (now - at < WOKEN_MEMORY_MS) break;
      this.woken.delete(messageId);
    }
  }

  private deliver(subscription: Subscription, entries: Array<{ id: string; entry?: AnswerStreamEntry }>): void {
    for (const { id, entry } of entries) {
      if (compareIds(id, subscription.lastId) <= 0) continue;
      subscription.lastId = id;
      if (!entry) continue;
      try {
        subscription.listener(entry);
      } catch (error) {
        this.logger.error({ err: error }, 'answer listener failed');
      }
      if (isTerminal(entry)) {
        this.unfollow(subscription);
        return;
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.idle?.();
    this.reader.disconnect();
    await this.loop.catch(() => undefined);
  }
}

function parseEntry(fields: string[]): AnswerStreamEntry | undefined {
  const index = fields.indexOf('e');
  return index < 0 ? undefined : parseJson(fields[index + 1]);
}

function parseJson(text: string): AnswerStreamEntry | undefined {
  try {
    return JSON.parse(text) as AnswerStreamEntry;
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
