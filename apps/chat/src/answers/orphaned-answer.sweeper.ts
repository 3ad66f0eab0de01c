import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { answerStreamKey } from '@eloquent/contracts';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import { PeriodicTask } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { ChatConfig } from '../config';
import { answerAliveKey, answerDeadlineMs } from './answer-deadline';

/**
 * Appends the sweeper's `error` unless the stream already ended: the writer may have ended it
 * just before the row was claimed, and nothing may follow a terminal entry.
 */
const APPEND_UNLESS_ENDED = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1] then
  local entry = last[1][2][2]
  if string.find(entry, '"type":"done"', 1, true) or string.find(entry, '"type":"error"', 1, true) then return 0 end
end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', 10000, '*', 'e', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * A replica that is killed outright (OOM, node loss) cannot mark its answers failed. The
 * replica writing an answer keeps a heartbeat key for it in Redis (ANSWER_HEARTBEAT_MS,
 * expiring after three missed beats); an answer still `pending`/`streaming` without one in
 * two sweeps in a row (one is not enough: a Redis restart drops every heartbeat at once) —
 * or past its own deadline (answer-deadline.ts) — belonged to such a replica: this ends it
 * `failed` (SERVICE_UNAVAILABLE) and appends `error` to its stream, so a waiting or resuming
 * client is told within a few seconds instead of minutes (docs/failure-modes.md). Safe on
 * every replica: the UPDATE claims each row once, and never one that has ended.
 */
@Injectable()
export class OrphanedAnswerSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrphanedAnswerSweeper.name);
  private readonly task: PeriodicTask;
  /** Answers seen without a heartbeat by the previous sweep: swept if still so (a Redis restart drops every heartbeat at once). */
  private suspects = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: ChatConfig,
  ) {
    this.task = new PeriodicTask(
      () => this.sweep(),
      config.ORPHAN_SWEEP_INTERVAL_MS,
      (error) => this.logger.warn({ err: error }, 'orphaned answer sweep failed'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Ends the orphaned answers; returns their ids. */
  async sweep(): Promise<string[]> {
    const heartbeatLapseS = (this.config.ANSWER_HEARTBEAT_MS * 3) / 1000;
    // Candidates: old enough to have had a heartbeat (a row is inserted just before its first beat).
    const candidates: Array<{ id: string; overdue: boolean }> = await this.dataSource.query(
      `SELECT id, created_at < now() - make_interval(secs => $2) AS overdue FROM chat.messages
       WHERE role = 'assistant' AND status IN ('pending', 'streaming') AND updated_at < now() - make_interval(secs => $1)`,
      [heartbeatLapseS, answerDeadlineMs(this.config) / 1000],
    );
    if (candidates.length === 0) return [];
    const alive = await this.redis.mget(...candidates.map((c) => answerAliveKey(this.prefix, c.id)));
    const silent = new Set(candidates.filter((_, i) => alive[i] === null).map((c) => c.id));
    const orphaned = candidates.filter((c) => c.overdue || (silent.has(c.id) && this.suspects.has(c.id))).map((c) => c.id);
    this.suspects = silent;
    if (orphaned.length === 0) return [];
    // A WITH around the UPDATE: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `WITH swept AS (
         UPDATE chat.messages SET status = 'failed', error_code = 'SERVICE_UNAVAILABLE', updated_at = now()
         WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'streaming') RETURNING id)
       SELECT id FROM swept`,
      [orphaned],
    );
    for (const { id } of rows) {
      const entry = { type: 'error', messageId: id, code: 'SERVICE_UNAVAILABLE', message: 'The answer was interrupted: the service writing it stopped' };
      await this.redis.eval(APPEND_UNLESS_ENDED, 1, answerStreamKey(this.prefix, id), JSON.stringify(entry), this.config.STREAM_TTL_S);
    }
    if (rows.length) this.logger.warn(`ended ${rows.length} orphaned answers`);
    return rows.map((r) => r.id);
  }
}
