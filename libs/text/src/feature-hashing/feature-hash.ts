/**
 * FNV-1a (32-bit) fed one UTF-16 code unit at a time, so features can be hashed straight
 * out of the token strings without building a string per feature. The murmur3 finaliser
 * on top spreads FNV's weak low bits, which pick the vector index.
 */
const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnvStart(): number {
  return FNV_OFFSET_BASIS;
}

export function fnvAddCode(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

export function fnvAddString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = fnvAddCode(h, text.charCodeAt(i));
  return h;
}

/**
 * MurmurHash3's fmix32 (full avalanche, so index and sign bits are independent), cut to
 * 30 bits: those stay V8 small integers, and the tf Maps keyed by them made embedding
 * about 25% faster than with the heap numbers a full 32-bit unsigned value becomes.
 */
export function finalize(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 2;
}
