import { SocketEvents, type ChatSendAck, type DoneEvent, type ErrorEvent, type SourcesEvent, type TokenEvent } from '@eloquent/contracts';
import { io, type Socket } from 'socket.io-client';

/** GETs `url` and returns the `name=value` pairs of the cookies it set (for the next requests). */
export async function fetchCookie(url: string): Promise<string> {
  const response = await fetch(url);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A socket.io client like the widget's: websocket first, carrying the session cookie. */
export async function connectSocket(gatewayUrl: string, cookie?: string): Promise<Socket> {
  const socket = io(gatewayUrl, { transports: ['websocket'], reconnection: false, extraHeaders: cookie ? { cookie } : {} });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

export interface CollectedAnswer {
  ack: ChatSendAck;
  tokens: TokenEvent[];
  sources?: SourcesEvent;
  done?: DoneEvent;
  error?: ErrorEvent;
  /** Event names in arrival order (`ack` for the acknowledgement). */
  order: string[];
  text: string;
}

/** Sends `chat:send` and collects the streamed answer until `chat:done` or `chat:error`. */
export function ask(socket: Socket, payload: unknown, timeoutMs = 20_000): Promise<CollectedAnswer> {
  return new Promise((resolve, reject) => {
    const answer: CollectedAnswer = { ack: undefined as unknown as ChatSendAck, tokens: [], order: [], text: '' };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(SocketEvents.token, onToken).off(SocketEvents.sources, onSources).off(SocketEvents.done, onDone).off(SocketEvents.error, onError);
    };
    const finish = () => {
      cleanup();
      resolve(answer);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no chat:done within ${timeoutMs} ms (got: ${answer.order.join(',')})`));
    }, timeoutMs);
    const onToken = (event: TokenEvent) => {
      answer.order.push('token');
      answer.tokens.push(event);
      answer.text += event.text;
    };
    const onSources = (event: SourcesEvent) => {
      answer.order.push('sources');
      answer.sources = event;
    };
    const onDone = (event: DoneEvent) => {
      answer.order.push('done');
      answer.done = event;
      finish();
    };
    const onError = (event: ErrorEvent) => {
      answer.order.push('error');
      answer.error = event;
      finish();
    };
    socket.on(SocketEvents.token, onToken).on(SocketEvents.sources, onSources).on(SocketEvents.done, onDone).on(SocketEvents.error, onError);
    socket.emit(SocketEvents.send, payload, (ack: ChatSendAck) => {
      answer.order.push('ack');
      answer.ack = ack;
      if ('error' in ack) finish();
    });
  });
}

/** Sends `chat:send` and resolves with the acknowledgement only. */
export function sendForAck(socket: Socket, payload: unknown, timeoutMs = 10_000): Promise<ChatSendAck> {
  return socket.timeout(timeoutMs).emitWithAck(SocketEvents.send, payload) as Promise<ChatSendAck>;
}
