import type { DoneEvent, ErrorEvent, SourcesEvent, TokenEvent } from './socket-events';

/**
 * Entries of the per-message Redis Stream `stream:msg:<messageId>` (docs/architecture.md §3): chat
 * appends, the gateway relays. Each entry has one field `e` holding this JSON.
 */
export type AnswerStreamEntry =
  ({ type: 'token' } & TokenEvent) | ({ type: 'sources' } & SourcesEvent) | ({ type: 'done' } & DoneEvent) | ({ type: 'error' } & ErrorEvent);

export function answerStreamKey(prefix: string, messageId: string): string {
  return `${prefix}stream:msg:${messageId}`;
}

export function isTerminal(entry: AnswerStreamEntry): boolean {
  return entry.type === 'done' || entry.type === 'error';
}
