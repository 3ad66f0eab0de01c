import { isDatabaseUnavailable, retryWhileDatabaseUnavailable } from './database-outage';

describe('database outages', () => {
  it('tells an unreachable database from a bad query', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    // TypeORM's QueryFailedError keeps the driver's error.
    expect(
      isDatabaseUnavailable({ message: 'query failed', driverError: { code: '57P01', message: 'terminating connection due to administrator command' } }),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('syntax error at or near "x"'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('retries a write only while the database is unreachable, within its budget', async () => {
    let calls = 0;
    const flaky = () => (++calls < 3 ? Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })) : Promise.resolve('stored'));
    await expect(retryWhileDatabaseUnavailable(flaky, 5_000)).resolves.toBe('stored');
    expect(calls).toBe(3);

    calls = 0;
    const broken = () => (++calls, Promise.reject(new Error('syntax error')));
    await expect(retryWhileDatabaseUnavailable(broken, 5_000)).rejects.toThrow('syntax error');
    expect(calls).toBe(1);

    const down = () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    await expect(retryWhileDatabaseUnavailable(down, 150)).rejects.toThrow('refused');
  });
});
