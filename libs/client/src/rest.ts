import type { ChatListResponse, ChatMessagesResponse } from '@eloquent/contracts';
import { EloquentError, errorOf } from './errors';

export interface Page {
  limit?: number;
  /** `nextBefore` of the previous page. */
  before?: string;
}

/** What a REST call needs from the client: where, who, and how long to wait. */
export interface RestContext {
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  headers(): Promise<Record<string, string>>;
  received(response: Response): void;
}

/** GET a JSON resource; an error body (or a bare status) becomes an {@link EloquentError} with its code. */
export async function getJson<T>(context: RestContext, path: string, page: Page = {}): Promise<T> {
  const query = new URLSearchParams();
  if (page.limit !== undefined) query.set('limit', String(page.limit));
  if (page.before !== undefined) query.set('before', page.before);
  const url = `${context.baseUrl}${path}${query.size ? `?${query.toString()}` : ''}`;
  let response: Response;
  try {
    response = await context.fetch(url, {
      credentials: 'include',
      headers: { accept: 'application/json', ...(await context.headers()) },
      signal: AbortSignal.timeout(context.timeoutMs),
    });
  } catch (error) {
    throw new EloquentError({ code: 'CONNECTION_FAILED', message: `GET ${path} failed: ${(error as Error).message}` });
  }
  context.received(response);
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const retryAfter = Number(response.headers.get('retry-after'));
  const error = errorOf(body) ?? { code: response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL', message: `GET ${path}: HTTP ${response.status}` };
  throw new EloquentError({ ...error, ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) }, response.status);
}

export function chatsApi(context: RestContext) {
  return {
    /** The caller's chats, most recently updated first. */
    list: (page?: Page) => getJson<ChatListResponse>(context, '/v1/chats', page),
    /** One of the caller's chats, a page at a time, oldest first within a page (someone else's chat is CHAT_NOT_FOUND). */
    messages: (chatId: string, page?: Page) => getJson<ChatMessagesResponse>(context, `/v1/chats/${encodeURIComponent(chatId)}/messages`, page),
  };
}
