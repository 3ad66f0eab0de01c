import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { ConfigError } from '@eloquent/config';
import { TINY_RANDOM_BERT_DIR } from '@eloquent/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEmbeddingConfig } from '../src/config';
import { fitToTokens } from '../src/embed/truncate';
import { createProviders } from '../src/embed/create-providers';
import { LocalEmbeddingProvider, type LocalProviderOptions } from '../src/providers/local/local-embedding-provider';
import { PRESETS } from '../src/providers/local/model-presets';

/** Random weights, 32 dims, the real uncased BERT WordPiece tokenizer (see its README). */
const FIXTURE = TINY_RANDOM_BERT_DIR;

const local = (overrides: Partial<LocalProviderOptions> = {}) =>
  new LocalEmbeddingProvider({ source: { dir: FIXTURE }, preset: PRESETS.minilm, dtype: 'fp32', maxBatch: 8, ...overrides });

const norm = (v: Float32Array) => Math.hypot(...v);
const close = (a: Float32Array, b: Float32Array) => a.forEach((value, i) => expect(value).toBeCloseTo(b[i], 5));

/** A fake Hugging Face Hub serving the fixture's files, counting what it is asked for. */
async function startHub(): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const file = (req.url ?? '').match(/^\/[^/]+\/[^/]+\/resolve\/main\/(.+)$/)?.[1];
    const path = file ? join(FIXTURE, decodeURIComponent(file)) : '';
    if (!file || !existsSync(path)) return res.writeHead(404).end();
    const body = readFileSync(path);
    res.writeHead(200, { 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, server };
}

describe('local ONNX tier on tiny-random-bert', () => {
  let hub: Awaited<ReturnType<typeof startHub>>;
  let provider: LocalEmbeddingProvider;
  /** The raw model, to check pooling and prefixes against by hand. */
  let raw: FeatureExtractionPipeline;

  beforeAll(async () => {
    // Any download attempt would land here: the folder tier must make none.
    hub = await startHub();
    env.remoteHost = hub.url;
    provider = local();
    await provider.init();
    raw = await pipeline('feature-extraction', FIXTURE, { local_files_only: true, dtype: 'fp32' });
  });
  afterAll(async () => {
    // Whatever the set-up reached (a failed one must not leave the hub holding Jest open).
    hub?.server.close();
    await provider?.close();
    await raw?.dispose();
  });

  it('loads from the folder with remote downloads off', () => {
    expect(hub.requests).toEqual([]);
    expect(provider.dims).toBe(32);
    expect(provider.modelId).toBe('tiny-random-bert');
    expect(local({ modelId: 'multilingual-e5-small' }).modelId).toBe('multilingual-e5-small');
  });

  it('tokenizes with the model’s WordPiece tokenizer and knows its input limit', () => {
    expect(provider.countTokens('hello world')).toBe(2);
    expect(provider.countTokens('unaffordable')).toBeGreaterThan(1);
    // 512 positions minus [CLS] and [SEP].
    expect(provider.maxInputTokens).toBe(510);
  });

  it('mean-pools over the real tokens and L2-normalises', async () => {
    const text = 'How do I reset my card PIN?';
    const [vector] = await provider.embed([text], 'query');
    const tokens = await raw(text, { pooling: 'none' });
    const [, count, dims] = tokens.dims;
    const data = tokens.data as Float32Array;
    const mean = new Float32Array(dims);
    for (let t = 0; t < count; t++) for (let d = 0; d < dims; d++) mean[d] += data[t * dims + d] / count;
    const expected = mean.map((v) => v / norm(mean));
    close(vector, expected);
    expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('uses the [CLS] vector for bge and the query instruction only on queries', async () => {
    const bge = local({ preset: PRESETS.bge });
    await bge.init();
    try {
      const text = 'card PIN reset';
      const [passage] = await bge.embed([text], 'passage');
      const [query] = await bge.embed([text], 'query');
      const tokens = await raw(text, { pooling: 'none' });
      const cls = (tokens.data as Float32Array).slice(0, 32);
      close(
        passage,
        cls.map((v) => v / norm(cls)),
      );
      close(query, (await raw(PRESETS.bge.queryPrefix + text, { pooling: 'cls', normalize: true })).data as Float32Array);
      // The instruction's tokens count against the input limit.
      expect(bge.maxInputTokens).toBe(510 - bge.countTokens(PRESETS.bge.queryPrefix));
    } finally {
      await bge.close();
    }
  });

  it('prefixes e5 inputs with query: / passage:, and leaves MiniLM’s symmetric', async () => {
    const e5 = local({ preset: PRESETS.e5 });
    await e5.init();
    try {
      const text = 'transfer limits';
      const [query] = await e5.embed([text], 'query');
      const [passage] = await e5.embed([text], 'passage');
      close(query, (await raw(`query: ${text}`, { pooling: 'mean', normalize: true })).data as Float32Array);
      close(passage, (await raw(`passage: ${text}`, { pooling: 'mean', normalize: true })).data as Float32Array);
    } finally {
      await e5.close();
    }
    const [q] = await provider.embed(['transfer limits'], 'query');
    const [p] = await provider.embed(['transfer limits'], 'passage');
    expect(Array.from(q)).toEqual(Array.from(p));
  });

  it('embeds a batch (padded) exactly as one by one', async () => {
    const texts = ['short', 'a somewhat longer sentence about international transfers', 'PIN', 'card delivery takes five working days'];
    const batch = await provider.embed(texts, 'passage');
    for (const [i, text] of texts.entries()) close(batch[i], (await provider.embed([text], 'passage'))[0]);
    for (const vector of batch) expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('cuts an over-long text to the model limit with its own tokenizer', () => {
    const long = 'international transfers take up to five working days '.repeat(80);
    const fitted = fitToTokens(long, provider.maxInputTokens, (t) => provider.countTokens(t));
    expect(fitted.truncated).toBe(true);
    expect(long.startsWith(fitted.text)).toBe(true);
    expect(provider.countTokens(fitted.text)).toBeLessThanOrEqual(510);
    expect(provider.countTokens(long.slice(0, fitted.text.length + 1))).toBeGreaterThan(510);
  });

  it('names the setting when the model folder is missing', async () => {
    const missing = local({ source: { dir: '/nonexistent/model' } });
    await expect(missing.init()).rejects.toThrow('LOCAL_EMBEDDING_MODEL_DIR: model folder "/nonexistent/model" does not exist');
    expect(() => loadEmbeddingConfig({ LOCAL_EMBEDDING_MODEL_DIR: '/nonexistent/model' })).toThrow(ConfigError);
    expect(() => loadEmbeddingConfig({ LOCAL_EMBEDDING_MODEL_DIR: '/nonexistent/model' })).toThrow(
      /LOCAL_EMBEDDING_MODEL_DIR: model folder "\/nonexistent\/model" does not exist/,
    );
    expect(() => loadEmbeddingConfig({ LOCAL_EMBEDDING_MODEL_DIR: dirname(FIXTURE) })).toThrow(/LOCAL_EMBEDDING_MODEL_DIR: .*lacks config\.json/);
  });

  it('downloads a Hub model only when remote downloads are allowed', async () => {
    expect(() => loadEmbeddingConfig({ LOCAL_EMBEDDING_HUB_MODEL: 'test-org/tiny-random-bert' })).toThrow(
      /LOCAL_EMBEDDING_HUB_MODEL: .*off unless LOCAL_EMBEDDING_ALLOW_REMOTE=true/,
    );
    const cacheDir = mkdtempSync(join(tmpdir(), 'eloquent-models-'));
    try {
      const config = loadEmbeddingConfig({
        LOCAL_EMBEDDING_HUB_MODEL: 'test-org/tiny-random-bert',
        LOCAL_EMBEDDING_ALLOW_REMOTE: 'true',
        LOCAL_EMBEDDING_HUB_URL: hub.url,
        LOCAL_EMBEDDING_CACHE_DIR: cacheDir,
      });
      const [downloaded] = createProviders(config);
      await downloaded.init!();
      expect(downloaded.tier).toBe('local');
      expect(downloaded.modelId).toBe('test-org/tiny-random-bert');
      expect(hub.requests).toEqual(expect.arrayContaining(['/test-org/tiny-random-bert/resolve/main/onnx/model.onnx']));
      close((await downloaded.embed(['same weights'], 'query'))[0], (await provider.embed(['same weights'], 'query'))[0]);
      await downloaded.close!();
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
