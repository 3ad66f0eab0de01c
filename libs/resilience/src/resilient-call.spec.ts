import { BrokenCircuitError } from 'cockatiel';
import { register } from 'prom-client';
import { ResilientCall, type ResilienceOptions } from './resilient-call';
import { isTransientError, retryAfterMs } from './transient-errors';

const httpError = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP ${status}`), { status, headers });

const options = (overrides: Partial<ResilienceOptions> = {}): ResilienceOptions => ({
  name: `test-${Math.random()}`,
  timeoutMs: 200,
  retries: 2,
  initialDelayMs: 1,
  maxDelayMs: 5,
  breakerThreshold: 3,
  halfOpenAfterMs: 50,
  ...overrides,
});

describe('ResilientCall', () => {
  it('retries transient failures and then succeeds', async () => {
    const call = new ResilientCall(options());
    let attempts = 0;
    const result = await call.execute(async () => {
      attempts++;
      if (attempts < 3) throw httpError(503);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(attempts).toBe(3);
  });

  it('does not retry errors that will fail again', async () => {
    const call = new ResilientCall(options());
    let attempts = 0;
    await expect(
      call.execute(async () => {
        attempts++;
        throw httpError(400);
      }),
    ).rejects.toThrow('HTTP 400');
    expect(attempts).toBe(1);
    expect(call.state).toBe('closed');
  });

  it('times out a slow attempt, aborting its signal', async () => {
    const call = new ResilientCall(options({ timeoutMs: 20, retries: 0 }));
    let aborted = false;
    await expect(
      call.execute(
        (signal) =>
          new Promise((_, reject) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            });
          }),
      ),
    ).rejects.toThrow();
    expect(aborted).toBe(true);
  });

  it('opens after consecutive failures, then half-opens and closes on success', async () => {
    const call = new ResilientCall(options({ retries: 0, breakerThreshold: 2, halfOpenAfterMs: 30 }));
    const fail = () => call.execute(async () => Promise.reject(httpError(500)));
    await expect(fail()).rejects.toThrow();
    await expect(fail()).rejects.toThrow();
    expect(call.state).toBe('open');
    let called = false;
    await expect(call.execute(async () => (called = true))).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(called).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await call.execute(async () => 'trial')).toBe('trial');
    expect(call.state).toBe('closed');
    const metrics = await register.getSingleMetricAsString('eloquent_dependency_calls_total');
    expect(metrics).toContain(`dependency="${call.options.name}",outcome="rejected"`);
  });

  it('waits as long as Retry-After asks (capped by maxDelayMs)', async () => {
    const call = new ResilientCall(options({ maxDelayMs: 1_000 }));
    const times: number[] = [];
    await call.execute(async () => {
      times.push(Date.now());
      if (times.length === 1) throw httpError(429, { 'retry-after-ms': '60' });
      return 'ok';
    });
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(55);
  });
});

describe('transient errors', () => {
  it.each([429, 500, 502, 503, 504, 529])('retries HTTP %i', (status) => expect(isTransientError(httpError(status))).toBe(true));
  it.each([400, 401, 403, 404, 422])('does not retry HTTP %i', (status) => expect(isTransientError(httpError(status))).toBe(false));
  it('retries connection resets, also when wrapped', () => {
    expect(isTransientError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientError(new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isTransientError(new Error('bug'))).toBe(false);
  });
  it('reads Retry-After in seconds, milliseconds and as a date', () => {
    expect(retryAfterMs(httpError(429, { 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(httpError(429, { 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(httpError(429, { 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs({ headers: new Headers({ 'retry-after': '1' }) })).toBe(1000);
    expect(retryAfterMs(httpError(500))).toBeUndefined();
  });
});
