import { z } from 'zod';
import { ErrorCode } from './errors';
import { ChatFeedbackPayloadSchema, ChatResumePayloadSchema, ChatSendPayloadSchema, ChatStopPayloadSchema, SocketEvents } from './socket-events';
import {
  ChatDeletedEventSchema,
  ChatFeedbackAckSchema,
  ChatResumeAckSchema,
  ChatSendAckSchema,
  ChatStopAckSchema,
  ChatUpdatedEventSchema,
  DoneEventSchema,
  ErrorEventSchema,
  SourcesEventSchema,
  TokenEventSchema,
} from './socket-event-schemas';

/** One socket event of the contract: its name, direction, payload and (client events) acknowledgement. */
interface EventSpec {
  key: string;
  event: string;
  direction: 'client-to-server' | 'server-to-client';
  summary: string;
  payload: z.ZodType;
  ack?: z.ZodType;
}

const EVENTS: EventSpec[] = [
  {
    key: 'chatSend',
    event: SocketEvents.send,
    direction: 'client-to-server',
    summary: 'Ask a question (a new chat without chatId). The acknowledgement carries the ids; the answer streams as chat:token … chat:done.',
    payload: ChatSendPayloadSchema,
    ack: ChatSendAckSchema,
  },
  {
    key: 'chatStop',
    event: SocketEvents.stop,
    direction: 'client-to-server',
    summary: 'Stop an answer; its stream then ends with chat:done { cancelled: true } and the partial text is stored.',
    payload: ChatStopPayloadSchema,
    ack: ChatStopAckSchema,
  },
  {
    key: 'chatResume',
    event: SocketEvents.resume,
    direction: 'client-to-server',
    summary:
      'After a reconnect (to any gateway replica): replay the answer after lastSeq (-1 = all), then continue live. ' +
      'replaying=false once the replay window passed: the stored message is the answer.',
    payload: ChatResumePayloadSchema,
    ack: ChatResumeAckSchema,
  },
  {
    key: 'chatFeedback',
    event: SocketEvents.feedback,
    direction: 'client-to-server',
    summary:
      'Rate an answer that has ended, up or down, with an optional comment; a later rating replaces it and rating null withdraws it. ' +
      'Only the asker may rate (else MESSAGE_NOT_FOUND); an answer still streaming is ANSWER_IN_PROGRESS. The acknowledgement is the answer as stored.',
    payload: ChatFeedbackPayloadSchema,
    ack: ChatFeedbackAckSchema,
  },
  {
    key: 'chatToken',
    event: SocketEvents.token,
    direction: 'server-to-client',
    summary: 'A piece of the answer, in seq order (batched ~30 ms).',
    payload: TokenEventSchema,
  },
  {
    key: 'chatSources',
    event: SocketEvents.sources,
    direction: 'server-to-client',
    summary: 'Exactly the passages the answer cites. Untrusted text: render as text, link only http(s) URLs.',
    payload: SourcesEventSchema,
  },
  {
    key: 'chatDone',
    event: SocketEvents.done,
    direction: 'server-to-client',
    summary: 'The answer ended; its mode says who wrote it, abstained that it says the help center does not cover the question.',
    payload: DoneEventSchema,
  },
  {
    key: 'chatError',
    event: SocketEvents.error,
    direction: 'server-to-client',
    summary: 'The answer (messageId) or an event sent without an acknowledgement callback failed. Codes are stable.',
    payload: ErrorEventSchema,
  },
  {
    key: 'chatUpdated',
    event: SocketEvents.chatUpdated,
    direction: 'server-to-client',
    summary: 'A chat of this user was created or renamed (any tab, any replica).',
    payload: ChatUpdatedEventSchema,
  },
  {
    key: 'chatDeleted',
    event: SocketEvents.chatDeleted,
    direction: 'server-to-client',
    summary: 'A chat of this user was deleted.',
    payload: ChatDeletedEventSchema,
  },
];

/** JSON Schema of a payload: what a client may send (input) or will receive (output). */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  void $schema;
  return rest;
}

/**
 * The gateway's socket.io contract as an AsyncAPI 3.0 document, generated from the zod
 * schemas above (served at /docs/asyncapi.json). Operations are from the gateway's point
 * of view: it `receive`s client events (their acknowledgement is the operation's reply)
 * and `send`s answer events.
 */
export function socketAsyncApiDocument(options: { host?: string; version?: string } = {}): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const channelMessages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const spec of EVENTS) {
    const io = spec.direction === 'client-to-server' ? 'input' : 'output';
    messages[spec.key] = { name: spec.event, title: spec.event, summary: spec.summary, payload: schemaOf(spec.payload, io) };
    channelMessages[spec.key] = { $ref: `#/components/messages/${spec.key}` };
    if (spec.ack) {
      const ackKey = `${spec.key}Ack`;
      messages[ackKey] = { name: `${spec.event} (acknowledgement)`, title: `${spec.event} acknowledgement`, payload: schemaOf(spec.ack, 'output') };
      channelMessages[ackKey] = { $ref: `#/components/messages/${ackKey}` };
    }
    operations[spec.direction === 'client-to-server' ? `receive${spec.key.slice(4)}` : `send${spec.key.slice(4)}`] = {
      action: spec.direction === 'client-to-server' ? 'receive' : 'send',
      channel: { $ref: '#/channels/socket' },
      summary: spec.summary,
      messages: [{ $ref: `#/channels/socket/messages/${spec.key}` }],
      ...(spec.ack ? { reply: { channel: { $ref: '#/channels/socket' }, messages: [{ $ref: `#/channels/socket/messages/${spec.key}Ack` }] } } : {}),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Eloquent gateway: socket.io contract',
      version: options.version ?? '1',
      description:
        'Streamed, cited answers over socket.io v4. Connect with the websocket transport first; a visitor is a Clerk session ' +
        '(`auth: { token }`) or anonymous (the signed `eloquent_anon` cookie, set on the handshake or any HTTP response). ' +
        'A refused handshake is a `connect_error` whose `data` is the error body. Every error carries a stable code: ' +
        `${Object.values(ErrorCode).join(', ')}. REST: /docs. SDK and widget: @eloquent/client, /widget/widget.js.`,
    },
    defaultContentType: 'application/json',
    servers: {
      gateway: {
        host: options.host ?? 'localhost:3000',
        protocol: 'ws',
        pathname: '/socket.io/',
        description: 'socket.io v4 (Engine.IO protocol 4); long-polling also available.',
      },
    },
    channels: {
      socket: {
        address: '/',
        title: 'The default socket.io namespace',
        messages: channelMessages,
      },
    },
    operations,
    components: { messages },
  };
}
