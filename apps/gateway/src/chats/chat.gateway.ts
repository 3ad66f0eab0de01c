import { Ack, ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { SocketEvents } from '@eloquent/contracts';
import type { Socket } from 'socket.io';
import { ChatSocketService } from './chat-socket.service';
import { respond } from '../sockets/socket-responder';

/**
 * `chat:*` events routed to the service. The caller's identity (`socket.data.identity`)
 * and the rate limits are settled before any event gets here (sockets/socket-edge.gateway.ts).
 */
@WebSocketGateway()
export class ChatGateway {
  constructor(private readonly chats: ChatSocketService) {}

  @SubscribeMessage(SocketEvents.send)
  send(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack?: (reply: unknown) => void): Promise<void> {
    return respond(SocketEvents.send, socket, ack, () => this.chats.send(socket, socket.data.identity, payload));
  }

  @SubscribeMessage(SocketEvents.stop)
  stop(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack?: (reply: unknown) => void): Promise<void> {
    return respond(SocketEvents.stop, socket, ack, () => this.chats.stop(socket.data.identity, payload));
  }

  @SubscribeMessage(SocketEvents.resume)
  resume(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack?: (reply: unknown) => void): Promise<void> {
    return respond(SocketEvents.resume, socket, ack, () => this.chats.resume(socket, socket.data.identity, payload));
  }

  @SubscribeMessage(SocketEvents.feedback)
  feedback(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack?: (reply: unknown) => void): Promise<void> {
    return respond(SocketEvents.feedback, socket, ack, () => this.chats.feedback(socket.data.identity, payload));
  }
}
