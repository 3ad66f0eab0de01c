import { register } from 'prom-client';
import { scrapedGauge } from './scrape-collector';

describe('scrapedGauge', () => {
  const queue = scrapedGauge({ name: 'eloquent_test_scraped', help: 'test', labelNames: ['source'] });

  it('reads every source at scrape time; a failing or slow source is left out, the others stay', async () => {
    let depth = 1;
    const stops = [
      queue.add((metric) => metric.set({ source: 'a' }, depth)),
      queue.add(async () => {
        throw new Error('Redis is down');
      }),
      queue.add(() => new Promise<void>(() => undefined)), // never answers: cut at 2 s
    ];
    expect(await register.getSingleMetricAsString('eloquent_test_scraped')).toContain('eloquent_test_scraped{source="a"} 1');
    depth = 7;
    expect(await register.getSingleMetricAsString('eloquent_test_scraped')).toContain('eloquent_test_scraped{source="a"} 7');
    stops.forEach((stop) => stop());
    expect(await register.getSingleMetricAsString('eloquent_test_scraped')).not.toContain('source="a"');
  }, 10_000);

  it('shares its sources with a second declaration of the same gauge', async () => {
    const again = scrapedGauge({ name: 'eloquent_test_scraped', help: 'test', labelNames: ['source'] });
    const stop = again.add((metric) => metric.set({ source: 'b' }, 2));
    expect(await register.getSingleMetricAsString('eloquent_test_scraped')).toContain('eloquent_test_scraped{source="b"} 2');
    stop();
  });
});
