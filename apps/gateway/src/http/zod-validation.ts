import type { PipeTransform } from '@nestjs/common';
import { parseOrThrow } from '@eloquent/contracts';
import type { z } from 'zod';

/**
 * Validates a body, query or params object with a strict zod schema from
 * `@eloquent/contracts` (unknown fields → 400 VALIDATION_FAILED) and hands the handler
 * the parsed value. A request without a body is validated as `{}`.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value ?? {});
  }
}
