import { estimateTokens, splitSentences } from '@eloquent/text';

export interface ChunkOptions {
  maxTokens: number;
  /** Trailing sentences of a chunk, up to this many tokens, are repeated at the start of the next. */
  overlapTokens: number;
}

export interface Chunk {
  ord: number;
  headingPath: string[];
  text: string;
  tokenCount: number;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const LIST_OR_TABLE_LINE = /^\s*(?:[-*+]|\d{1,3}[.)])\s|^\s*\|/m;
const SEARCHABLE = /[\p{L}\p{N}]/u;

interface Section {
  headingPath: string[];
  /** Paragraphs, list blocks and code blocks, as written. */
  blocks: string[];
}

/** Part of a chunk: a whole block, or one sentence (or hard-split piece) of a block. */
interface Piece {
  text: string;
  block: number;
  /** The piece's sentences, when already known; computed on demand for whole blocks. */
  sentences?: string[];
}

/**
 * Splits a markdown (or plain text) document into chunks of at most `maxTokens` (by
 * `estimateTokens`). Chunks never cross a heading; each carries its heading path. Within a
 * section, blocks (paragraphs, lists kept whole, code blocks) are packed together while they
 * fit; a block that is too long on its own is split into sentences, and a sentence that is too
 * long into words. Consecutive chunks of a section overlap by up to `overlapTokens` of
 * trailing sentences. Deterministic, so ids derived from (document, ord, text) are stable.
 */
export function chunkMarkdown(input: { title: string; text: string }, opts: ChunkOptions): Chunk[] {
  const { maxTokens, overlapTokens } = opts;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RangeError('maxTokens must be a positive integer');
  if (!(overlapTokens >= 0 && overlapTokens < maxTokens)) {
    throw new RangeError('overlapTokens must be at least 0 and less than maxTokens');
  }
  const chunks: Chunk[] = [];
  for (const section of sections(input.text.replace(FRONT_MATTER, ''), input.title)) {
    for (const text of packSection(section.blocks, opts)) {
      chunks.push({ ord: chunks.length, headingPath: [...section.headingPath], text, tokenCount: estimateTokens(text) });
    }
  }
  return chunks;
}

/**
 * Splits the document at ATX headings (ignoring `#` lines inside code fences) and each section
 * into blank-line separated blocks. A level-1 heading that repeats the title is left out of
 * the path: the title is indexed on its own. Blocks without letters or digits (rules) are dropped.
 */
function sections(markdown: string, title: string): Section[] {
  const result: Section[] = [];
  const headings: Array<{ level: number; text: string }> = [];
  let section: Section = { headingPath: [], blocks: [] };
  let lines: string[] = [];
  let fence: string | undefined;

  const endBlock = (): void => {
    const block = lines.join('\n');
    if (SEARCHABLE.test(block)) section.blocks.push(block);
    lines = [];
  };
  const endSection = (): void => {
    endBlock();
    if (section.blocks.length > 0) result.push(section);
  };

  for (const line of markdown.split(/\r?\n/)) {
    const fenceMarker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      lines.push(line);
      if (fenceMarker === fence) fence = undefined;
      continue;
    }
    if (fenceMarker !== undefined) {
      fence = fenceMarker;
      lines.push(line);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading === null) {
      if (line.trim() === '') endBlock();
      else lines.push(line);
      continue;
    }
    endSection();
    const level = heading[1].length;
    const text = heading[2]?.trim() ?? '';
    while (headings.length > 0 && headings[headings.length - 1].level >= level) headings.pop();
    const repeatsTitle = level === 1 && text.toLowerCase() === title.trim().toLowerCase();
    if (text !== '' && !repeatsTitle) headings.push({ level, text });
    section = { headingPath: headings.map((h) => h.text), blocks: [] };
  }
  endSection();
  return result;
}

/** Packs a section's blocks into chunk texts; see chunkMarkdown. */
function packSection(blockTexts: string[], { maxTokens, overlapTokens }: ChunkOptions): string[] {
  // Sentences of a list or table block go back on separate lines; prose sentences on one.
  const joiners = blockTexts.map((text) => (LIST_OR_TABLE_LINE.test(text) ? '\n' : ' '));
  const render = (pieces: Piece[]): string =>
    pieces.map((piece, i) => (i === 0 ? '' : piece.block === pieces[i - 1].block ? joiners[piece.block] : '\n\n') + piece.text).join('');
  const tokens = (pieces: Piece[]): number => estimateTokens(render(pieces));

  const chunks: string[] = [];
  let current: Piece[] = [];
  const place = (piece: Piece): void => {
    if (tokens([...current, piece]) <= maxTokens) {
      current.push(piece);
      return;
    }
    const overlap = trailingSentences(current, (pieces) => tokens(pieces) <= overlapTokens);
    chunks.push(render(current));
    // Keep only as much overlap as leaves room for the new piece.
    while (overlap.length > 0 && tokens([...overlap, piece]) > maxTokens) overlap.shift();
    current = [...overlap, piece];
  };

  blockTexts.forEach((text, block) => {
    if (estimateTokens(text) <= maxTokens) {
      place({ text, block });
      return;
    }
    for (const sentence of splitSentences(text)) {
      for (const part of hardSplit(sentence, maxTokens)) place({ text: part, block, sentences: [part] });
    }
  });
  if (current.length > 0) chunks.push(render(current));
  return chunks;
}

/** The longest run of sentences ending `pieces` that `fits` accepts. */
function trailingSentences(pieces: Piece[], fits: (pieces: Piece[]) => boolean): Piece[] {
  let overlap: Piece[] = [];
  for (let p = pieces.length - 1; p >= 0; p--) {
    const sentences = pieces[p].sentences ?? splitSentences(pieces[p].text);
    for (let s = sentences.length - 1; s >= 0; s--) {
      const candidate = [{ text: sentences[s], block: pieces[p].block, sentences: [sentences[s]] }, ...overlap];
      if (!fits(candidate)) return overlap;
      overlap = candidate;
    }
  }
  return overlap;
}

/** Splits a sentence longer than `maxTokens` at word boundaries (and a giant word by characters). */
function hardSplit(sentence: string, maxTokens: number): string[] {
  if (estimateTokens(sentence) <= maxTokens) return [sentence];
  const parts: string[] = [];
  let current = '';
  for (const word of sentence.split(/\s+/)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (estimateTokens(candidate) <= maxTokens) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    current = word;
    // At about four characters a token, a slice of maxTokens * 4 characters is maxTokens tokens.
    while (estimateTokens(current) > maxTokens) {
      parts.push(current.slice(0, maxTokens * 4));
      current = current.slice(maxTokens * 4);
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}
