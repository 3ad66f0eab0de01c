import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { EmbeddingConfig } from '../config';
import { DeterministicEmbeddingProvider } from '../providers/deterministic/deterministic-embedding-provider';
import type { EmbeddingProvider } from '../providers/embedding-provider';
import { EmbedHandler } from './embed.handler';
import { EmbeddingCache } from './embedding-cache';
import { EMBEDDING_PROVIDERS, EmbeddingService } from './embedding.service';

@Module({
  controllers: [EmbedHandler],
  providers: [
    EmbeddingCache,
    EmbeddingService,
    {
      provide: EMBEDDING_PROVIDERS,
      inject: [APP_CONFIG],
      useFactory: (config: EmbeddingConfig): EmbeddingProvider[] => [new DeterministicEmbeddingProvider(config.DETERMINISTIC_DIMS)],
    },
  ],
  exports: [EmbeddingService],
})
export class EmbedModule {}
