import { Injectable } from '@nestjs/common';
import { float32FromBytes } from '@eloquent/contracts';
import { DataSource } from 'typeorm';

/** Full-precision (f32) vectors of a few chunks, read from Postgres (`chunk_vectors`) for rescoring. */
@Injectable()
export class FullPrecisionVectors {
  constructor(private readonly dataSource: DataSource) {}

  async read(model: string, chunkIds: string[]): Promise<Map<string, Float32Array>> {
    if (chunkIds.length === 0) return new Map();
    const rows: Array<{ chunk_id: string; embedding: Buffer }> = await this.dataSource.query(
      `SELECT chunk_id, embedding FROM retrieval.chunk_vectors WHERE model = $1 AND chunk_id = ANY($2::text[])`,
      [model, chunkIds],
    );
    return new Map(rows.map((r) => [r.chunk_id, float32FromBytes(r.embedding)]));
  }
}
