import { Injectable } from '@nestjs/common';
import type { SearchHit } from '@eloquent/contracts';
import { DataSource } from 'typeorm';

export type RenderedChunk = Omit<SearchHit, 'score' | 'scores'>;

/**
 * What a hit shows besides its scores (text, heading path, title, url, ids), read from
 * Postgres for the hits of one search in one query: the index keeps no chunk text in memory
 * (docs/retrieval.md, "At scale"). A chunk deleted since the index last caught up is simply
 * absent, so the hit is dropped rather than shown stale.
 */
@Injectable()
export class ChunkTexts {
  constructor(private readonly dataSource: DataSource) {}

  async render(chunkIds: string[]): Promise<Map<string, RenderedChunk>> {
    if (chunkIds.length === 0) return new Map();
    const rows: Array<{ id: string; document_id: string; heading_path: string[]; text: string; external_id: string; title: string; url: string | null }> =
      await this.dataSource.query(
        `SELECT c.id, c.document_id, c.heading_path, c.text, d.external_id, d.title, d.url
         FROM retrieval.chunks c JOIN retrieval.documents d ON d.id = c.document_id
         WHERE c.id = ANY($1::text[]) AND NOT d.deleted`,
        [chunkIds],
      );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          chunkId: r.id,
          documentId: r.document_id,
          externalId: r.external_id,
          title: r.title,
          ...(r.url ? { url: r.url } : {}),
          headingPath: r.heading_path,
          text: r.text,
        },
      ]),
    );
  }
}
