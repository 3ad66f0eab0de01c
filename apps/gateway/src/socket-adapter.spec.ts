import { originAllowed } from './socket-adapter';

describe('originAllowed (socket handshake)', () => {
  it('lets same-origin pages and listed origins in', () => {
    expect(originAllowed('http://127.0.0.1:3000', '127.0.0.1:3000', [])).toBe(true);
    expect(originAllowed('https://app.example', 'api.example', ['https://app.example'])).toBe(true);
  });

  it('keeps other sites out', () => {
    expect(originAllowed('https://evil.example', 'api.example', ['https://app.example'])).toBe(false);
    expect(originAllowed('null', 'api.example', [])).toBe(false);
  });

  it('lets clients that send no Origin (servers, CLIs) in', () => {
    expect(originAllowed(undefined, 'api.example', [])).toBe(true);
  });
});
