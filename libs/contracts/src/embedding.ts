import { z } from 'zod';

/** Most texts one `embedding.embed` request may carry (callers split bigger jobs). */
export const MAX_EMBED_TEXTS = 256;
/**
 * Hard cap on one text, whatever the model: keeps bus messages bounded. Longer texts are
 * rejected (`PAYLOAD_TOO_LARGE`, reason `TEXT_TOO_LONG`); texts under it but over the
 * model's token limit are truncated and flagged in `EmbedResponse.truncated`.
 */
export const MAX_EMBED_TEXT_CHARS = 32_000;

/**
 * Shape only. The limits (count, blank texts, length) are checked by the embedding
 * service, which answers each with its own code and `details.reason` ({@link EmbedErrorReason}).
 */
export const EmbedRequestSchema = z.strictObject({
  texts: z.array(z.string()),
  kind: z.enum(['query', 'passage']),
  /** The vector space the caller needs (an index's model id); omitted = the service's default model. */
  model: z.string().min(1).max(200).optional(),
});
export type EmbedRequest = z.input<typeof EmbedRequestSchema>;

/** `details.reason` of a rejected `embedding.embed`, next to the stable error code. */
export const EmbedErrorReason = {
  /** VALIDATION_FAILED: `texts` is an empty array. */
  NO_TEXTS: 'NO_TEXTS',
  /** VALIDATION_FAILED: some texts are empty or whitespace only (`details.indexes`). */
  EMPTY_TEXT: 'EMPTY_TEXT',
  /** PAYLOAD_TOO_LARGE: more than {@link MAX_EMBED_TEXTS} texts. */
  TOO_MANY_TEXTS: 'TOO_MANY_TEXTS',
  /** PAYLOAD_TOO_LARGE: some texts exceed {@link MAX_EMBED_TEXT_CHARS} (`details.indexes`). */
  TEXT_TOO_LONG: 'TEXT_TOO_LONG',
  /** EMBEDDING_UNAVAILABLE: no configured tier produces the requested model. */
  UNKNOWN_MODEL: 'UNKNOWN_MODEL',
  /** EMBEDDING_UNAVAILABLE: tiers produce the model, but none answered (breakers open, errors). */
  NO_HEALTHY_TIER: 'NO_HEALTHY_TIER',
} as const;
export type EmbedErrorReason = (typeof EmbedErrorReason)[keyof typeof EmbedErrorReason];

export interface EmbedResponse {
  /** One base64-encoded little-endian Float32Array per text, L2-normalised (compact on the bus). */
  vectors: string[];
  model: string;
  dims: number;
  /** The tier(s) that computed the uncached vectors (`local`, `openai+local` after a failover), or `cache`. */
  tier: string;
  /** How many of the texts came from the cache. */
  cached: number;
  /** Indexes of texts cut at the end to fit the model's input limit before embedding; absent when none. */
  truncated?: number[];
}

/** `embedding.info`: which vector spaces this service can produce, and through which tiers. */
export type EmbeddingInfoRequest = Record<string, never>;

export interface EmbeddingInfo {
  /** The model new indexes are built with. */
  defaultModel: string;
  /** Every model an active tier produces; `tiers` in the order they are tried. */
  models: Array<{ model: string; dims: number; tiers: string[] }>;
}

export function encodeVector(vector: Float32Array): string {
  return float32ToBytes(vector).toString('base64');
}

export function decodeVector(encoded: string): Float32Array {
  return float32FromBytes(Buffer.from(encoded, 'base64'));
}

/** The raw little-endian bytes of a vector (no copy), as stored in Redis and Postgres. */
export function float32ToBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function float32FromBytes(bytes: Uint8Array): Float32Array {
  // Copy into an aligned buffer: Buffer pool slices may not be 4-byte aligned.
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
