import type { IncomingMessage } from 'node:http';
import { clientIp } from './client-ip';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientIp(request('10.0.0.7', '1.2.3.4'), 0)).toBe('10.0.0.7');
  });

  it('takes the address the trusted proxies saw, ignoring what the client prepended', () => {
    // client forged "6.6.6.6"; the ingress (our peer, 10.0.0.2) appended the real client 203.0.113.9
    expect(clientIp(request('10.0.0.2', '6.6.6.6, 203.0.113.9'), 1)).toBe('203.0.113.9');
    // two proxies: CDN appended the client, the ingress appended the CDN
    expect(clientIp(request('10.0.0.2', '6.6.6.6, 203.0.113.9, 198.51.100.1'), 2)).toBe('203.0.113.9');
  });

  it('falls back to the leftmost address when there are fewer hops than trusted', () => {
    expect(clientIp(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientIp(request('10.0.0.2', '203.0.113.9'), 3)).toBe('203.0.113.9');
  });

  it('treats IPv4-mapped IPv6 as IPv4', () => {
    expect(clientIp(request('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientIp(request('::1'), 0)).toBe('::1');
  });
});
