import { ChatCreateRequestSchema, ChatSendRequestSchema } from './chat';
import { DocumentInputSchema, SearchRequestSchema } from './retrieval';
import { parseOrThrow } from './validation';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('text stored in Postgres', () => {
  it('refuses NUL characters in every stored text field with VALIDATION_FAILED', () => {
    expect(codeOf(() => parseOrThrow(ChatSendRequestSchema, { userId: 'u', content: 'a\u0000b' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseOrThrow(ChatSendRequestSchema, { userId: 'u', content: '\u0000' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseOrThrow(ChatCreateRequestSchema, { userId: 'u', title: 'a\u0000b' }))).toBe('VALIDATION_FAILED');
    const document = { externalId: 'd', title: 't', text: 'body' };
    for (const field of ['externalId', 'title', 'text'] as const) {
      expect(codeOf(() => parseOrThrow(DocumentInputSchema, { ...document, [field]: 'x\u0000y' }))).toBe('VALIDATION_FAILED');
    }
    expect(codeOf(() => parseOrThrow(DocumentInputSchema, { ...document, metadata: { k: 'a\u0000' } }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseOrThrow(DocumentInputSchema, { ...document, metadata: { 'k\u0000': 'a' } }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseOrThrow(DocumentInputSchema, { ...document, url: 'https://example.com/a' }))).toBe('ok');
    expect(parseOrThrow(ChatSendRequestSchema, { userId: 'u', content: ' fine ' }).content).toBe('fine');
  });

  it('refuses a __proto__ key in a search filter or metadata instead of dropping it', () => {
    const filter = JSON.parse('{"__proto__": "x", "lang": "en"}') as Record<string, string>;
    expect(codeOf(() => parseOrThrow(SearchRequestSchema, { query: 'q', filter }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => parseOrThrow(DocumentInputSchema, { externalId: 'd', title: 't', text: 'b', metadata: filter }))).toBe('VALIDATION_FAILED');
    expect(parseOrThrow(SearchRequestSchema, { query: 'q', filter: { lang: 'en' } }).filter).toEqual({ lang: 'en' });
    expect(parseOrThrow(DocumentInputSchema, { externalId: 'd', title: 't', text: 'b' }).metadata).toEqual({});
  });
});
