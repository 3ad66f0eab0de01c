/**
 * The request stream keeps only requests not read yet (docs/bus.md). Entries are read in id
 * order through the service's one consumer group and acknowledged as they are read (NOACK),
 * so every entry up to the last one a replica read has been delivered — to it or to another
 * replica — and nothing can be delivered again: `XTRIM <stream> MINID <the id after it>`
 * removes them, once per interval instead of an `XDEL` per read (docs/performance.md, cut 12).
 */

/** How often a replica trims what it has read, when it has read something since (ms). */
export const TRIM_INTERVAL_MS = 1_000;

/**
 * The smallest stream id above `id` (`<ms>-<seq>` → `<ms>-<seq + 1>`): `XTRIM … MINID` keeps
 * entries at or above its argument, so this trims `id` itself and everything before it.
 */
export function minIdAfter(id: string): string {
  const dash = id.indexOf('-');
  if (dash <= 0) throw new Error(`not a stream id: ${id}`);
  return `${id.slice(0, dash)}-${BigInt(id.slice(dash + 1)) + 1n}`;
}
