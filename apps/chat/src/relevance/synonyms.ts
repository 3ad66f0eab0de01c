import { analyze } from '@eloquent/text';
import { readFileSync } from 'node:fs';

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

  private constructor(private readonly groups: ReadonlyMap<string, readonly string[]>) {}

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

  /** The term and every term it stands for (itself alone when it has none). */
  alternatives(term: string): readonly string[] {
    return this.groups.get(term) ?? [term];
  }

  get size(): number {
    return this.groups.size;
  }
}
