import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The other national spelling of an English word, American ↔ British: "recognize" ↔
 * "recognise", "unauthorized" ↔ "unauthorised", "color" ↔ "colour", "canceled" ↔
 * "cancelled", "center" ↔ "centre". A help center is written in one of them and its
 * customers write in either; the stemmer does not join them ("recognize" → `recogn`,
 * "recognise" → `recognis`), so a customer who spelt the other way searched for a word the
 * help center never uses (docs/retrieval.md, "Spelling correction").
 *
 * From the spelling tables of the `american-british-english-translator` package (MIT; about
 * 1,700 pairs each way, every inflected form listed), plus the "-ization" nouns of its "-ize"
 * verbs that the tables leave out ("authorization" ↔ "authorisation"). Words whose spelling
 * says which meaning is meant ("check" / "cheque") are not in the tables.
 */
export class NationalSpellings {
  constructor(private readonly others: ReadonlyMap<string, string>) {}

  /** The tables of the package, read once (~105 KB of JSON, a few ms). */
  static load(dir = tablesDirectory()): NationalSpellings {
    const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
    return NationalSpellings.of(read('american_spellings.json'), read('british_spellings.json'));
  }

  /** From American → British and British → American tables of lower-case words. */
  static of(americanToBritish: Record<string, string>, britishToAmerican: Record<string, string>): NationalSpellings {
    const others = new Map<string, string>();
    const add = (word: string, other: string) => {
      if (!others.has(word)) others.set(word, other);
    };
    for (const [american, british] of Object.entries(americanToBritish)) add(american, british);
    for (const [british, american] of Object.entries(britishToAmerican)) add(british, american);
    // "-ization" nouns the tables leave out, from their "-ize" verbs ("authorize" ↔ "authorise").
    for (const [american, british] of Object.entries(americanToBritish)) {
      if (!american.endsWith('ize') || !british.endsWith('ise')) continue;
      for (const ending of ['ation', 'ations']) {
        const noun = `${american.slice(0, -1)}${ending}`;
        const britishNoun = `${british.slice(0, -1)}${ending}`;
        add(noun, britishNoun);
        add(britishNoun, noun);
      }
    }
    return new NationalSpellings(others);
  }

  /** The word as the other nation spells it, if it differs. */
  otherSpelling(word: string): string | undefined {
    return this.others.get(word);
  }

  get size(): number {
    return this.others.size;
  }
}

/** The `american-british-english-translator` package's data folder. */
function tablesDirectory(): string {
  return join(dirname(require.resolve('american-british-english-translator/package.json')), 'data');
}
