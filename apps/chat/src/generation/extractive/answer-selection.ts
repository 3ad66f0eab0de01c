import { splitSentences } from '@eloquent/text';
import type { QueryRelevance } from '../../relevance/query-relevance';
import { PassageMemo, termsOf, type PassageKey } from '../../relevance/text-analysis-cache';
import type { ContextSource } from '../answer-generator';
import { markdownSections, type MarkdownBlock } from './markdown-blocks';

/** One quoted piece of the answer: blocks of one section of one source, in order. */
export interface AnswerPart {
  sourceN: number;
  /** A line before the quote, not cited (it is ours, not the source's): names the article when its summary is quoted. */
  lead?: string;
  blocks: MarkdownBlock[];
}

/** A sentence of a passage, the unit the gate and the ranking look at. */
interface Anchor {
  sourceRank: number;
  section: ParsedSection;
  blockIndex: number;
  text: string;
  /** The sentence's own terms: what the ranking reads (a title is shared by all its article's sentences). */
  terms: ReadonlySet<string>;
  /** Its article title's terms: the gate reads the sentence with them (`terms` ∪ `title`, never built as one set). */
  title: ReadonlySet<string>;
  /** The terms of its section's heading ({@link headingTerms}). */
  heading: ReadonlySet<string>;
  /** How closely that heading matches the question ({@link QueryRelevance.similarity}): once per section, not per sentence. */
  headingSimilarity: number;
  /** Coverage of the question by the sentence alone. */
  coverage: number;
  score: number;
}

/** A sentence as parsed once per passage text: its word count and terms do not depend on the question. */
interface ParsedSentence {
  text: string;
  terms: ReadonlySet<string>;
  /** Long enough to say something, and not a line that introduces what follows: it can anchor an answer. */
  canAnchor: boolean;
}

type ParsedBlock = MarkdownBlock & { words: number; sentences: ParsedSentence[] };

interface ParsedSection {
  heading?: string;
  blocks: ParsedBlock[];
}

/** Words of the main quote: blocks after the one that answers are added up to this. */
const WORD_BUDGET = 110;
/** Fragments shorter than this ("Note.", "Step 2.") say nothing on their own. */
const MIN_SENTENCE_WORDS = 3;
/**
 * A heading that asks the question is the strongest sign that its section answers it
 * (help-center headings are mostly questions): the heading's similarity to the question
 * ({@link QueryRelevance.similarity}) counts, scaled by this, on top of the sentence's own
 * coverage. It ranks; it never gates.
 */
const HEADING_MATCH_WEIGHT = 1.5;
/** A heading at least this similar to the question asks it: its whole section is quoted. */
const HEADING_ASKS_IT = 0.5;
/** A second quote's sentence must cover at least this share of what the first's covers, or it dilutes the answer. */
const COMPLEMENT_MIN_RELATIVE_COVERAGE = 0.8;
/** Small next to coverage (0–1): only breaks near-ties in favour of the better-ranked passage. */
const TOP_RANK_BONUS = 0.1;
/**
 * A sentence of the covering article "stands out" as the answer when, read with its section
 * heading, it covers at least this IDF-weighted share of the question; otherwise the
 * article's summary is quoted. Whether the article covers the question at all was decided
 * before (coverage-decision/coverage-decision.ts).
 */
const SECTION_STANDS_OUT = 0.4;
/**
 * The gate for a second quote from another article (the decision covers the first only): the
 * sentence, read with its article's title, must cover at least this IDF-weighted share of the question ({@link QueryRelevance.coverage}) and this
 * share of its distinct terms. Weighted alone, one rare word ("joint") would pass; counted
 * alone, two common ones ("open", "account") would. Tuned on the sample knowledge base:
 * see docs/chat.md.
 */
export const MIN_SENTENCE_COVERAGE = 0.5;
export const MIN_SENTENCE_TERM_SHARE = 0.6;

/**
 * Chooses what an extractive answer quotes from the article the coverage decision named
 * (`documentId`; the best-ranked source's when absent): the section holding its sentence
 * that best matches the question (quoted whole when it fits: a list of steps only makes
 * sense entire), then, if another article's sentence covers part of the question the first
 * quote does not, that sentence. When no section of the article stands out, its summary
 * (the paragraph before its first heading) is quoted, naming the article. Empty only
 * without sources. `sources` are expected in rank order, best first.
 */
export function selectAnswer(sources: ContextSource[], relevance: QueryRelevance, documentId?: string): AnswerPart[] {
  const covering = sources.filter((source) => source.documentId === (documentId ?? sources[0]?.documentId));
  if (covering.length === 0) return [];
  const ranked: Anchor[] = [];
  sources.forEach((source, rank) => addAnchors(ranked, source, rank, relevance));
  for (const anchor of ranked) {
    anchor.coverage = relevance.coverage(anchor.terms);
    anchor.score = anchor.coverage + HEADING_MATCH_WEIGHT * anchor.headingSimilarity + TOP_RANK_BONUS / (1 + anchor.sourceRank);
  }
  ranked.sort((a, b) => b.score - a.score || a.sourceRank - b.sourceRank);
  const best = ranked.find((anchor) => sources[anchor.sourceRank].documentId === covering[0].documentId);
  const bestSource = best ? sources[best.sourceRank] : covering[0];
  const headingSimilarity = best ? best.headingSimilarity : 0;
  // Read with its section heading; only the best sentence's is needed, so only it is measured.
  const inSection = best ? relevance.coverage(best.terms, best.heading) : 0;
  if (!best || (inSection < SECTION_STANDS_OUT && headingSimilarity < HEADING_ASKS_IT)) return [summaryOf(covering)];
  const main: AnswerPart = { sourceN: bestSource.n, blocks: quoteSection(best.section, best.blockIndex, headingSimilarity >= HEADING_ASKS_IT) };
  const covered = new Set([...best.title, ...best.heading, ...main.blocks.flatMap((block) => [...termsOf(block.text)])]);
  // The sentence is read with its article's title (docs/chat.md: the second quote's gate).
  const passes = (anchor: Anchor) =>
    relevance.coverage(anchor.terms, anchor.title) >= MIN_SENTENCE_COVERAGE && relevance.share(anchor.terms, anchor.title) >= MIN_SENTENCE_TERM_SHARE;
  const complement = ranked.find(
    (anchor) =>
      sources[anchor.sourceRank].documentId !== bestSource.documentId &&
      passes(anchor) &&
      anchor.coverage >= COMPLEMENT_MIN_RELATIVE_COVERAGE * best.coverage &&
      relevance.terms.some((term) => !relevance.has(covered, term) && (relevance.has(anchor.terms, term) || relevance.has(anchor.title, term))),
  );
  return complement ? [main, { sourceN: sources[complement.sourceRank].n, blocks: [{ text: complement.text }] }] : [main];
}

/**
 * The article's summary: the first paragraph before its first heading when that passage was
 * retrieved (help-center articles open with one), else the first paragraph of its
 * best-ranked passage; led by the article's title, so the reader knows where to read on.
 */
function summaryOf(covering: ContextSource[]): AnswerPart {
  const introduction = covering.find((source) => source.headingPath.length === 0) ?? covering[0];
  const blocks = sectionsOf(introduction).flatMap((section) => section.blocks);
  const index = blocks.findIndex((block) => !block.listMarker && block.words >= MIN_SENTENCE_WORDS);
  const lead = `Our help center article "${introduction.title}" covers this:`;
  if (index < 0) return { sourceN: introduction.n, lead, blocks: [{ text: blocks[0]?.text ?? introduction.text.trim() }] };
  return { sourceN: introduction.n, lead, blocks: withIntroducedList(blocks, index) };
}

/**
 * The paragraph at `index`, and when it ends with ":" the list (or table) it introduces, within
 * the word budget: "…a markup that depends on your plan:" alone told nothing, and read "plan:.".
 */
function withIntroducedList(blocks: readonly ParsedBlock[], index: number): MarkdownBlock[] {
  if (!blocks[index].text.endsWith(':')) return [{ text: blocks[index].text }];
  const listEnd = blocks.findIndex((block, i) => i > index && !block.listMarker);
  return withinBudget(blocks.slice(index, listEnd < 0 ? undefined : listEnd));
}

/** The blocks from the first, as many as fit the word budget (the first always). */
function withinBudget(blocks: readonly ParsedBlock[]): MarkdownBlock[] {
  const quoted: MarkdownBlock[] = [];
  let words = 0;
  for (const block of blocks) {
    if (quoted.length > 0 && words + block.words > WORD_BUDGET) break;
    quoted.push(block.listMarker ? { text: block.text, listMarker: block.listMarker } : { text: block.text });
    words += block.words;
  }
  return quoted;
}

/**
 * What to quote of the section holding the best sentence, within the word budget: all of
 * it when its heading asks the question (the section is the answer); otherwise from the
 * block that holds the sentence — a list from its first item (steps make sense only
 * together) with the sentence that introduces it ("…by phone:").
 */
function quoteSection(section: ParsedSection, anchorBlock: number, headingAsksIt: boolean): MarkdownBlock[] {
  let start = headingAsksIt ? 0 : anchorBlock;
  while (start > 0 && section.blocks[start].listMarker && section.blocks[start - 1].listMarker) start--;
  if (start > 0 && section.blocks[start].listMarker && section.blocks[start - 1].text.endsWith(':')) start--;
  return withinBudget(section.blocks.slice(start));
}

/**
 * The heading of the section: its own, or — for text before the chunk's first heading —
 * the innermost of the chunk's heading path (chunks mostly start at a heading, which
 * retrieval keeps there); the article title for its introduction.
 */
function headingTerms(source: ContextSource, section: ParsedSection): ReadonlySet<string> {
  return termsOf(section.heading ?? source.headingPath[source.headingPath.length - 1] ?? source.title);
}

/**
 * A passage's sections, memoised by its text (the same passages come back for many
 * questions), with what its sentences are that does not depend on the question: counting
 * each sentence's words again for every answer was a share of chat's CPU per answer
 * (docs/performance.md §5).
 */
const passageSections = new PassageMemo<ParsedSection[]>(4_000);

function sectionsOf(passage: PassageKey): ParsedSection[] {
  return passageSections.get(passage, (text) =>
    markdownSections(text).map((section) => ({
      heading: section.heading,
      blocks: section.blocks.map((block) => ({
        ...block,
        words: countWords(block.text),
        sentences: splitSentences(block.text).map((sentence) => parseSentence(sentence)),
      })),
    })),
  );
}

function parseSentence(sentence: string): ParsedSentence {
  const text = sentence.trim();
  // A sentence ending in ":" introduces a list or example that follows; alone it answers nothing.
  return { text, terms: termsOf(sentence), canAnchor: countWords(text) >= MIN_SENTENCE_WORDS && !text.endsWith(':') };
}

/** Appends the passage's anchors to `anchors`; each section's heading is read, and matched with the question, once. */
function addAnchors(anchors: Anchor[], source: ContextSource, sourceRank: number, relevance: QueryRelevance): void {
  const title = termsOf(source.title);
  for (const section of sectionsOf(source)) {
    const heading = headingTerms(source, section);
    const headingSimilarity = relevance.similarity(heading);
    section.blocks.forEach((block, blockIndex) => {
      for (const sentence of block.sentences) {
        if (!sentence.canAnchor) continue;
        anchors.push({ sourceRank, section, blockIndex, text: sentence.text, terms: sentence.terms, title, heading, headingSimilarity, coverage: 0, score: 0 });
      }
    });
  }
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
