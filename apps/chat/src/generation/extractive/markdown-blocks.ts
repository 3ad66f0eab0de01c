const HEADING = /^\s{0,3}#{1,6}(?:\s|$)/;
const LIST_MARKER = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;
const BLOCKQUOTE = /^\s*>\s?/;
const CODE_FENCE = /^\s*(?:```|~~~)/;
const TABLE_ROW = /^\s*\|/;
const HORIZONTAL_RULE = /^\s*(?:[-*_]\s*){3,}$/;

/**
 * Splits markdown into plain-text blocks (paragraphs and list items) ready for
 * sentence splitting. Headings are dropped rather than cleaned: they restate the topic
 * instead of answering it, and carry no sentence punctuation, so they would glue onto
 * the next sentence. Code and tables are dropped because they do not read as prose.
 */
export function markdownToBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let inCode = false;
  const endParagraph = (): void => {
    if (paragraph.length > 0) blocks.push(paragraph.join(' '));
    paragraph = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (CODE_FENCE.test(line)) {
      endParagraph();
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    if (line.trim() === '' || HEADING.test(line) || TABLE_ROW.test(line) || HORIZONTAL_RULE.test(line)) {
      endParagraph();
      continue;
    }
    const unquoted = line.replace(BLOCKQUOTE, '');
    if (LIST_MARKER.test(unquoted)) {
      // Each list item stands alone; merging items would make one run-on "sentence".
      endParagraph();
      paragraph.push(stripInlineMarkdown(unquoted.replace(LIST_MARKER, '')));
      continue;
    }
    paragraph.push(stripInlineMarkdown(unquoted));
  }
  endParagraph();
  return blocks.filter((block) => block.length > 0);
}

/** Removes emphasis, code ticks, images and link targets, keeping the readable text. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/\*\*|__/g, '')
    .replace(/\*([^*\s][^*]*)\*/g, '$1')
    .replace(/`+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
