import type { BeirDocument } from './beir';
import { splitSentences } from '@eloquent/text';

/** A small, seeded PRNG (mulberry32), so the same seed gives the same corpus on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An endless stream of synthetic documents made of SciFact's own sentences, sampled and
 * recombined: each document takes the sentence count of a random real document and fills it
 * with random sentences of the whole corpus, and the title of another. Vocabulary, term
 * frequencies and lengths therefore stay those of SciFact, while no synthetic document repeats
 * a real one (so the real documents, mixed in, remain the relevant ones for the train queries).
 */
export function* syntheticDocuments(corpus: BeirDocument[], seed = 1): Generator<BeirDocument> {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const sentences: string[] = [];
  const sentenceCounts: number[] = [];
  for (const document of corpus) {
    const split = splitSentences(document.text);
    sentences.push(...split);
    sentenceCounts.push(Math.max(1, split.length));
  }
  const titles = corpus.map((d) => d.title).filter((t) => t.trim());
  for (let n = 0; ; n++) {
    const count = pick(sentenceCounts);
    const text: string[] = [];
    for (let i = 0; i < count; i++) text.push(pick(sentences));
    yield { _id: `syn-${n}`, title: pick(titles), text: text.join(' ') };
  }
}
