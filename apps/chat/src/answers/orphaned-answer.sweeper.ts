import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { answerStreamKey } from '@eloquent/contracts';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import { PeriodicTask } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { ChatConfig } from '../config';
import { AnswerStreamWriter } from './answer-stream.writer';

/**
 * A replica that is killed outright (OOM, node loss) cannot mark its answers failed. Any
 * answer still `pending`/`streaming` long after a live one could be (the whole-answer
 * timeout plus retrieval and the shutdown grace) belonged to such a replica: this ends it
 * `failed` (SERVICE_UNAVAILABLE) and appends `error` to its stream, so a waiting or resuming
 * client is told instead of waiting forever. Safe on every replica: the UPDATE claims each row once.
 */
@Injectable()
export class OrphanedAnswerSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrphanedAnswerSweeper.name);
  private readonly task: PeriodicTask;

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
    const staleAfterS = (this.config.ANTHROPIC_TIMEOUT_MS + this.config.RETRIEVAL_TIMEOUT_MS + this.config.SHUTDOWN_GRACE_MS) / 1000;
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `WITH swept AS (
         UPDATE chat.messages SET status = 'failed', error_code = 'SERVICE_UNAVAILABLE', updated_at = now()
         WHERE role = 'assistant' AND status IN ('pending', 'streaming') AND updated_at < now() - make_interval(secs => $1)
         RETURNING id)
       SELECT id FROM swept`,
      [staleAfterS],
    );
    for (const { id } of rows) {
      const writer = new AnswerStreamWriter(this.redis, {
        key: answerStreamKey(this.prefix, id),
        messageId: id,
        batchMs: 0,
        ttlSeconds: this.config.STREAM_TTL_S,
      });
      await writer.error({ code: 'SERVICE_UNAVAILABLE', message: 'The answer was interrupted: the service writing it stopped' });
    }
    if (rows.length) this.logger.warn(`ended ${rows.length} orphaned answers`);
    return rows.map((r) => r.id);
  }
}
