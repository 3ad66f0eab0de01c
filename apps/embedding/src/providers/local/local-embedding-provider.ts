import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { basename } from 'node:path';
import type { EmbeddingKind, EmbeddingProvider, EmbeddingTier } from '../embedding-provider';
import { modelFolderProblem } from './model-folder';
import type { ModelPreset } from './model-presets';

/** Where the weights come from: a folder on disk, or (only when allowed) a Hugging Face Hub repo. */
export type LocalModelSource = { dir: string } | { hubModel: string; hubUrl?: string; cacheDir?: string };

export interface LocalProviderOptions {
  source: LocalModelSource;
  /** The vector space id; equal to an API tier's when this is the same model run locally. */
  modelId?: string;
  preset: ModelPreset;
  dtype: 'fp32' | 'q8';
  maxBatch: number;
}

/**
 * A sentence-embedding model run in-process by onnxruntime-node (CPU) through
 * transformers.js. Loads at boot from a folder with remote downloads off, unless a Hub
 * model is configured (which the config only allows with LOCAL_EMBEDDING_ALLOW_REMOTE).
 * Pooling and query/passage prefixes follow the model family; output is L2-normalised.
 */
export class LocalEmbeddingProvider implements EmbeddingProvider {
  readonly tier: EmbeddingTier = 'local';
  readonly modelId: string;
  readonly maxBatch: number;
  /** One ONNX run already uses every core; parallel runs only contend. */
  readonly maxConcurrency = 1;
  readonly exactTokenCount = true;
  private extractor?: FeatureExtractionPipeline;
  private loaded?: { dims: number; maxInputTokens: number };

  constructor(private readonly options: LocalProviderOptions) {
    this.maxBatch = options.maxBatch;
    this.modelId = options.modelId ?? ('dir' in options.source ? basename(options.source.dir) : options.source.hubModel);
  }

  get dims(): number {
    return this.ready().dims;
  }

  get maxInputTokens(): number {
    return this.ready().maxInputTokens;
  }

  async init(): Promise<void> {
    if (this.extractor) return;
    const { source, dtype, preset } = this.options;
    const setting = 'dir' in source ? `LOCAL_EMBEDDING_MODEL_DIR=${source.dir}` : `LOCAL_EMBEDDING_HUB_MODEL=${source.hubModel}`;
    if ('dir' in source) {
      const problem = modelFolderProblem(source.dir, dtype);
      if (problem) throw new Error(`LOCAL_EMBEDDING_MODEL_DIR: ${problem}`);
    }
    // Loaded lazily so a service without the local tier never starts onnxruntime.
    const { env, pipeline } = await import('@huggingface/transformers');
    if ('hubModel' in source) {
      if (source.hubUrl) env.remoteHost = source.hubUrl;
      if (source.cacheDir) env.cacheDir = source.cacheDir;
    }
    try {
      this.extractor = await pipeline('feature-extraction', 'dir' in source ? source.dir : source.hubModel, {
        local_files_only: 'dir' in source,
        dtype,
        device: 'cpu',
      });
    } catch (error) {
      throw new Error(`${setting}: cannot load the model: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const tokenizer = this.extractor.tokenizer;
    const config = this.extractor.model.config as { max_position_embeddings?: number };
    const modelMax = Math.min(Number(tokenizer.model_max_length) || Infinity, config.max_position_embeddings ?? Infinity);
    const special = tokenizer.encode('').length;
    const prefix = Math.max(this.countTokens(preset.queryPrefix), this.countTokens(preset.passagePrefix));
    const probe = await this.extractor(['dimension probe'], { pooling: preset.pooling, normalize: true });
    this.loaded = { dims: probe.dims[1], maxInputTokens: (Number.isFinite(modelMax) ? modelMax : 512) - special - prefix };
  }

  countTokens(text: string): number {
    return text ? this.pipe().tokenizer.encode(text, { add_special_tokens: false }).length : 0;
  }

  async embed(texts: string[], kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    const { preset } = this.options;
    const prefix = kind === 'query' ? preset.queryPrefix : preset.passagePrefix;
    // The pipeline pads the batch and masks the padding out of the pooling, so a text's
    // vector does not depend on its batch-mates; it truncates at the model's length.
    const output = await this.pipe()(
      texts.map((text) => prefix + text),
      { pooling: preset.pooling, normalize: true },
    );
    const dims = output.dims[1];
    const data = output.data as Float32Array;
    return texts.map((_, i) => data.slice(i * dims, (i + 1) * dims));
  }

  async close(): Promise<void> {
    await this.extractor?.dispose();
  }

  private pipe(): FeatureExtractionPipeline {
    if (!this.extractor) throw new Error(`local embedding model ${this.modelId} is not loaded (init() first)`);
    return this.extractor;
  }

  private ready(): { dims: number; maxInputTokens: number } {
    if (!this.loaded) throw new Error(`local embedding model ${this.modelId} is not loaded (init() first)`);
    return this.loaded;
  }
}
