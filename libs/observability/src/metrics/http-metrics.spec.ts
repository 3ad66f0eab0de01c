import express from 'express';
import { register } from 'prom-client';
import request from 'supertest';
import { httpMetricsMiddleware, statusClass } from './http-metrics';

describe('HTTP metrics', () => {
  const app = express();
  app.use(httpMetricsMiddleware);
  const router = express.Router();
  router.get('/chats/:id', (_req, res) => void res.json({ ok: true }));
  router.delete('/chats/:id', (_req, res) => void res.status(503).json({ error: 'down' }));
  app.use('/v1', router);
  app.get('/metrics', (_req, res) => void res.send('metrics'));

  const count = async (labels: string) => {
    const text = await register.getSingleMetricAsString('eloquent_http_requests_total');
    const line = text.split('\n').find((l) => l.startsWith('eloquent_http_requests_total{') && l.includes(labels));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('counts requests by route template (never the raw path), method and status class', async () => {
    await request(app).get('/v1/chats/1');
    await request(app).get('/v1/chats/2');
    await request(app).delete('/v1/chats/3');
    await request(app).get('/no/such/path');
    await request(app).get('/metrics');
    expect(await count('route="/v1/chats/:id",method="GET",status_class="2xx"')).toBe(2);
    expect(await count('route="/v1/chats/:id",method="DELETE",status_class="5xx"')).toBe(1);
    expect(await count('route="unmatched",method="GET",status_class="4xx"')).toBe(1);
    expect(await register.getSingleMetricAsString('eloquent_http_requests_total')).not.toContain('route="/metrics"');
    expect(await register.getSingleMetricAsString('eloquent_http_requests_in_flight')).toContain('eloquent_http_requests_in_flight 0');
    expect(await register.getSingleMetricAsString('eloquent_http_request_duration_seconds')).toContain(
      'eloquent_http_request_duration_seconds_count{route="/v1/chats/:id",method="GET",status_class="2xx"} 2',
    );
  });

  it('classes statuses', () => {
    expect([statusClass(200), statusClass(302), statusClass(429), statusClass(504), statusClass(0)]).toEqual(['2xx', '3xx', '4xx', '5xx', 'other']);
  });
});
