import { analyze, stem, STOPWORDS, tokenize } from '@eloquent/text';
import { readFileSync } from 'node:fs';
import { RecentlyUsedCache } from './text-analysis-cache';
import type { Lexicon } from './wordnet';

/** Distinct words whose lexicon synonyms are kept (a few hundred KB). */
const MAX_LEXICON_WORDS = 10_000;

/**
 * Words a team's customers use for what its help center calls something else ("hacked"
 * for "compromised"). Without them the relevance measure is purely lexical: a question in
 * the customer's words covers no passage, and the answer abstains. One group per line,
 * comma-separated single words, `#` starts a comment:
 *
 *     hacked, compromised
 *
 * Words are compared as analyzed terms (stemmed), so "hack", "hacked" and "hacking" are one.
 */
export class Synonyms {
  static readonly none = new Synonyms(new Map());

  /**
   * The lexicon's synonyms of a word, stemmed, by the word as written: a WordNet look-up
   * (binary searches of its index, parsing the synset's line, stemming each synonym) is done
   * once per word rather than once per question, as questions keep using the same words.
   */
  private readonly lexiconTerms?: RecentlyUsedCache<readonly string[]>;

  private constructor(
    private readonly groups: ReadonlyMap<string, readonly string[]>,
    /** General-English synonyms for the words of each question (`forQuestion`), on top of the groups. */
    private readonly lexicon?: Lexicon,
    /** For a question's synonyms: the team's groups, consulted for the terms the question's own groups do not name. */
    private readonly fallback?: Synonyms,
  ) {
    if (lexicon) this.lexiconTerms = new RecentlyUsedCache(MAX_LEXICON_WORDS);
  }

  /** Parses the file format above; a malformed line fails with its number (at boot, via SYNONYMS_FILE). */
  static parse(text: string, origin = 'synonyms'): Synonyms {
    const groups = new Map<string, string[]>();
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return;
      const terms = line.split(',').map((word) => {
        const analyzed = analyze(word);
        if (analyzed.length !== 1) throw new Error(`${origin}:${index + 1}: "${word.trim()}" must be one word that is not a stopword`);
        return analyzed[0];
      });
      if (terms.length < 2) throw new Error(`${origin}:${index + 1}: a group needs at least two comma-separated words`);
      for (const term of terms) groups.set(term, [...new Set([...(groups.get(term) ?? [term]), ...terms])]);
    });
    return new Synonyms(groups);
  }

  static load(path: string | undefined): Synonyms {
    return path ? Synonyms.parse(readFileSync(path, 'utf8'), path) : Synonyms.none;
  }

  /** These groups, with `lexicon` to expand each question's words (`forQuestion`). */
  withLexicon(lexicon: Lexicon | undefined): Synonyms {
    return lexicon ? new Synonyms(this.groups, lexicon) : this;
  }

  /**
   * The synonyms for one question: the groups, plus, for each of its words, the lexicon's
   * synonyms of that word as written (a lexicon looks words up, not stems), stemmed. Only the
   * question's own terms get the lexicon's: the relevance measure asks for no other.
   */
  forQuestion(question: string): Synonyms {
    const { lexicon, lexiconTerms } = this;
    if (!lexicon || !lexiconTerms) return this;
    const groups = new Map<string, string[]>();
    for (const token of tokenize(question)) {
      if (STOPWORDS.has(token)) continue;
      const term = stem(token);
      const extra = lexiconTerms.get(token, () =>
        lexicon.synonyms(token).flatMap((word) => {
          const analyzed = analyze(word);
          return analyzed.length === 1 && analyzed[0] !== term ? analyzed : [];
        }),
      );
      if (extra.length > 0) groups.set(term, [...new Set([...(groups.get(term) ?? this.alternatives(term)), ...extra])]);
    }
    return new Synonyms(groups, undefined, this);
  }

  /** The term and every term it stands for (itself alone when it has none). */
  alternatives(term: string): readonly string[] {
    return this.groups.get(term) ?? this.fallback?.alternatives(term) ?? [term];
  }

  get size(): number {
    return this.groups.size;
  }
}
