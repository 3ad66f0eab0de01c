import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import type Redis from 'ioredis';
import { ANON_COOKIE_MAX_AGE_S } from './anonymous-session';
import { Patterns } from '@eloquent/contracts';

/**
 * Moves an anonymous visitor's chats to the account they signed in to, once: the first
 * request that carries both the anonymous cookie and a valid session token claims the
 * anonymous id in Redis (SET NX, shared by every replica) and asks chat to move the chats;
 * later requests find the claim and do nothing. A failed move releases the claim, so the
 * next request tries again.
 */
@Injectable()
export class AdoptionService {
  private readonly logger = new Logger(AdoptionService.name);

  constructor(
    private readonly bus: BusClient,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  /** True when the anonymous id's chats now belong to `userId` (moved now or before). */
  async adopt(anonymousId: string, userId: string): Promise<boolean> {
    const claim = `${this.prefix}adopted:${anonymousId}`;
    const claimed = await this.redis.set(claim, userId, 'EX', ANON_COOKIE_MAX_AGE_S, 'NX');
    if (claimed !== 'OK') return (await this.redis.get(claim)) === userId;
    try {
      const { moved } = await this.bus.request(Patterns.chatAdopt, { fromUserId: `anon:${anonymousId}`, toUserId: userId });
      this.logger.log({ userId, moved }, 'anonymous chats moved to the signed-in user');
      return true;
    } catch (error) {
      await this.redis.del(claim).catch(() => undefined);
      this.logger.warn({ err: error, userId }, 'could not move anonymous chats; will retry on the next request');
      return false;
    }
  }
}
