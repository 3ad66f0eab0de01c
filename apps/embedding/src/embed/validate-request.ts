import { AppError, EmbedErrorReason, EmbedRequestSchema, MAX_EMBED_TEXT_CHARS, MAX_EMBED_TEXTS, parseOrThrow } from '@eloquent/contracts';
import type { z } from 'zod';

export type ValidEmbedRequest = z.output<typeof EmbedRequestSchema>;

/**
 * The request's shape, then its limits, each with a stable code and `details.reason`:
 * no texts and blank texts are VALIDATION_FAILED, too many or too long texts PAYLOAD_TOO_LARGE.
 * (Texts over the model's token limit are not rejected: the service truncates and flags them.)
 */
export function validateEmbedRequest(input: unknown): ValidEmbedRequest {
  const request = parseOrThrow(EmbedRequestSchema, input);
  const { texts } = request;
  if (texts.length === 0) throw new AppError('VALIDATION_FAILED', 'texts must not be empty', undefined, { reason: EmbedErrorReason.NO_TEXTS });
  if (texts.length > MAX_EMBED_TEXTS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `at most ${MAX_EMBED_TEXTS} texts per request, got ${texts.length}`, undefined, {
      reason: EmbedErrorReason.TOO_MANY_TEXTS,
      limit: MAX_EMBED_TEXTS,
      count: texts.length,
    });
  }
  const blank = indexesWhere(texts, (text) => text.trim() === '');
  if (blank.length) {
    throw new AppError('VALIDATION_FAILED', `texts must not be empty or whitespace only (at ${blank.join(', ')})`, undefined, {
      reason: EmbedErrorReason.EMPTY_TEXT,
      indexes: blank,
    });
  }
  const long = indexesWhere(texts, (text) => text.length > MAX_EMBED_TEXT_CHARS);
  if (long.length) {
    throw new AppError('PAYLOAD_TOO_LARGE', `texts longer than ${MAX_EMBED_TEXT_CHARS} characters (at ${long.join(', ')})`, undefined, {
      reason: EmbedErrorReason.TEXT_TOO_LONG,
      limit: MAX_EMBED_TEXT_CHARS,
      indexes: long,
    });
  }
  return request;
}

function indexesWhere(texts: string[], predicate: (text: string) => boolean): number[] {
  return texts.flatMap((text, i) => (predicate(text) ? [i] : []));
}
