import { z } from 'zod';

/**
 * Text that is stored in Postgres: `text` and `jsonb` cannot hold NUL (U+0000), so a field
 * carrying one is refused with VALIDATION_FAILED at the edge instead of failing the insert
 * as an INTERNAL error (docs/failure-modes.md).
 */
export function storableText<S extends z.ZodString>(schema: S): S {
  return schema.refine((value) => !value.includes('\u0000'), 'must not contain NUL (U+0000) characters') as S;
}

/** Keys that JSON.parse keeps as own properties but a record would drop silently (or that reach prototypes). */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * A flat metadata record (string keys; string, number or boolean values) that refuses what
 * it cannot keep: a `__proto__` key is a 400, not silently dropped, and strings with NUL are
 * refused like every stored text.
 */
export function metadataRecord() {
  const value = z.union([storableText(z.string()), z.number(), z.boolean()]);
  // Checked before the record parses it: its output no longer has the key.
  return z
    .unknown()
    .superRefine((input, ctx) => {
      if (typeof input !== 'object' || input === null) return;
      for (const key of FORBIDDEN_KEYS) {
        if (Object.prototype.hasOwnProperty.call(input, key)) ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' is not allowed as a key` });
      }
    })
    .pipe(z.record(storableText(z.string()), value));
}
