import type { ChatConfig } from '../config';

type DeadlineSettings = Pick<
  ChatConfig,
  'QUERY_REWRITE_TIMEOUT_MS' | 'RETRIEVAL_TIMEOUT_MS' | 'ANTHROPIC_TIMEOUT_MS' | 'STREAM_WRITE_RETRY_MS' | 'ANSWER_STORE_WAIT_MS' | 'SHUTDOWN_GRACE_MS'
>;

/**
 * An answer's own deadline, from the moment its question is stored: by then the replica
 * writing it has ended it — each step has its timeout (rewrite, retrieval, generation, a
 * Redis outage, a database outage) and SIGTERM its grace. Past it the answer is orphaned
 * even if a heartbeat is still seen (docs/failure-modes.md).
 */
export function answerDeadlineMs(config: DeadlineSettings): number {
  return (
    config.QUERY_REWRITE_TIMEOUT_MS +
    config.RETRIEVAL_TIMEOUT_MS +
    config.ANTHROPIC_TIMEOUT_MS +
    config.STREAM_WRITE_RETRY_MS +
    config.ANSWER_STORE_WAIT_MS +
    config.SHUTDOWN_GRACE_MS
  );
}

/** The Redis key the writing replica keeps alive (PX = 3 heartbeats) while it writes the answer. */
export const answerAliveKey = (prefix: string, messageId: string) => `${prefix}chat:answer-alive:${messageId}`;
