/** A markdown list item: bullet or "1." / "1)" numbering. */
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;
const HEADING = /^\s{0,3}#{1,6}(?:\s|$)/;
const TABLE_ROW = /^\s*\|/;

/** Terminal punctuation, then closing quotes, brackets or markdown emphasis, then whitespace. */
const TERMINATOR = /[.!?…]+["'”’)\]*_]*\s+/g;

/** Abbreviations after which a period never ends a sentence, lowercased and without the final period. */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'e.g',
  'i.e',
  'eg',
  'ie',
  'cf',
  'vs',
  'viz',
  'approx',
  'incl',
  'excl',
  'esp',
  'resp',
  'ref',
  'fig',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'dept',
]);
/** Abbreviations that are only abbreviations before a number: "no. 5", but "The answer is no." */
const NUMBER_ABBREVIATIONS: ReadonlySet<string> = new Set(['no', 'nos', 'nr']);

const LOWERCASE = /\p{Ll}/u;
const DIGIT = /\d/;

/**
 * Splits prose into trimmed, non-empty sentences. Blank lines, headings, list items and
 * table rows start new blocks; other line breaks are soft wraps. Within a block a sentence
 * ends at . ! ? … followed by whitespace and not by a lowercase letter. A period does not end
 * one after an abbreviation ("e.g.", "Dr.") or a list number at the start of the block
 * ("1. Open the app"). Decimals ("€2.50") are safe: no whitespace follows their period.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const block of blocks(text)) splitBlock(block, sentences);
  return sentences;
}

function blocks(text: string): string[] {
  const result: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) result.push(current.join(' '));
    current = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
    } else if (HEADING.test(line) || TABLE_ROW.test(line)) {
      flush();
      result.push(line);
    } else {
      if (LIST_ITEM.test(line)) flush();
      current.push(line.trim());
    }
  }
  flush();
  return result;
}

function splitBlock(block: string, sentences: string[]): void {
  // The period of a "1." list marker is not a sentence end.
  const markerEnd = LIST_ITEM.exec(block)?.[0].length ?? 0;
  let start = 0;
  for (const match of block.matchAll(TERMINATOR)) {
    const next = match.index + match[0].length;
    if (next >= block.length || match.index < markerEnd) continue;
    if (!endsSentence(block, match.index, match[0], block[next])) continue;
    push(sentences, block.slice(start, match.index + match[0].trimEnd().length));
    start = next;
  }
  push(sentences, block.slice(start));
}

function endsSentence(block: string, at: number, terminator: string, nextChar: string): boolean {
  // Sentences start with a capital: before a lowercase word the period ends an abbreviation
  // ("etc. and") and a question mark ends a quoted title ("see "Why?" below").
  if (LOWERCASE.test(nextChar)) return false;
  if (!terminator.startsWith('.')) return true;
  const word = wordBefore(block, at);
  if (ABBREVIATIONS.has(word)) return false;
  return !(NUMBER_ABBREVIATIONS.has(word) && DIGIT.test(nextChar));
}

/** The word ending at `end`, lowercased and without leading brackets or quotes. */
function wordBefore(block: string, end: number): string {
  let start = end;
  while (start > 0 && !/\s/.test(block[start - 1])) start--;
  return block
    .slice(start, end)
    .replace(/^["'“‘(\[*_]+/, '')
    .toLowerCase();
}

function push(sentences: string[], sentence: string): void {
  const trimmed = sentence.trim();
  if (trimmed !== '') sentences.push(trimmed);
}
