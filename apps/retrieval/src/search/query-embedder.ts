import { Inject, Injectable } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { decodeVector } from '@eloquent/contracts';
import type { RetrievalConfig } from '../config';

/** Embeds a query in the index's vector space, with a short timeout: search must stay fast. */
@Injectable()
export class QueryEmbedder {
  constructor(
    private readonly bus: BusClient,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  async embed(query: string, model: string): Promise<Float32Array> {
    const reply = await this.bus.request('embedding.embed', { texts: [query], kind: 'query', model }, { timeoutMs: this.config.QUERY_EMBED_TIMEOUT_MS });
    return decodeVector(reply.vectors[0]);
  }
}
