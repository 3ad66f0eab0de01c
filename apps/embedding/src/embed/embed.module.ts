import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { EmbeddingConfig } from '../config';
import { createProviders } from './create-providers';
import { EmbedHandler } from './embed.handler';
import { EmbeddingCache } from './embedding-cache';
import { EmbeddingService } from './embedding.service';
import { resilienceFor, Tier } from './tier';
import { TierRouter } from './tier-router';

@Module({
  controllers: [EmbedHandler],
  providers: [
    EmbeddingCache,
    EmbeddingService,
    {
      provide: TierRouter,
      inject: [APP_CONFIG],
      useFactory: (config: EmbeddingConfig) =>
        new TierRouter(createProviders(config).map((provider) => new Tier(provider, resilienceFor(provider.tier, config)))),
    },
  ],
  exports: [EmbeddingService],
})
export class EmbedModule {}
