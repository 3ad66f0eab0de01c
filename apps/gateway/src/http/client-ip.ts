import type { IncomingMessage } from 'node:http';

/**
 * The caller's IP. Behind `trustedHops` reverse proxies, each of which appends the peer it
 * received from to X-Forwarded-For, the client is the address `trustedHops` steps back from
 * our own peer; anything further left was written by the client and cannot be trusted.
 * (Express' numeric `trust proxy` does the same, so `req.ip` agrees.)
 */
export function clientIp(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket?.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return normalize(peer);
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return normalize(chain[Math.max(0, chain.length - 1 - trustedHops)]);
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) → `10.0.0.1`, so one client has one key. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
