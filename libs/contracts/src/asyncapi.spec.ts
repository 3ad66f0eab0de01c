import { z } from 'zod';
import { socketAsyncApiDocument } from './asyncapi';
import { ErrorCode } from './errors';
import { ChatSendPayloadSchema, SocketEvents } from './socket-events';

/** Every `$ref` in the document, resolved against the document itself. */
function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refs(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refs(value, found);
    }
  }
  return found;
}

function resolve(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe('AsyncAPI document of the socket contract', () => {
  const document = socketAsyncApiDocument() as {
    asyncapi: string;
    components: { messages: Record<string, { name: string; payload: Record<string, unknown> }> };
    operations: Record<string, { action: string; reply?: unknown }>;
  };

  it('is AsyncAPI 3 and every $ref resolves inside it', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const all = refs(document);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) expect(resolve(document, ref)).toBeDefined();
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('has a message for every socket event, payloads generated from the contract’s schemas', () => {
    const names = Object.values(document.components.messages).map((m) => m.name);
    for (const event of Object.values(SocketEvents)) expect(names).toContain(event);
    const { $schema, ...send } = z.toJSONSchema(ChatSendPayloadSchema, { io: 'input' }) as Record<string, unknown>;
    void $schema;
    expect(document.components.messages.chatSend.payload).toEqual(send);
    const errorCodes = (document.components.messages.chatError.payload as { properties: { code: { enum: string[] } } }).properties.code.enum;
    expect(errorCodes).toEqual(Object.values(ErrorCode));
  });

  it('documents answer review: chat:feedback and its ratings, abstained on chat:done, feedback on the stored answer', () => {
    const properties = (key: string) => (document.components.messages[key].payload as { properties: Record<string, unknown> }).properties;
    expect(JSON.stringify(properties('chatFeedback').rating)).toMatch(/"up".*"down".*"null"/);
    expect(properties('chatDone').abstained).toEqual(expect.objectContaining({ const: true }));
    expect(JSON.stringify(document.components.messages.chatFeedbackAck.payload)).toContain('"feedback"');
  });

  it('documents the articles an abstention suggests, on chat:done and on the stored answer', () => {
    const properties = (key: string) => (document.components.messages[key].payload as { properties: Record<string, unknown> }).properties;
    const suggested = properties('chatDone').suggestedArticles as { type: string; items: { properties: Record<string, unknown>; required: string[] } };
    expect(suggested.type).toBe('array');
    expect(Object.keys(suggested.items.properties)).toEqual(['documentId', 'title', 'url']);
    expect(suggested.items.required).toEqual(['documentId', 'title']);
    expect(JSON.stringify(document.components.messages.chatFeedbackAck.payload)).toContain('"suggestedArticles"');
    // Which one the customer picked next is on the stored answer only: chat:done is sent before any pick.
    expect(JSON.stringify(document.components.messages.chatFeedbackAck.payload)).toContain('"suggestionPicked"');
    expect(properties('chatDone')).not.toHaveProperty('suggestionPicked');
  });

  it('models acknowledgements as replies of the client events', () => {
    expect(document.operations.receiveSend).toMatchObject({ action: 'receive', reply: expect.any(Object) });
    expect(document.operations.receiveResume).toMatchObject({ action: 'receive', reply: expect.any(Object) });
    expect(document.operations.receiveFeedback).toMatchObject({ action: 'receive', reply: expect.any(Object) });
    expect(document.operations.sendToken).toMatchObject({ action: 'send' });
    expect(document.operations.sendToken.reply).toBeUndefined();
  });
});
