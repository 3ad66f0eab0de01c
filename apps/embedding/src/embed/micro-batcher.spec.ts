import type { EmbeddingKind } from '../providers/embedding-provider';
import { MicroBatcher, type MicroBatcherOptions } from './micro-batcher';

/** A provider stand-in that records its batches and answers when told to. */
function recorder() {
  const batches: Array<{ texts: string[]; kind: EmbeddingKind; release(): void; fail(error: Error): void }> = [];
  let gated = false;
  const run: MicroBatcherOptions['run'] = (texts, kind) =>
    new Promise((resolve, reject) => {
      const answer = () => resolve({ vectors: texts.map((t) => Float32Array.of(t.length)), tier: 'deterministic' });
      batches.push({ texts, kind, release: answer, fail: reject });
      if (!gated) answer();
    });
  return { batches, run, gate: () => (gated = true), ungate: () => (gated = false) };
}

const batcher = (run: MicroBatcherOptions['run'], overrides: Partial<MicroBatcherOptions> = {}) =>
  new MicroBatcher({ waitMs: 2, maxBatch: 16, maxInFlight: () => 1, run, ...overrides });

describe('MicroBatcher', () => {
  it('coalesces concurrent texts into one provider call and answers each', async () => {
    const { batches, run } = recorder();
    const b = batcher(run);
    const results = await Promise.all(['a', 'bb', 'ccc'].map((t) => b.submit(t, 'query', 1)));
    expect(batches.map((x) => x.texts)).toEqual([['a', 'bb', 'ccc']]);
    expect(results.map((r) => r.vector[0])).toEqual([1, 2, 3]);
    expect(results.every((r) => r.tier === 'deterministic')).toBe(true);
  });

  it('sends a lone text at once when the tier is idle (no batching wait)', async () => {
    const { batches, run } = recorder();
    // A wait this long would time the test out.
    const b = batcher(run, { waitMs: 60_000 });
    expect((await b.submit('alone', 'query', 1)).vector[0]).toBe(5);
    expect(batches.map((x) => x.texts)).toEqual([['alone']]);
  });

  it('sends a full batch at once and splits at the provider batch size', async () => {
    const { batches, run } = recorder();
    const b = batcher(run, { maxBatch: 4, maxInFlight: () => 8, waitMs: 60_000 });
    const texts = Array.from({ length: 8 }, (_, i) => `t${i}`);
    // A long wait would time the test out: full batches must not wait for the timer.
    await Promise.all(texts.map((t) => b.submit(t, 'passage', 1)));
    expect(batches.map((x) => x.texts)).toEqual([texts.slice(0, 4), texts.slice(4)]);
  });

  it('keeps queries and passages in separate batches', async () => {
    const { batches, run } = recorder();
    const b = batcher(run);
    await Promise.all([b.submit('q1', 'query', 1), b.submit('p1', 'passage', 1), b.submit('q2', 'query', 1)]);
    expect(batches.map((x) => [x.kind, x.texts])).toEqual([
      ['query', ['q1', 'q2']],
      ['passage', ['p1']],
    ]);
  });

  it('respects the token budget of one call', async () => {
    const { batches, run } = recorder();
    const b = batcher(run, { maxBatchTokens: 10 });
    await Promise.all([b.submit('a', 'query', 6), b.submit('b', 'query', 3), b.submit('c', 'query', 3), b.submit('d', 'query', 1)]);
    expect(batches.map((x) => x.texts)).toEqual([['a', 'b', 'd'], ['c']]);
  });

  it('queues texts while a call is in flight and sends them together when it returns', async () => {
    const { batches, run, gate, ungate } = recorder();
    const b = batcher(run);
    gate();
    const first = b.submit('first', 'query', 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches).toHaveLength(1);
    const later = ['x', 'y', 'z'].map((t) => b.submit(t, 'query', 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches).toHaveLength(1);
    ungate();
    batches[0].release();
    await Promise.all([first, ...later]);
    expect(batches.map((x) => x.texts)).toEqual([['first'], ['x', 'y', 'z']]);
  });

  it('fails every text of a failed call, and keeps serving afterwards', async () => {
    const { batches, run, gate, ungate } = recorder();
    const b = batcher(run);
    gate();
    const failing = [b.submit('a', 'query', 1), b.submit('b', 'query', 1)];
    await new Promise((resolve) => setTimeout(resolve, 10));
    batches[0].fail(new Error('tier down'));
    await expect(Promise.all(failing)).rejects.toThrow('tier down');
    await expect(failing[1]).rejects.toThrow('tier down');
    ungate();
    expect((await b.submit('c', 'query', 1)).vector[0]).toBe(1);
  });
});
