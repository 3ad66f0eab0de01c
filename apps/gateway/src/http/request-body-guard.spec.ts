import express from 'express';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { DRAIN_BYTES, requestBodyGuard } from './request-body-guard';

describe('requestBodyGuard', () => {
  let server: Server;
  let port: number;
  const reached: string[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(requestBodyGuard({ jsonBytes: 1_000, uploadBytes: 10_000, uploadPaths: ['/upload'] }));
    app.use(express.json({ limit: 1_000 }));
    app.post('/{*path}', (req, res) => {
      reached.push(req.path);
      res.status(201).json({ ok: true });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = async (path: string, body: string | undefined, type?: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
    return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
  };

  it('lets JSON, an empty POST and an upload on its route through', async () => {
    expect((await post('/chats', '{"a":1}', 'application/json')).status).toBe(201);
    expect((await post('/chats', '{"a":1}', 'application/merge-patch+json')).status).toBe(201);
    expect((await post('/chats', undefined)).status).toBe(201);
    expect((await post('/upload', '--x--', 'multipart/form-data; boundary=x')).status).toBe(201);
  });

  it('refuses a body that is not JSON with 415, and multipart outside the upload routes', async () => {
    expect(await post('/chats', 'title=a', 'application/x-www-form-urlencoded')).toEqual({
      status: 415,
      body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) },
    });
    expect((await post('/chats', 'text', 'text/plain')).status).toBe(415);
    expect((await post('/chats', '--x--', 'multipart/form-data; boundary=x')).status).toBe(415);
  });

  it('answers a declared Content-Length above what it would read with 413 at once, without reading the body, and closes', async () => {
    const before = reached.length;
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(`POST /chats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${DRAIN_BYTES + 1}\r\n\r\n`),
      );
      let received = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response).toMatch(/connection: close/i);
    expect(response).toContain('"code":"PAYLOAD_TOO_LARGE"');
    expect(reached.length).toBe(before);
  });

  it('answers a body over the limit with 413 before it arrives, then reads the rest the client sends, so the client sees the answer and the connection stays usable', async () => {
    const before = reached.length;
    const socket = connect(port, '127.0.0.1');
    const failure = new Promise<never>((_, reject) => socket.on('error', reject));
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const until = (done: () => boolean) =>
      Promise.race([
        failure,
        new Promise<void>((resolve) => {
          const check = () => (done() ? resolve() : setTimeout(check, 5));
          check();
        }),
      ]);
    await new Promise<void>((resolve) => socket.once('connect', resolve));

    socket.write('POST /chats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n');
    // The answer comes before any of the body is sent.
    await until(() => received.includes('"code":"PAYLOAD_TOO_LARGE"'));
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    expect(received).not.toMatch(/connection: close/i);
    // The client sends its body anyway, as fetch does: every write is read, none fails with EPIPE.
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => socket.write('x'.repeat(1_000), (error) => (error ? reject(error) : resolve())));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The body was consumed, not taken for the next request: the connection carries one more.
    received = '';
    socket.write('POST /after HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}');
    await until(() => received.includes('{"ok":true}'));
    expect(received).toMatch(/^HTTP\/1\.1 201/);
    expect(reached.slice(before)).toEqual(['/after']);
    socket.destroy();
  });
});
