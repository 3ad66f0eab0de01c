import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { SocketEdgeGateway } from './socket-edge.gateway';
import { UserRooms } from './user-rooms';

/** The socket edge: who connects (identity) and how often (rate limits), before any `chat:*` handler; and each user's room. */
@Module({ imports: [IdentityModule, RateLimitsModule], providers: [SocketEdgeGateway, UserRooms], exports: [UserRooms] })
export class SocketsModule {}
