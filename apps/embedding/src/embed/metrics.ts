import { counter, histogram } from '@eloquent/observability';

/**
 * Embedding metrics beside the per-tier dependency metrics of ResilientCall
 * (`eloquent_dependency_*{dependency="embedding.<tier>"}`: calls, latency, breaker state).
 */
export const embeddedTexts = counter({
  name: 'eloquent_embedding_texts_total',
  help: 'Texts answered, by where the vector came from: cache, computed by a tier, or shared with an identical text in flight.',
  labelNames: ['model', 'source'],
});

export const batchSize = histogram({
  name: 'eloquent_embedding_batch_size',
  help: 'Texts per provider call (micro-batching coalesces concurrent requests).',
  labelNames: ['tier'],
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
});

export const truncatedTexts = counter({ name: 'eloquent_embedding_truncated_total', help: "Texts cut to fit the model's input limit.", labelNames: ['model'] });

export const cacheErrors = counter({
  name: 'eloquent_embedding_cache_errors_total',
  help: 'Cache reads or writes that failed (served without the cache).',
  labelNames: ['operation'],
});
