import { ConfigError } from '@eloquent/config';
import { addressOf, checkConnections, describeBootError } from './boot-failure';

describe('boot failures', () => {
  it('an address is host:port, with the default port and without the password', () => {
    expect(addressOf('postgres://user:secret@db.internal/eloquent')).toBe('db.internal:5432');
    expect(addressOf('redis://:secret@cache:6380')).toBe('cache:6380');
    expect(addressOf('not a url')).toBe('(not a URL)');
    expect(addressOf('/run/redis/redis.sock?db=2')).toBe('/run/redis/redis.sock');
  });

  it('the real Postgres and Redis answer: no failure', async () => {
    expect(
      await checkConnections('probe', { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', REDIS_URL: 'redis://127.0.0.1:6379' }),
    ).toBeUndefined();
  });

  it('an unreachable Postgres names DATABASE_URL and the address tried', async () => {
    const failure = await checkConnections('chat', { DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:1/eloquent', REDIS_URL: 'redis://127.0.0.1:6379' }, 2_000);
    expect(failure).toEqual({
      setting: 'DATABASE_URL',
      address: '127.0.0.1:1',
      msg: expect.stringMatching(/^chat cannot start: Postgres at 127\.0\.0\.1:1 \(DATABASE_URL\).*ECONNREFUSED/),
    });
    expect(failure!.msg).not.toContain('pw');
  });

  it('an unreachable Redis names REDIS_URL and the address tried', async () => {
    const failure = await checkConnections('embedding', { REDIS_URL: 'redis://127.0.0.1:1' }, 2_000);
    expect(failure).toEqual({
      setting: 'REDIS_URL',
      address: '127.0.0.1:1',
      msg: expect.stringMatching(/^embedding cannot start: Redis at 127\.0\.0\.1:1 \(REDIS_URL\).*ECONNREFUSED/),
    });
  });

  it('a configuration error names every bad setting', () => {
    const failure = describeBootError('gateway', new ConfigError('gateway', ['PORT: Invalid input', 'COOKIE_SECRET: required in production']));
    expect(failure.setting).toBe('PORT, COOKIE_SECRET');
    expect(failure.problems).toHaveLength(2);
    expect(describeBootError('chat', new Error('boom')).msg).toBe('chat failed to start: boom');
  });
});
