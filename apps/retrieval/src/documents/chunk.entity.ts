import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A retrievable passage of a document; its vectors (one per embedding model) are in `chunk_vectors`. */
@Entity({ name: 'chunks' })
@Index(['documentId'])
export class ChunkEntity {
  /** Stable: derived from the document id, position and text. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ type: 'int' })
  ord: number;

  @Column({ name: 'heading_path', type: 'jsonb' })
  headingPath: string[];

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'token_count', type: 'int' })
  tokenCount: number;
}
