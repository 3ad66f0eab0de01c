/** A document row as the change-log followers read it (`retrieval.documents`, by `seq`). */
export interface ChangedDocument {
  id: string;
  namespace: string;
  external_id: string;
  title: string;
  url: string | null;
  metadata: Record<string, string | number | boolean>;
  deleted: boolean;
  /** bigint comes back from pg as a string. */
  seq: string;
}

/** A chunk row with its vector in the active embedding space (null when it has none yet). */
export interface StoredChunk {
  id: string;
  document_id: string;
  heading_path: string[];
  text: string;
  embedding: Buffer | null;
}
