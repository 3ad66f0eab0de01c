import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { PeriodicTask } from '@eloquent/runtime';
import type { RetrievalConfig } from '../config';
import { IngestQueue } from './ingest-queue';
import { VectorSpaceService } from '../vector-space/vector-space.service';
import { Patterns } from '@eloquent/contracts';

/**
 * Notices when the embedding service's default model is no longer the one the index is bound
 * to (the operator changed EMBEDDING_MODEL) and starts a re-embedding job; cancels it if the
 * default goes back. Every replica checks; the vector_space row and the job id make it happen once.
 */
@Injectable()
export class ReembedMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReembedMonitor.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly bus: BusClient,
    private readonly vectorSpaces: VectorSpaceService,
    private readonly queue: IngestQueue,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    this.task = new PeriodicTask(
      () => this.check(),
      config.REEMBED_CHECK_MS,
      (error) => this.logger.error({ err: error }, 're-embedding check failed'),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.REEMBED_CHECK_MS > 0) this.task.start(0);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async check(): Promise<void> {
    const state = await this.vectorSpaces.read();
    if (!state.active) return; // nothing indexed yet: the first write binds the index to the default model
    let info;
    try {
      info = await this.bus.request(Patterns.embeddingInfo, {}, { timeoutMs: this.config.QUERY_EMBED_TIMEOUT_MS });
    } catch (error) {
      this.logger.debug({ err: error }, 'embedding.info unavailable; re-embedding check skipped');
      return;
    }
    const wanted = info.defaultModel;
    if (wanted === state.active.model) {
      if (state.target) {
        this.logger.warn(`embedding default is back to ${wanted}: cancelling the re-embedding into ${state.target.model}`);
        await this.vectorSpaces.setTarget(undefined);
      }
      return;
    }
    const dims = info.models.find((m) => m.model === wanted)?.dims;
    if (!dims) return;
    if (state.target?.model !== wanted) {
      this.logger.log(`embedding default changed to ${wanted}: re-embedding the index (now ${state.active.model}) beside the old vectors`);
      await this.vectorSpaces.setTarget({ model: wanted, dims });
    }
    await this.queue.addReembed({ model: wanted, dims });
  }
}
