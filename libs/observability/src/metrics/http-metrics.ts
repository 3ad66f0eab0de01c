import type { IncomingMessage, ServerResponse } from 'node:http';
import { counter, gauge, histogram, LATENCY_BUCKETS } from './registry';

const requests = counter({
  name: 'eloquent_http_requests_total',
  help: 'HTTP requests by route template, method and status class (2xx, 4xx, 5xx).',
  labelNames: ['route', 'method', 'status_class'],
});
const duration = histogram({
  name: 'eloquent_http_request_duration_seconds',
  help: 'HTTP request duration by route template and method, until the response is sent.',
  labelNames: ['route', 'method', 'status_class'],
  buckets: LATENCY_BUCKETS,
});
const inFlight = gauge({ name: 'eloquent_http_requests_in_flight', help: 'HTTP requests being served.' });

/** Probes and scrapes would drown the traffic they observe. */
const UNCOUNTED = new Set(['/metrics', '/health', '/health/ready']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string };

/**
 * Express middleware (installed first, by startService): counts every response by the
 * route template Express matched (`/v1/chats/:id`, never the raw path, so label values stay
 * bounded); a request answered before routing (404, a rate limit in a middleware) is
 * `route="unmatched"`.
 */
export function httpMetricsMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const path = (req.url ?? '').split('?')[0];
  if (UNCOUNTED.has(path)) return next();
  const started = performance.now();
  inFlight.inc();
  let counted = false;
  const done = () => {
    if (counted) return;
    counted = true;
    inFlight.dec();
    const labels = {
      route: routeOf(req as RoutedRequest),
      method: METHODS.has(req.method ?? '') ? req.method! : 'OTHER',
      status_class: statusClass(res.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - started) / 1000);
  };
  res.once('finish', done);
  res.once('close', done);
  next();
}

function routeOf(req: RoutedRequest): string {
  const template = req.route?.path;
  return typeof template === 'string' ? `${req.baseUrl ?? ''}${template}` : 'unmatched';
}

/** `2xx` … `5xx`; a response the client abandoned before it was sent is still counted by its status. */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}
