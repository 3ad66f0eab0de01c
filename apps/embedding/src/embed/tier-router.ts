import { AppError, EmbedErrorReason, type EmbeddingInfo } from '@eloquent/contracts';
import type { EmbeddingKind, EmbeddingTier } from '../providers/embedding-provider';
import type { Tier } from './tier';

/** What every tier of one model accepts, so any of them can take a batch made for the model. */
export interface ModelLimits {
  model: string;
  dims: number;
  maxBatch: number;
  maxBatchTokens?: number;
  maxInputTokens: number;
  /** The model's own tokenizer where a tier has it, else an API tier's upper estimate. */
  countTokens(text: string): number;
}

export interface Embedded {
  vectors: Float32Array[];
  tier: EmbeddingTier;
}

/**
 * Routes a request to the tiers that produce the requested vector space, in preference
 * order, failing over only among them: another model's vectors are never a fallback
 * (docs/architecture.md §5). When none answers, the caller gets EMBEDDING_UNAVAILABLE and retrieval
 * goes BM25-only.
 */
export class TierRouter {
  private readonly byModel = new Map<string, Tier[]>();

  constructor(readonly tiers: Tier[]) {
    for (const tier of tiers) this.byModel.set(tier.provider.modelId, [...(this.byModel.get(tier.provider.modelId) ?? []), tier]);
  }

  /** Loads every tier, then checks tiers sharing a model id agree on its dimension. */
  async init(): Promise<void> {
    await Promise.all(this.tiers.map((tier) => tier.provider.init?.()));
    for (const [model, tiers] of this.byModel) {
      const dims = new Set(tiers.map((t) => t.provider.dims));
      if (dims.size > 1) {
        throw new Error(`tiers ${tiers.map((t) => `${t.name} (${t.provider.dims} dims)`).join(' and ')} claim model ${model} with different dimensions`);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.tiers.map((tier) => tier.provider.close?.()));
  }

  has(model: string): boolean {
    return this.byModel.has(model);
  }

  tiersFor(model: string): Tier[] {
    const tiers = this.byModel.get(model);
    if (!tiers) {
      throw new AppError('EMBEDDING_UNAVAILABLE', `No embedding tier produces model ${model} (available: ${[...this.byModel.keys()].join(', ')})`, undefined, {
        reason: EmbedErrorReason.UNKNOWN_MODEL,
        model,
      });
    }
    return tiers;
  }

  limits(model: string): ModelLimits {
    const providers = this.tiersFor(model).map((t) => t.provider);
    const counter = providers.find((p) => p.exactTokenCount) ?? providers[0];
    const batchTokens = providers.map((p) => p.maxBatchTokens).filter((n): n is number => n !== undefined);
    return {
      model,
      dims: providers[0].dims,
      maxBatch: Math.min(...providers.map((p) => p.maxBatch)),
      maxBatchTokens: batchTokens.length ? Math.min(...batchTokens) : undefined,
      maxInputTokens: Math.min(...providers.map((p) => p.maxInputTokens)),
      countTokens: (text) => counter.countTokens(text),
    };
  }

  /** Calls worth running at once for `model`: its first tier whose breaker lets calls through. */
  concurrency(model: string): number {
    const tiers = this.tiersFor(model);
    return (tiers.find((t) => t.state !== 'open' && t.state !== 'isolated') ?? tiers[0]).provider.maxConcurrency;
  }

  /** Tries the model's tiers in order; each has already retried what was worth retrying. */
  async embed(model: string, texts: string[], kind: EmbeddingKind): Promise<Embedded> {
    const failures: string[] = [];
    for (const tier of this.tiersFor(model)) {
      try {
        return { vectors: await tier.embed(texts, kind), tier: tier.name };
      } catch (error) {
        failures.push(`${tier.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    throw new AppError('EMBEDDING_UNAVAILABLE', `No embedding tier for ${model} answered: ${failures.join('; ')}`, undefined, {
      reason: EmbedErrorReason.NO_HEALTHY_TIER,
      model,
    });
  }

  info(defaultModel: string): EmbeddingInfo {
    return {
      defaultModel,
      models: [...this.byModel].map(([model, tiers]) => ({ model, dims: tiers[0].provider.dims, tiers: tiers.map((t) => t.name) })),
    };
  }
}
