import type Redis from 'ioredis';
import type { ReadinessCheck } from './health.module';

export function redisCheck(redis: Redis): ReadinessCheck {
  return {
    name: 'redis',
    check: async () => {
      await redis.ping();
    },
  };
}
