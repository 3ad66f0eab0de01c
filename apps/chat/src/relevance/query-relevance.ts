import type { QueryTermStats } from '@eloquent/contracts';
import { analyze } from '@eloquent/text';
import { Synonyms } from './synonyms';
import { RecentlyUsedCache, termsOf } from './text-analysis-cache';

/**
 * Words that shape a question without naming its subject ("how much", "how long",
 * "please", "do you offer"), as analyzed stems. The search analyzer keeps them, but a
 * passage that lacks them is not less relevant: "How much does an overdraft cost?" is
 * answered by a passage that never says "much". The chat-speak spellings of "please" and
 * "thanks" ("plz", "thx") are the same words as customers type them.
 */
const QUESTION_FILLER: ReadonlySet<string> = new Set(
  analyze(
    'hi hello hey please plz pls thanks thank thx thanx ty much many long someone anyone something anything tell know want need like way possible ok okay offer good best',
  ),
);

const NO_CORRECTIONS: ReadonlyMap<string, string> = new Map();

/**
 * The question's misspelt terms → the indexed terms retrieval searched instead, from its term
 * statistics (docs/retrieval.md, "Spelling correction"): chat does not correct spelling
 * itself, it measures the question as retrieval read it.
 */
export function spellingCorrections(queryTerms: readonly QueryTermStats[] | undefined): ReadonlyMap<string, string> {
  const corrections = new Map<string, string>();
  for (const { term, misspelt } of queryTerms ?? []) for (const written of misspelt ?? []) corrections.set(written, term);
  return corrections.size === 0 ? NO_CORRECTIONS : corrections;
}

/** The smoothed document frequency given to a question term that no candidate contains. */
const ABSENT_DF = 0.5;

/** What a passage is about: its title, heading path and text, as analyzed terms. */
export interface PassageLike {
  title: string;
  headingPath: string[];
  text: string;
}

/**
 * How much of a question a piece of text covers, the measure behind the relevance floor,
 * abstention and the extractive sentence gate. Each distinct question term is weighted by
 * a smoothed IDF over the retrieved candidates: a term most candidates share ("account"
 * in a bank's help center) says little, a term none of them contains ("mortgage") is what
 * the question hinges on, and a passage without it does not answer the question.
 *
 * The weights come from the candidates rather than the whole knowledge base because chat
 * only sees what retrieval returns; retrieval ranks passages with the rare terms first, so
 * a term absent from every candidate is almost always absent from the knowledge base.
 *
 * A question term is present in a passage when the term or one of its synonyms is.
 */
export class QueryRelevance {
  /** Distinct content terms of the question, in order of appearance. */
  readonly terms: readonly string[];
  private readonly totalWeight: number;

  private constructor(
    /** All its distinct terms, the question-shaping ones ("long", "much") included. */
    readonly allTerms: readonly string[],
    /** The content terms' IDF weights; `terms` are its keys, in insertion order. */
    private readonly weights: ReadonlyMap<string, number>,
    private readonly synonyms: Synonyms,
  ) {
    this.terms = [...weights.keys()];
    this.totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  }

  /**
   * `corrections`: the question's misspelt terms and the indexed terms retrieval read them as
   * ({@link spellingCorrections}), so the question is measured as it was searched.
   */
  static fromCandidates(
    query: string,
    candidates: readonly PassageLike[],
    synonyms = Synonyms.none,
    corrections: ReadonlyMap<string, string> = NO_CORRECTIONS,
  ): QueryRelevance {
    const allTerms = [...new Set(analyze(query).map((term) => corrections.get(term) ?? term))];
    const termSets = candidates.map(passageTerms);
    const n = termSets.length;
    const weights = new Map<string, number>();
    for (const term of allTerms.filter((t) => !QUESTION_FILLER.has(t))) {
      const alternatives = synonyms.alternatives(term);
      const df = termSets.filter((set) => alternatives.some((alternative) => set.has(alternative))).length;
      // A term no candidate contains counts as rarer than one in a single candidate: it is
      // what the knowledge base lacks ("branch" in "When is your nearest branch open?").
      weights.set(term, Math.log(1 + (n + 1) / (df === 0 ? ABSENT_DF : df + 1)));
    }
    return new QueryRelevance(allTerms, weights, synonyms);
  }

  /** Whether `present` holds the question term `term` or one of its synonyms. */
  has(present: ReadonlySet<string>, term: string): boolean {
    return this.synonyms.alternatives(term).some((alternative) => present.has(alternative));
  }

  /** IDF-weighted share of the question's terms found in `present` (0 when the question has none). */
  coverage(present: ReadonlySet<string>): number {
    if (this.totalWeight === 0) return 0;
    let covered = 0;
    for (const term of this.terms) if (this.has(present, term)) covered += this.weights.get(term) ?? 0;
    return covered / this.totalWeight;
  }

  /** Unweighted share of the question's distinct terms found in `present`. */
  share(present: ReadonlySet<string>): number {
    if (this.terms.length === 0) return 0;
    return this.terms.filter((term) => this.has(present, term)).length / this.terms.length;
  }

  /**
   * How closely a short text (a heading) matches the whole question, both ways: Jaccard
   * over all the question's terms, synonyms counted as matches. "How to close your account"
   * matches "How do I close my account?" fully; "Closing a business account" does not.
   */
  similarity(text: ReadonlySet<string>): number {
    const shared = this.allTerms.filter((term) => this.has(text, term)).length;
    const union = this.allTerms.length + text.size - shared;
    return union === 0 ? 0 : shared / union;
  }

  /** IDF weight of a question term (0 for any other term). */
  weight(term: string): number {
    return this.weights.get(term) ?? 0;
  }
}

const passageTermSets = new WeakMap<PassageLike, ReadonlySet<string>>();
/**
 * By the passage's text, then its heading: every answer gets its passages as new objects
 * (parsed from the search response), and merging the two term sets again for each was one of
 * chat's larger costs per answer (docs/performance.md). Keyed by the text as it is, not by
 * heading + text joined: the joined key was a new long string per passage per answer, copied
 * and hashed whole on every hit.
 */
const mergedTermSets = new RecentlyUsedCache<Map<string, ReadonlySet<string>>>(4_000);

/** The terms of a passage's title, heading path and text (memoised per passage object and per text). */
export function passageTerms(passage: PassageLike): ReadonlySet<string> {
  let terms = passageTermSets.get(passage);
  if (!terms) {
    const heading = passage.headingPath.length === 0 ? passage.title : [passage.title, ...passage.headingPath].join('\n');
    // The same text under another heading (a section repeated across articles) is its own entry.
    const byHeading = mergedTermSets.get(passage.text, () => new Map());
    terms = byHeading.get(heading);
    if (!terms) {
      terms = new Set([...termsOf(heading), ...termsOf(passage.text)]);
      byHeading.set(heading, terms);
    }
    passageTermSets.set(passage, terms);
  }
  return terms;
}
