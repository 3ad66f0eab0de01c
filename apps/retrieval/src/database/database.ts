import type { ServiceDatabaseOptions } from '@eloquent/runtime';
import { ChunkEntity } from '../documents/chunk.entity';
import { DocumentEntity } from '../documents/document.entity';
import type { RetrievalConfig } from '../config';
import { RetrievalSchema1764072000000 } from './migrations/1764072000000-retrieval-schema';
import { VectorSpaces1764500000000 } from './migrations/1764500000000-vector-spaces';
import { KeywordStats1764800000000 } from './migrations/1764800000000-keyword-stats';
import { ChangeNotify1764900000000 } from './migrations/1764900000000-change-notify';

export function retrievalDatabase(config: RetrievalConfig): ServiceDatabaseOptions {
  return {
    url: config.DATABASE_URL,
    schema: 'retrieval',
    entities: [DocumentEntity, ChunkEntity],
    migrations: [RetrievalSchema1764072000000, VectorSpaces1764500000000, KeywordStats1764800000000, ChangeNotify1764900000000],
    poolSize: config.DATABASE_POOL_SIZE,
  };
}
