import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/**
 * Every socket joins its user's room, so a change made anywhere (a REST call on another
 * replica, another tab) reaches all of that user's sockets: the Redis adapter carries the
 * broadcast to every gateway replica.
 */
@Injectable()
export class UserRooms {
  private server?: Server;

  attach(server: Server): void {
    this.server = server;
  }

  emit(userId: string, event: string, payload: unknown): void {
    this.server?.to(userRoom(userId)).emit(event, payload);
  }
}
