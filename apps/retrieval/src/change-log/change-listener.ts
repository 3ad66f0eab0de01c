import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { Client } from 'pg';
import type { RetrievalConfig } from '../config';
import { CHANGE_CHANNEL } from './change-log';
import { changeNotificationReconnects, changeNotificationsState, watchChangeNotifications, type ChangeNotificationsState } from './change-listener-metrics';

/** How the listening connection shows in `pg_stat_activity` (operators, and the test that cuts it). */
export const CHANGE_LISTENER_APPLICATION_NAME = 'eloquent-retrieval-change-listener';
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 5_000;
const END_TIMEOUT_MS = 2_000;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/** Wait before reconnect attempt `attempt` (1, 2, …): doubling from 100 ms up to 5 s, jittered into its upper half. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Holds a Postgres connection of its own (not one of the TypeORM pool's) that LISTENs on
 * CHANGE_CHANNEL, and wakes its subscribers (the index follower, the Pinecone sync) on each
 * notification. The notification is only a wake-up: the change log stays the truth. When the
 * connection fails or ends it reconnects with backoff and, once listening again, wakes the
 * subscribers, whose catch-up then reads whatever was committed meanwhile, so nothing is lost
 * with the notifications that went unheard. The followers keep a slow poll
 * (INDEX_FALLBACK_POLL_MS) for a connection that dies silently. Off with INDEX_NOTIFY=off.
 */
@Injectable()
export class ChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeListener.name);
  private readonly subscribers: Array<() => void> = [];
  private client?: Client;
  private retryTimer?: NodeJS.Timeout;
  private attempt = 0;
  private stopped = false;
  private unwatch?: () => void;
  private listenedBefore = false;
  /** Whether the connection is listening now. */
  listening = false;
  /** Times this listener was listening again after losing its connection (also a counter on /metrics). */
  reconnects = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: RetrievalConfig) {}

  /** `wake` runs on every notification, and after every (re)connection. */
  subscribe(wake: () => void): void {
    this.subscribers.push(wake);
  }

  /** For /health/ready and the `eloquent_retrieval_change_notifications_up` gauge. */
  get state(): ChangeNotificationsState {
    return changeNotificationsState(this.config.INDEX_NOTIFY, this.listening);
  }

  // After every module's init, so the followers have loaded and started before the first wake.
  onApplicationBootstrap(): void {
    if (this.config.INDEX_NOTIFY !== 'on') return;
    this.unwatch = watchChangeNotifications(() => this.state);
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unwatch?.();
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    if (client) await Promise.race([client.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, END_TIMEOUT_MS).unref())]);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: CHANGE_LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      // The connection is idle by design: keepalives let the kernel notice a peer that vanished.
      keepAlive: true,
    });
    this.client = client;
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      this.listening = false;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.attempt++;
      const delay = reconnectDelayMs(this.attempt);
      this.logger.warn({ err: error }, `change notifications lost; reconnecting in ${delay} ms (the fallback poll runs meanwhile)`);
      this.retryTimer = setTimeout(() => void this.connect(), delay);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('the listening connection ended')));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (lost || this.stopped) return;
    this.listening = true;
    if (this.attempt > 0) this.logger.log('change notifications restored');
    // A reconnection, not the first connection (however many tries that took).
    if (this.listenedBefore) {
      this.reconnects++;
      changeNotificationReconnects.inc();
    }
    this.listenedBefore = true;
    this.attempt = 0;
    // Changes committed before the LISTEN took effect were announced to nobody: catch up now.
    this.wake();
  }

  private wake(): void {
    for (const wake of this.subscribers) wake();
  }
}
