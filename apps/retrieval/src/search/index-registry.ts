import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { RetrievalConfig } from '../config';
import { NamespaceIndex } from './namespace-index';

/** All namespaces' in-memory indexes, and the change seq they reflect (the index version). */
@Injectable()
export class IndexRegistry {
  private readonly namespaces = new Map<string, NamespaceIndex>();
  /** The highest change seq applied; any write moves it, so it keys the search cache. */
  version = 0;
  loaded = false;

  constructor(@Inject(APP_CONFIG) private readonly config: RetrievalConfig) {}

  get(namespace: string): NamespaceIndex | undefined {
    return this.namespaces.get(namespace);
  }

  getOrCreate(namespace: string): NamespaceIndex {
    let index = this.namespaces.get(namespace);
    if (!index) {
      index = new NamespaceIndex({
        k1: this.config.BM25_K1,
        b: this.config.BM25_B,
        fieldWeights: { title: this.config.BM25_TITLE_WEIGHT, heading: this.config.BM25_HEADING_WEIGHT, body: 1 },
      });
      this.namespaces.set(namespace, index);
    }
    return index;
  }

  stats(namespace?: string): { documents: number; chunks: number; model?: string } {
    const indexes = namespace ? [this.namespaces.get(namespace)].filter((i): i is NamespaceIndex => !!i) : [...this.namespaces.values()];
    return {
      documents: indexes.reduce((sum, i) => sum + i.documentCount, 0),
      chunks: indexes.reduce((sum, i) => sum + i.chunks.size, 0),
      model: indexes.find((i) => i.model)?.model,
    };
  }
}
