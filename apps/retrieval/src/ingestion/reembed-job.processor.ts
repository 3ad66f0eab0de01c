import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, float32ToBytes } from '@eloquent/contracts';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { RetrievalConfig } from '../config';
import { PassageEmbedder, passageText } from './passage-embedder';
import { VectorSpaceService, type Space } from '../vector-space/vector-space.service';

export type ReembedJob = Job<Space, { switched: boolean; embedded: number }>;

interface MissingChunk {
  id: string;
  heading_path: string[];
  text: string;
  title: string;
}

/**
 * Builds the target vector space beside the active one: embeds, in batches, every chunk that
 * has no vector in it yet (new writes already carry both), then switches the index over under
 * the change-log lock once none is missing. Searches keep using the active space until then;
 * each replica's follower swaps its vectors when it sees the switch.
 */
@Injectable()
export class ReembedJobProcessor {
  private readonly logger = new Logger(ReembedJobProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly vectorSpaces: VectorSpaceService,
    private readonly embedder: PassageEmbedder,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  async process(job: ReembedJob): Promise<{ switched: boolean; embedded: number }> {
    const { model } = job.data;
    let embedded = 0;
    let after = '';
    for (;;) {
      if ((await this.vectorSpaces.read()).target?.model !== model) return { switched: false, embedded }; // cancelled
      const missing = await this.missing(model, after);
      if (missing.length === 0) {
        if (await this.vectorSpaces.switchToTarget(model)) {
          this.logger.log(`re-embedding done: the index now searches with ${model} (${embedded} chunks embedded)`);
          return { switched: true, embedded };
        }
        after = ''; // chunks written meanwhile without the new space: one more pass
        continue;
      }
      const reply = await this.embedder.embed(
        missing.map((c) => passageText(c.title, c.heading_path, c.text)),
        model,
      );
      if (reply.model !== model) throw new AppError('EMBEDDING_UNAVAILABLE', `asked for ${model}, got ${reply.model}`);
      // Joined with chunks so a chunk deleted meanwhile is skipped rather than violating the foreign key.
      await this.dataSource.query(
        `INSERT INTO retrieval.chunk_vectors (model, chunk_id, embedding)
         SELECT $1, u.id, u.embedding FROM unnest($2::text[], $3::bytea[]) AS u(id, embedding) JOIN retrieval.chunks c ON c.id = u.id
         ON CONFLICT DO NOTHING`,
        [model, missing.map((c) => c.id), reply.vectors.map(float32ToBytes)],
      );
      embedded += missing.length;
      after = missing[missing.length - 1].id;
      await job.updateProgress({ embedded });
    }
  }

  /** The next chunks (by id, after `after`) without a vector in `model`. */
  private missing(model: string, after: string): Promise<MissingChunk[]> {
    return this.dataSource.query(
      `SELECT c.id, c.heading_path, c.text, d.title FROM retrieval.chunks c JOIN retrieval.documents d ON d.id = c.document_id
       WHERE c.id > $2 AND NOT EXISTS (SELECT 1 FROM retrieval.chunk_vectors v WHERE v.model = $1 AND v.chunk_id = c.id)
       ORDER BY c.id LIMIT $3`,
      [model, after, this.config.REEMBED_BATCH],
    );
  }
}
