import { Inject, Injectable } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { decodeVector, MAX_EMBED_TEXTS, Patterns } from '@eloquent/contracts';
import type { RetrievalConfig } from '../config';

export interface EmbeddedPassages {
  model: string;
  dims: number;
  vectors: Float32Array[];
}

/** Asks the embedding service for passage vectors, in bus-sized batches. */
@Injectable()
export class PassageEmbedder {
  constructor(
    private readonly bus: BusClient,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  /** `model` pins the vector space (the index's); omitted = the embedding service's default. */
  async embed(texts: string[], model?: string): Promise<EmbeddedPassages> {
    const vectors: Float32Array[] = [];
    let resolved = { model: model ?? '', dims: 0 };
    for (let start = 0; start < texts.length; start += MAX_EMBED_TEXTS) {
      const reply = await this.bus.request(
        Patterns.embeddingEmbed,
        { texts: texts.slice(start, start + MAX_EMBED_TEXTS), kind: 'passage', ...(resolved.model ? { model: resolved.model } : {}) },
        { timeoutMs: this.config.INGEST_EMBED_TIMEOUT_MS },
      );
      resolved = { model: reply.model, dims: reply.dims };
      vectors.push(...reply.vectors.map(decodeVector));
    }
    return { ...resolved, vectors };
  }
}

/** What gets embedded for a chunk: its document title and section path give it context. */
export function passageText(title: string, headingPath: string[], text: string): string {
  const heading = headingPath.filter((h) => h !== title).join(' > ');
  return [title, heading, text].filter(Boolean).join('\n');
}
