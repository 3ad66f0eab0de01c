import { Inject } from '@nestjs/common';
import { Ack, ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import { SocketEvents } from '@eloquent/contracts';
import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';
import { ANONYMOUS_SESSIONS } from '../identity/identity.module';
import { anonymousIdentity, type AnonymousSessions } from '../identity/anonymous-session';
import { ChatSocketService } from './chat-socket.service';
import { respond } from './socket-responder';

type HandshakeRequest = IncomingMessage & { anonymousId?: string };

/** socket.io edge: identity on the handshake, then `chat:*` events routed to the service. */
@WebSocketGateway()
export class ChatGateway implements OnGatewayInit {
  constructor(
    private readonly chats: ChatSocketService,
    @Inject(ANONYMOUS_SESSIONS) private readonly sessions: AnonymousSessions,
  ) {}

  afterInit(server: Server): void {
    // The cookie must go out with the handshake response, before any event.
    server.engine.on('initial_headers', (headers: Record<string, string>, req: HandshakeRequest) => {
      req.anonymousId = this.sessions.read(req);
      if (!req.anonymousId) {
        const issued = this.sessions.issue();
        req.anonymousId = issued.id;
        headers['set-cookie'] = issued.setCookie;
      }
    });
    server.use((socket, next) => {
      const req = socket.request as HandshakeRequest;
      const id = req.anonymousId ?? this.sessions.read(req);
      if (!id) return next(new Error('UNAUTHORIZED'));
      socket.data.identity = anonymousIdentity(id);
      next();
    });
  }

  @SubscribeMessage(SocketEvents.send)
  send(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack?: (reply: unknown) => void): Promise<void> {
    return respond(SocketEvents.send, socket, ack, () => this.chats.send(socket, socket.data.identity, payload));
  }
}
