/** Scales `vector` to unit length in place (a zero vector stays zero) and returns it. */
export function l2Normalize(vector: Float32Array): Float32Array {
  let squared = 0;
  for (const value of vector) squared += value * value;
  if (squared === 0) return vector;
  const norm = Math.sqrt(squared);
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

/**
 * Token count an API tier cannot see exactly (its tokenizer runs remotely): byte-level BPE
 * spends at most one token per UTF-8 byte and English averages about four bytes per token,
 * so one per three bytes errs high on ordinary text, and never below one per word.
 */
export function estimateApiTokens(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(Math.ceil(Buffer.byteLength(text, 'utf8') / 3), words);
}
