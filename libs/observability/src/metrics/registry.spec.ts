import { register } from 'prom-client';
import { counter, gauge, histogram, outcomeOf } from './registry';

describe('metric registration', () => {
  it('returns the registered metric when a name is declared again, instead of throwing', () => {
    const first = counter({ name: 'eloquent_test_registry_total', help: 'test', labelNames: ['x'] });
    expect(counter({ name: 'eloquent_test_registry_total', help: 'test', labelNames: ['x'] })).toBe(first);
    expect(gauge({ name: 'eloquent_test_registry_gauge', help: 'test' })).toBe(gauge({ name: 'eloquent_test_registry_gauge', help: 'test' }));
    expect(histogram({ name: 'eloquent_test_registry_seconds', help: 'test' })).toBe(histogram({ name: 'eloquent_test_registry_seconds', help: 'test' }));
    expect(register.getSingleMetric('eloquent_test_registry_total')).toBe(first);
  });

  it('labels an outcome with the error code, or INTERNAL for anything without a sane one', () => {
    expect(outcomeOf({ code: 'UPSTREAM_TIMEOUT' })).toBe('UPSTREAM_TIMEOUT');
    expect(outcomeOf(new Error('boom'))).toBe('INTERNAL');
    expect(outcomeOf({ code: 'ECONNRESET-with-junk ' })).toBe('INTERNAL');
    expect(outcomeOf(undefined)).toBe('INTERNAL');
  });
});
