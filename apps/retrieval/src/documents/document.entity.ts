import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * A source document, keyed by (namespace, externalId). Every change (create, update,
 * delete) takes a new `seq` from one sequence: the change log every index replica follows.
 * A deleted document stays as a tombstone (no chunks) so followers see the delete.
 */
@Entity({ name: 'documents' })
@Unique(['namespace', 'externalId'])
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  namespace: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: Record<string, string | number | boolean>;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  /** bigint comes back from pg as a string. */
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @Column({ name: 'chunk_count', type: 'int', default: 0 })
  chunkCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
