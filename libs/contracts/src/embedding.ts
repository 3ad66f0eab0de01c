import { z } from 'zod';

export const MAX_EMBED_TEXTS = 256;
export const MAX_EMBED_TEXT_CHARS = 32_000;

export const EmbedRequestSchema = z.strictObject({
  texts: z
    .array(z.string().min(1, 'texts must not contain empty strings').max(MAX_EMBED_TEXT_CHARS, `a text is longer than ${MAX_EMBED_TEXT_CHARS} characters`))
    .min(1, 'texts must not be empty')
    .max(MAX_EMBED_TEXTS, `at most ${MAX_EMBED_TEXTS} texts per request`),
  kind: z.enum(['query', 'passage']),
  /** The vector space the caller needs; omitted = the service's configured model. */
  model: z.string().min(1).max(200).optional(),
});
export type EmbedRequest = z.input<typeof EmbedRequestSchema>;

export interface EmbedResponse {
  /** One base64-encoded little-endian Float32Array per text (compact on the bus). */
  vectors: string[];
  model: string;
  dims: number;
  tier: string;
  /** How many of the texts came from the cache. */
  cached: number;
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
