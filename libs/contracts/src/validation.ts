import { z } from 'zod';
import { AppError } from './errors';

/**
 * Parses `input` with `schema` or throws `VALIDATION_FAILED` listing what was wrong.
 * Object schemas here are `strict`: unknown fields are rejected, not silently kept.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  const tooBig = result.error.issues.some((i) => i.code === 'too_big' && i.path.at(-1) === 'content');
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AppError(tooBig ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED', `Invalid request: ${summary}`, undefined, { issues });
}
