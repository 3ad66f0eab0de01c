/**
 * The vector-space id of an API model asked for `dims` dimensions: the model's own name at
 * its native size, `name@dims` when shortened — a 512-dim text-embedding-3-small vector is
 * not comparable to a 1536-dim one, so they must not share an index.
 */
export function spaceId(model: string, dims: number, nativeDims: number | undefined): string {
  return nativeDims === undefined || dims === nativeDims ? model : `${model}@${dims}`;
}
