import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/*
 * The OpenAPI 3.0 documents of the zod schemas that validate requests (http/zod-validation.ts):
 * one schema both checks and documents.
 */

/** The OpenAPI 3.0 form of a schema, as the client sends it (or, for responses, receives it). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return tidy(z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' })) as SchemaObject;
}

/** Drops what zod spells out but a reader does not need: the regex behind `format: uuid/date-time`, ±2^53 bounds of `int`. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && 'format' in node) continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(value);
  }
  return out;
}

/** Documents the request body from the same schema that validates it. */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  return ApiBody({ schema: openApiSchema(schema) });
}

/** Documents each query parameter of an object schema. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const json = openApiSchema(schema);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property as SchemaObject }),
    ),
  );
}
