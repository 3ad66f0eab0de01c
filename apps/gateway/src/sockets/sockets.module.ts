import { Global, Module } from '@nestjs/common';
import { SocketEdgeGateway } from './socket-edge.gateway';
import { UserRooms } from './user-rooms';

@Global()
@Module({ providers: [SocketEdgeGateway, UserRooms], exports: [UserRooms] })
export class SocketsModule {}
