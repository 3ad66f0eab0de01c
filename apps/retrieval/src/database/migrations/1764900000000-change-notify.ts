import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CHANGE_CHANNEL } from '../../change-log/change-log';

/**
 * Every statement that writes `documents` (the change log) or `vector_space` (the space the
 * followers follow) sends a notification on CHANGE_CHANNEL, whoever the writer. Postgres
 * delivers it only when the transaction commits, and folds a transaction's identical
 * notifications into one, so a batch of writes wakes each listener once, after its changes are
 * visible. The payload is empty: the notification only wakes a follower, which reads the
 * change log as always (docs/retrieval.md, "The index on every replica").
 */
export class ChangeNotify1764900000000 implements MigrationInterface {
  name = 'ChangeNotify1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION retrieval.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANGE_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    for (const table of ['documents', 'vector_space']) {
      await q.query(`
        CREATE TRIGGER ${table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON retrieval.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION retrieval.notify_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER vector_space_notify_change ON retrieval.vector_space`);
    await q.query(`DROP TRIGGER documents_notify_change ON retrieval.documents`);
    await q.query(`DROP FUNCTION retrieval.notify_change()`);
  }
}
