import type { QueryTermStats } from '@eloquent/contracts';
import { analyze } from '@eloquent/text';
import { Synonyms } from './synonyms';
import { PassageMemo, termsOf } from './text-analysis-cache';

/**
 * Words that shape a question without naming its subject ("how much", "how long",
 * "please", "do you offer"), as analyzed stems. The search analyzer keeps them, but a
 * passage that lacks them is not less relevant: "How much does an overdraft cost?" is
 * answered by a passage that never says "much". The chat-speak spellings "thanx" and "ty"
 * are the same word as customers type it; "plz", "pls" and "thx" are stopwords of the
 * analyzer itself (libs/text, `CHAT_SPEAK_FUNCTION_WORDS`). "Anyway", "basically" and
 * "actually" lead into a question; unknown to the help center, "anyway" weighed as the
 * rarest word of "Anyway, how do I freeze my card?", which abstained.
 */
const QUESTION_FILLER: ReadonlySet<string> = new Set(
  analyze(
    'hi hello hey please thanks thank thanx ty much many long someone anyone something anything tell know want need like way possible ok okay offer good best ' +
      // Words that lead into the question after a story ("Anyway, how do I freeze my card?").
      'anyway anyways basically actually honestly',
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

const HAS_DIGIT = /\d/;
const NUMBER = /^\d+$/;

/** What a passage is about: its title, heading path and text, as analyzed terms. */
export interface PassageLike {
  title: string;
  headingPath: string[];
  text: string;
  /** Retrieval's id of the chunk, when it is one: how the memos find its text (PassageMemo). */
  chunkId?: string;
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
  /**
   * Looked up once per question, aligned with `terms` and `allTerms`: every check below runs
   * for each term against dozens of passages and hundreds of sentences per answer, and asking
   * the synonyms (two map look-ups and a new one-element array for a term without any) and the
   * weights map each time was a share of chat's CPU per answer (docs/performance.md §5).
   */
  private readonly termWeights: readonly number[];
  private readonly termAlternatives: ReadonlyArray<readonly string[]>;
  private readonly allAlternatives: ReadonlyArray<readonly string[]>;
  private readonly alternativesOf: ReadonlyMap<string, readonly string[]>;

  private constructor(
    /** All its distinct terms, the question-shaping ones ("long", "much") included. */
    readonly allTerms: readonly string[],
    /** The content terms' IDF weights; `terms` are its keys, in insertion order. */
    private readonly weights: ReadonlyMap<string, number>,
    private readonly synonyms: Synonyms,
  ) {
    this.terms = [...weights.keys()];
    this.termWeights = [...weights.values()];
    this.totalWeight = this.termWeights.reduce((sum, weight) => sum + weight, 0);
    this.allAlternatives = allTerms.map((term) => synonyms.alternatives(term));
    this.alternativesOf = new Map(allTerms.map((term, i) => [term, this.allAlternatives[i]]));
    this.termAlternatives = this.terms.map((term) => this.alternatives(term));
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
    for (const term of allTerms) {
      if (QUESTION_FILLER.has(term)) continue;
      const alternatives = synonyms.alternatives(term);
      let df = 0;
      for (const set of termSets) if (holdsAny(set, alternatives)) df++;
      // A number ("€12" → "12"), or a code no candidate contains ("DE89"), is a detail of the
      // customer's case, not its subject (relevance/searchable-question.ts leaves the longer ones
      // out of the search); a code the help center writes ("2FA", "3D Secure") still counts.
      if (NUMBER.test(term) || (df === 0 && HAS_DIGIT.test(term))) continue;
      // A term no candidate contains counts as rarer than one in a single candidate: it is
      // what the knowledge base lacks ("branch" in "When is your nearest branch open?").
      weights.set(term, Math.log(1 + (n + 1) / (df === 0 ? ABSENT_DF : df + 1)));
    }
    return new QueryRelevance(allTerms, weights, synonyms);
  }

  /** Whether `present` holds the question term `term` or one of its synonyms. */
  has(present: ReadonlySet<string>, term: string): boolean {
    return holdsAny(present, this.alternatives(term));
  }

  /**
   * IDF-weighted share of the question's terms found in `present` (0 when the question has
   * none). With `alsoPresent`: found in either, i.e. the coverage of their union, without
   * building it (a sentence read with its heading).
   */
  coverage(present: ReadonlySet<string>, alsoPresent?: ReadonlySet<string>): number {
    if (this.totalWeight === 0) return 0;
    let covered = 0;
    for (let i = 0; i < this.termAlternatives.length; i++) {
      const alternatives = this.termAlternatives[i];
      if (holdsAny(present, alternatives) || (alsoPresent !== undefined && holdsAny(alsoPresent, alternatives))) covered += this.termWeights[i];
    }
    return covered / this.totalWeight;
  }

  /** Unweighted share of the question's distinct terms found in `present` (or in `alsoPresent`, as {@link coverage}). */
  share(present: ReadonlySet<string>, alsoPresent?: ReadonlySet<string>): number {
    if (this.terms.length === 0) return 0;
    let found = 0;
    for (const alternatives of this.termAlternatives) {
      if (holdsAny(present, alternatives) || (alsoPresent !== undefined && holdsAny(alsoPresent, alternatives))) found++;
    }
    return found / this.terms.length;
  }

  /**
   * How closely a short text (a heading) matches the whole question, both ways: Jaccard
   * over all the question's terms, synonyms counted as matches. "How to close your account"
   * matches "How do I close my account?" fully; "Closing a business account" does not.
   */
  similarity(text: ReadonlySet<string>): number {
    let shared = 0;
    for (const alternatives of this.allAlternatives) if (holdsAny(text, alternatives)) shared++;
    const union = this.allTerms.length + text.size - shared;
    return union === 0 ? 0 : shared / union;
  }

  /** IDF weight of a question term (0 for any other term). */
  weight(term: string): number {
    return this.weights.get(term) ?? 0;
  }

  /** The term and its synonyms: looked up once for the question's own terms, asked for any other. */
  private alternatives(term: string): readonly string[] {
    return this.alternativesOf.get(term) ?? this.synonyms.alternatives(term);
  }
}

/** Whether `present` holds any of `alternatives` (a loop: `some` with a closure per call showed in the profile). */
function holdsAny(present: ReadonlySet<string>, alternatives: readonly string[]): boolean {
  for (const alternative of alternatives) if (present.has(alternative)) return true;
  return false;
}

const passageTermSets = new WeakMap<PassageLike, ReadonlySet<string>>();
/**
 * By the passage's text (found by its chunk id: PassageMemo), then its heading: every answer
 * gets its passages as new objects (parsed from the search response), and merging the two
 * term sets again for each was one of chat's larger costs per answer (docs/performance.md).
 * Keyed by the text as it is, not by heading + text joined: the joined key was a new long
 * string per passage per answer, copied and hashed whole on every hit.
 */
const mergedTermSets = new PassageMemo<Map<string, ReadonlySet<string>>>(4_000);

/** The terms of a passage's title, heading path and text (memoised per passage object and per text). */
export function passageTerms(passage: PassageLike): ReadonlySet<string> {
  let terms = passageTermSets.get(passage);
  if (!terms) {
    const heading = passage.headingPath.length === 0 ? passage.title : [passage.title, ...passage.headingPath].join('\n');
    // The same text under another heading (a section repeated across articles) is its own entry.
    const byHeading = mergedTermSets.get(passage, () => new Map());
    terms = byHeading.get(heading);
    if (!terms) {
      terms = new Set([...termsOf(heading), ...termsOf(passage.text)]);
      byHeading.set(heading, terms);
    }
    passageTermSets.set(passage, terms);
  }
  return terms;
}
