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

/**
 * A gateway relay's wake stream (docs/architecture.md §3): its blocking read includes it, so an
 * entry there ends the read. The answer's writer appends the message id to it with its first
 * write, when `chat.send` named the relay (`relay`): the relay needs no wake entry of its own.
 */
export function relayWakeKey(prefix: string, relayId: string): string {
  return `${prefix}relay:wake:${relayId}`;
}

/** How long a wake stream outlives its last entry (a relay that is gone). */
export const RELAY_WAKE_TTL_MS = 60_000;

/**
 * About how many entries a wake stream keeps (approximate trimming), the same for the relay's
 * own wake entries and the answers' writers': enough that none is trimmed before the relay reads it.
 */
export const RELAY_WAKE_MAXLEN = 1000;

export function isTerminal(entry: AnswerStreamEntry): boolean {
  return entry.type === 'done' || entry.type === 'error';
}
