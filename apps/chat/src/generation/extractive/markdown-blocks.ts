const HEADING = /^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const LIST_MARKER = /^\s*([-*+]|\d{1,3}[.)])\s+/;
const BLOCKQUOTE = /^\s*>\s?/;
const CODE_FENCE = /^\s*(?:```|~~~)/;
const TABLE_ROW = /^\s*\|(.*)\|?\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}/;
const HORIZONTAL_RULE = /^\s*(?:[-*_]\s*){3,}$/;

/** A paragraph, or one list item (a table row reads as one: "Fee: €5"). Plain text. */
export interface MarkdownBlock {
  text: string;
  /** The item's marker as written ("1.", "-"); absent for a paragraph. */
  listMarker?: string;
}

/** The blocks under one heading (none for text before the first heading). */
export interface MarkdownSection {
  heading?: string;
  blocks: MarkdownBlock[];
}

/**
 * Splits markdown into sections of plain-text blocks. In a help center a heading is
 * usually the question its section answers ("How long do SWIFT transfers take?"), so the
 * extractive answer reads a block together with its heading, and quotes whole sections.
 * Code is dropped (it does not read as prose); a table's data rows become items.
 */
export function markdownSections(markdown: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [{ blocks: [] }];
  let paragraph: string[] = [];
  let listMarker: string | undefined;
  let inCode = false;
  let tableHeader = true;
  let columns: string[] = [];
  const current = () => sections[sections.length - 1];
  const endBlock = (): void => {
    const text = paragraph.join(' ').trim();
    if (text) current().blocks.push({ text, ...(listMarker ? { listMarker } : {}) });
    paragraph = [];
    listMarker = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (CODE_FENCE.test(line)) {
      endBlock();
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    const heading = HEADING.exec(line);
    if (heading) {
      endBlock();
      sections.push({ heading: stripInlineMarkdown(heading[2] ?? ''), blocks: [] });
      continue;
    }
    const row = TABLE_ROW.exec(line);
    if (row) {
      endBlock();
      if (tableHeader) columns = tableCells(row[1]);
      else if (!TABLE_SEPARATOR.test(line)) current().blocks.push({ text: tableRowText(row[1], columns), listMarker: '-' });
      tableHeader = false;
      continue;
    }
    tableHeader = true;
    if (line.trim() === '' || HORIZONTAL_RULE.test(line)) {
      endBlock();
      continue;
    }
    const unquoted = line.replace(BLOCKQUOTE, '');
    const marker = LIST_MARKER.exec(unquoted);
    if (marker) {
      // Each list item stands alone; merging items would make one run-on "sentence".
      endBlock();
      listMarker = marker[1];
      paragraph.push(stripInlineMarkdown(unquoted.slice(marker[0].length)));
      continue;
    }
    paragraph.push(stripInlineMarkdown(unquoted));
  }
  endBlock();
  return sections.filter((section) => section.blocks.length > 0);
}

/**
 * "| Lumen SWIFT fee | €5 per transfer |" → "Lumen SWIFT fee: €5 per transfer". With more than
 * one value, each is read with its column's header: "| Plus | 0.5% | 1.0% |" under "| Plan |
 * Markup on weekdays | Markup on weekends |" → "Plus: Markup on weekdays 0.5%, Markup on
 * weekends 1.0%". Without the headers the row did not say what the numbers are, and a
 * question about "the weekend markup on Plus" matched no row.
 */
function tableRowText(row: string, columns: readonly string[]): string {
  const [first = '', ...rest] = tableCells(row);
  // Headers that name what the values are; not a table whose columns are things of their own
  // (an empty corner: "| | Basic | Plus | Premium |"): every row would then match a question
  // that names one, and the whole table be quoted for "How much does Premium cost?".
  const named = columns[0] !== '' && rest.filter(Boolean).length > 1;
  const values = named ? rest.map((value, i) => (value && columns[i + 1] ? `${columns[i + 1]} ${value}` : value)) : rest;
  const read = values.filter(Boolean);
  if (!first) return read.join(', ');
  return read.length > 0 ? `${first}: ${read.join(', ')}` : first;
}

/** A row's cells as plain text, an empty one in its place (a header's corner). */
function tableCells(row: string): string[] {
  const cells = row.split('|').map((cell) => stripInlineMarkdown(cell));
  // The row's closing pipe leaves an empty cell at the end.
  if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells;
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
