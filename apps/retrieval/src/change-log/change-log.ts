import type { EntityManager } from 'typeorm';

/**
 * Serialises the end of every write transaction (document changes, vector-space switches)
 * until commit. Seqs then become visible in order, so a follower that has applied seq N can
 * never later see a commit with a smaller seq appear (which it would skip).
 */
export async function lockChangeLog(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('retrieval.change_seq'))`);
}

/** Gives each document a new change seq; call after {@link lockChangeLog}, as the transaction's last write. */
export async function takeChangeSeqs(tx: EntityManager, documentIds: string[]): Promise<void> {
  await tx.query(`UPDATE retrieval.documents SET seq = nextval('retrieval.change_seq') WHERE id = ANY($1::uuid[])`, [documentIds]);
}

/**
 * The Postgres notification channel every committed write to `documents` or `vector_space` is
 * announced on (statement-level triggers, migration ChangeNotify1764900000000), so followers can
 * catch up at once instead of at their next poll. Named after the service's schema; NOTIFY is
 * per database, so stacks sharing a server with databases of their own do not hear each other.
 */
export const CHANGE_CHANNEL = 'retrieval_changes';
