import type { ErrorBody, RequestMeta } from '@eloquent/contracts';

/**
 * The bus wire format. A request is one entry on the stream `<prefix>bus:<service>`,
 * read by that service's consumer group so exactly one replica handles it; the reply is
 * published on the caller's own channel `<prefix>bus:reply:<clientId>`.
 */
export interface BusRequest {
  id: string;
  pattern: string;
  meta: RequestMeta;
  data: unknown;
  /** Absent for events (fire and forget). */
  replyTo?: string;
}

export type BusReply = { id: string; response: unknown } | { id: string; error: ErrorBody };

/**
 * A handler's response that is already JSON text (e.g. one read from a cache): the server
 * sends it as it is, instead of parsing it only to serialise it again (docs/performance.md).
 * The caller receives the parsed value, as for any other response.
 */
export class SerializedResponse {
  constructor(readonly json: string) {}
}

/** The reply's wire text; a {@link SerializedResponse} is spliced in unchanged. */
export function encodeReply(reply: BusReply): string {
  if ('response' in reply && reply.response instanceof SerializedResponse) return `{"id":${JSON.stringify(reply.id)},"response":${reply.response.json}}`;
  return JSON.stringify(reply);
}

export const requestStreamKey = (prefix: string, service: string) => `${prefix}bus:${service}`;
export const replyChannel = (prefix: string, clientId: string) => `${prefix}bus:reply:${clientId}`;

/** Stream entries have a single field `m` holding the JSON request. */
export function encodeRequest(request: BusRequest): string[] {
  return ['m', JSON.stringify(request)];
}

export function decodeRequest(fields: string[]): BusRequest | undefined {
  const index = fields.indexOf('m');
  if (index < 0 || index + 1 >= fields.length) return undefined;
  try {
    const parsed = JSON.parse(fields[index + 1]) as BusRequest;
    return typeof parsed.id === 'string' && typeof parsed.pattern === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
