import { Injectable } from '@nestjs/common';
import type { SearchHit } from '@eloquent/contracts';
import { DataSource } from 'typeorm';

export type RenderedChunk = Omit<SearchHit, 'score' | 'scores'>;
type Render = (chunkIds: string[]) => Promise<Map<string, RenderedChunk>>;

/** Texts read ahead for the hits a search expects to show, while its other leg runs. */
export interface TextsAhead {
  ids: ReadonlySet<string>;
  /** undefined when the read failed: the texts are then read again, as without a read-ahead. */
  texts: Promise<Map<string, RenderedChunk> | undefined>;
}

/** Starts reading `chunkIds`' texts; the read's failure is kept for {@link textsWithAhead}. */
export function readAhead(render: Render, chunkIds: string[]): TextsAhead {
  return { ids: new Set(chunkIds), texts: render(chunkIds).catch(() => undefined) };
}

/**
 * The texts of `chunkIds`: those read ahead, and a read of only the ones that were not. An id
 * read ahead but absent (deleted meanwhile) stays absent, as it would from a read now.
 */
export async function textsWithAhead(render: Render, chunkIds: string[], ahead?: TextsAhead): Promise<Map<string, RenderedChunk>> {
  const early = ahead && (await ahead.texts);
  if (!early) return render(chunkIds);
  const rest = chunkIds.filter((id) => !ahead.ids.has(id));
  if (rest.length === 0) return early;
  for (const [id, chunk] of await render(rest)) early.set(id, chunk);
  return early;
}

/**
 * What a hit shows besides its scores (text, heading path, title, url, ids), read from
 * Postgres for the hits of one search in one query: the index keeps no chunk text in memory
 * (docs/retrieval.md, "At scale"). A chunk deleted since the index last caught up is simply
 * absent, so the hit is dropped rather than shown stale.
 */
@Injectable()
export class ChunkTexts {
  constructor(private readonly dataSource: DataSource) {}

  /** Starts reading the texts of hits a search expects to show (see {@link textsWithAhead}). */
  readAhead(chunkIds: string[]): TextsAhead {
    return readAhead((ids) => this.render(ids), chunkIds);
  }

  /** The hits' texts, reading only those not read ahead. */
  renderWith(chunkIds: string[], ahead?: TextsAhead): Promise<Map<string, RenderedChunk>> {
    return textsWithAhead((ids) => this.render(ids), chunkIds, ahead);
  }

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
