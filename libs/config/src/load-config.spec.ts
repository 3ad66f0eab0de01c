import { z } from 'zod';
import { CommonEnvSchema, ConfigError, env, loadConfig } from './index';

describe('loadConfig', () => {
  const schema = CommonEnvSchema.extend({ PORT: env.port(3000), FLAG: env.bool(false) });

  it('applies defaults and coerces values', () => {
    const config = loadConfig('test', schema, { PORT: '4000', FLAG: 'true', REDIS_PREFIX: '' });
    expect(config.PORT).toBe(4000);
    expect(config.FLAG).toBe(true);
    expect(config.REDIS_PREFIX).toBe('eloquent:');
  });

  it('fails fast naming every bad setting', () => {
    const attempt = () => loadConfig('gateway', schema, { PORT: 'abc', REDIS_URL: 'not a url', FLAG: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/gateway: invalid configuration/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/REDIS_URL/);
    expect(attempt).toThrow(/FLAG/);
  });

  it('takes Redis as a redis:// or rediss:// URL or the path of a Unix socket, and nothing else', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://:secret@redis.internal:6380/2', '/run/redis/redis.sock', '/tmp/redis.sock?db=2'])
      expect(loadConfig('test', schema, { REDIS_URL: url }).REDIS_URL).toBe(url);
    for (const url of ['http://127.0.0.1:6379', 'redis.internal:6379', 'run/redis.sock', 'redis://'])
      expect(() => loadConfig('test', schema, { REDIS_URL: url })).toThrow(/REDIS_URL.*absolute path of a Unix socket/s);
  });

  it('reports missing required settings', () => {
    expect(() => loadConfig('svc', z.object({ SECRET: z.string() }), {})).toThrow(/SECRET/);
  });
});
