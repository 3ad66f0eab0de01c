import { AppError, ChatSendRequestSchema, parseOrThrow } from '@eloquent/contracts';
import { refusedRelayField } from './relay-field-refusal';

/** The request schema of a chat release before `relay` (the same strict object without it). */
const OLDER_CHAT_SCHEMA = ChatSendRequestSchema.omit({ relay: true });
const REQUEST = { userId: 'anon:visitor', content: 'How do I freeze my card?', relay: '5f0c5b7e-3f0a-4d51-9a55-6a1f3f1f2a10' };

function refusal(schema: typeof OLDER_CHAT_SCHEMA | typeof ChatSendRequestSchema, request: unknown): unknown {
  try {
    parseOrThrow(schema, request);
  } catch (error) {
    // As the bus client rebuilds it from the reply: code, message and details.
    if (error instanceof AppError) return new AppError(error.code, error.message, undefined, error.details);
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('refusedRelayField', () => {
  it("recognises an older chat's refusal of the relay field", () => {
    expect(refusedRelayField(refusal(OLDER_CHAT_SCHEMA, REQUEST))).toBe(true);
  });

  it('does not take any other refusal for it (the question itself is invalid, or more is wrong than the field)', () => {
    expect(refusedRelayField(refusal(ChatSendRequestSchema, { ...REQUEST, content: '' }))).toBe(false);
    expect(refusedRelayField(refusal(OLDER_CHAT_SCHEMA, { ...REQUEST, content: '' }))).toBe(false);
    expect(refusedRelayField(new AppError('CHAT_NOT_FOUND', 'Chat not found'))).toBe(false);
    expect(refusedRelayField(new Error('"relay"'))).toBe(false);
  });
});
