/** A complete marker: `[3]`, or the combined forms `[1, 2]` / `[1,2]`. */
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/y;

/**
 * What might still become a marker once more text arrives. Deliberately looser than
 * the grammar (it accepts "[1 2"): holding a little too much only delays text, and the
 * length cap below bounds that delay.
 */
const POSSIBLE_MARKER_PREFIX = /^\[(?:\d[\d,\s]*)?$/;

/**
 * Longest possible marker we hold back waiting for its `]`. Long enough for
 * "[10, 11, 12"; a "[" followed by a longer run is released as plain text so a stray
 * bracket can never stall the stream.
 */
const MAX_HELD_MARKER_LENGTH = 12;

/**
 * Streaming filter for `[n]` citation markers in model output. Markers naming a source
 * that was not in the context are removed (with the space before them), combined
 * markers are rewritten as `[1][2]`, and a marker split across chunks is held back
 * until it can be judged, so the client never sees a half-written or invalid citation.
 */
export class CitationFilter {
  private held = '';
  private readonly citedInOrder: number[] = [];

  constructor(private readonly validNumbers: ReadonlySet<number>) {}

  /** Returns the text that is safe to emit now; a possible partial marker is kept for the next call. */
  push(chunk: string): string {
    return this.process(this.held + chunk, false);
  }

  /** Flushes whatever is held; an unfinished marker is emitted as plain text. */
  end(): string {
    return this.process(this.held, true);
  }

  /** Valid source numbers in the order they were first cited. */
  get cited(): number[] {
    return [...this.citedInOrder];
  }

  private process(text: string, final: boolean): string {
    let out = '';
    let held = '';
    let i = 0;
    while (i < text.length) {
      const open = text.indexOf('[', i);
      if (open === -1) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, open);
      MARKER.lastIndex = open;
      const marker = MARKER.exec(text);
      if (marker) {
        out = this.applyMarker(out, marker[1]);
        i = open + marker[0].length;
        continue;
      }
      const rest = text.slice(open);
      if (!final && rest.length <= MAX_HELD_MARKER_LENGTH && POSSIBLE_MARKER_PREFIX.test(rest)) {
        held = rest;
        break;
      }
      out += '[';
      i = open + 1;
    }
    // A trailing space may turn out to precede an invalid marker that removes it, and
    // once emitted it cannot be taken back.
    if (!final && out.endsWith(' ')) {
      out = out.slice(0, -1);
      held = ' ' + held;
    }
    this.held = held;
    return out;
  }

  private applyMarker(out: string, numberList: string): string {
    const valid = [...new Set(numberList.split(',').map((part) => Number(part.trim())))].filter((n) => this.validNumbers.has(n));
    if (valid.length === 0) return out.endsWith(' ') ? out.slice(0, -1) : out;
    for (const n of valid) {
      if (!this.citedInOrder.includes(n)) this.citedInOrder.push(n);
    }
    return out + valid.map((n) => `[${n}]`).join('');
  }
}
