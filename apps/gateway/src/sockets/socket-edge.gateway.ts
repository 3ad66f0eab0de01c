import { Inject, Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, SocketEvents } from '@eloquent/contracts';
import { newCorrelationId, outcomeOf } from '@eloquent/observability';
import type { IncomingMessage } from 'node:http';
import type { Event, Server, Socket } from 'socket.io';
import { replyError, socketErrorBody } from './socket-responder';
import type { GatewayConfig } from '../config';
import { clientIp } from '../http/client-ip';
import { AnonymousSessions, type Identity } from '../identity/anonymous-session';
import { bearerToken } from '../identity/credentials';
import { IdentityService } from '../identity/identity.service';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { CLIENT_EVENTS, eventLabel, socketConnections, socketEvents, socketHandshakes } from './socket-metrics';
import { userRoom, UserRooms } from './user-rooms';

type HandshakeRequest = IncomingMessage & { anonymousId?: string };

const logger = new Logger('SocketHandshake');

/**
 * The socket edge, before any `chat:*` handler: the handshake resolves the caller (Clerk
 * token in `auth.token` or `Authorization`, else the anonymous cookie, issued with the
 * handshake response when missing) and counts as a request against the rate limits; a
 * refused handshake is a `connect_error` whose `message` is the error code and `data` the
 * error body. Then every incoming event is rate limited (`chat:send` also against the LLM
 * tier) before it reaches its handler.
 */
@WebSocketGateway()
export class SocketEdgeGateway implements OnGatewayInit, OnGatewayConnection {
  constructor(
    private readonly sessions: AnonymousSessions,
    private readonly identities: IdentityService,
    private readonly limiter: RateLimiter,
    private readonly rooms: UserRooms,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  afterInit(server: Server): void {
    this.rooms.attach(server);
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
      this.admit(socket).then(
        () => {
          socketHandshakes.inc({ outcome: 'ok' });
          next();
        },
        (error: unknown) => {
          socketHandshakes.inc({ outcome: outcomeOf(error) });
          next(handshakeError(error));
        },
      );
    });
  }

  handleConnection(socket: Socket): void {
    socketConnections.inc();
    socket.once('disconnect', () => socketConnections.dec());
    void socket.join(userRoom((socket.data.identity as Identity).userId));
  }

  private async admit(socket: Socket): Promise<void> {
    const req = socket.request as HandshakeRequest;
    const auth = await this.identities.authenticate(handshakeToken(socket), req.anonymousId ?? this.sessions.read(req));
    if (!auth) throw new AppError('UNAUTHORIZED', 'Connect with the session cookie or a session token');
    const ip = clientIp(req, this.config.TRUST_PROXY_HOPS);
    await this.limiter.checkRequest(auth.identity, ip);
    socket.data.identity = auth.identity;
    socket.use((event, next) => this.limit(socket, auth.identity, ip, event, next));
  }

  private limit(socket: Socket, identity: Identity, ip: string, [name, ...args]: Event, next: (error?: Error) => void): void {
    const check = name === SocketEvents.send ? this.limiter.checkQuestion(identity, ip) : this.limiter.checkRequest(identity, ip);
    const last: unknown = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (reply: unknown) => void) : undefined;
    check.then(
      () => {
        // Any other event is refused (an error ack), never left unanswered.
        if (CLIENT_EVENTS.has(name)) return next();
        const unknownEvent = new AppError('VALIDATION_FAILED', `Unknown event '${String(name).slice(0, 64)}'`);
        socketEvents.inc({ event: eventLabel(name), outcome: outcomeOf(unknownEvent) });
        replyError(socket, ack, unknownEvent);
      },
      (error: unknown) => {
        // Answered here, never passed to the handler.
        socketEvents.inc({ event: eventLabel(name), outcome: outcomeOf(error) });
        replyError(socket, ack, error);
      },
    );
  }
}

/** `auth.token` from the client's handshake, else an `Authorization: Bearer` header (non-browser clients). */
function handshakeToken(socket: Socket): string | undefined {
  const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
  if (token === undefined || token === null) return bearerToken(socket.handshake.headers.authorization);
  if (typeof token !== 'string') throw new AppError('TOKEN_INVALID', 'auth.token must be a string', 401, { reason: 'token-invalid' });
  return token;
}

/** socket.io sends `message` and `data` of this error to the client's `connect_error`. */
function handshakeError(error: unknown): Error {
  const body = socketErrorBody(error, newCorrelationId());
  if (!(error instanceof AppError)) logger.error({ err: error, correlationId: body.correlationId }, 'socket handshake failed');
  return Object.assign(new Error(body.code), { data: body });
}
