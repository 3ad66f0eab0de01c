import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake API does with one request; requests beyond the script are answered normally. */
export type Behaviour =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'reset' };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  at: number;
}

type Wire = 'openai' | 'pinecone';

/**
 * A local HTTP server speaking the embedding wire format of OpenAI (`POST /embeddings`,
 * base64 or float vectors, `index` per item) or Pinecone Inference (`POST /embed`,
 * `{ data: [{ vector_type, values }] }`), so the official SDKs run unmodified against it.
 * Vectors are a pure function of the input text and are deliberately not unit length.
 */
export class FakeEmbeddingApi {
  readonly requests: RecordedRequest[] = [];
  readonly script: Behaviour[] = [];
  private server!: Server;
  url = '';

  private constructor(
    private readonly wire: Wire,
    readonly dims: number,
  ) {}

  static async start(wire: Wire, dims: number): Promise<FakeEmbeddingApi> {
    const api = new FakeEmbeddingApi(wire, dims);
    api.server = createServer((req, res) => void api.handle(req, res));
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}${wire === 'openai' ? '/v1' : ''}`;
    return api;
  }

  /** The vector this API returns for `text`, unit length (what a client should end up with). */
  expected(text: string): Float32Array {
    const raw = this.rawVector(text);
    const norm = Math.hypot(...raw);
    return Float32Array.from(raw, (v) => v / norm);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    this.requests.push({ path: req.url ?? '', headers: req.headers, body, at: Date.now() });
    const behaviour = this.script.shift() ?? { kind: 'ok' };
    switch (behaviour.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'status':
        return this.send(res, behaviour.status, this.errorBody(behaviour.status), behaviour.headers);
      case 'slow':
      case 'ok': {
        if (behaviour.delayMs) {
          const answered = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(true), behaviour.delayMs);
            res.on('close', () => {
              clearTimeout(timer);
              resolve(false);
            });
          });
          if (!answered) return;
        }
        return this.send(res, 200, this.embeddings(body));
      }
    }
  }

  private embeddings(body: Record<string, unknown>): unknown {
    if (this.wire === 'openai') {
      const inputs = (Array.isArray(body.input) ? body.input : [body.input]) as string[];
      const base64 = body.encoding_format === 'base64';
      // Answer out of order: clients must place items by `index`.
      const data = inputs
        .map((text, index) => {
          const vector = Float32Array.from(this.rawVector(text));
          return { object: 'embedding', index, embedding: base64 ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector) };
        })
        .reverse();
      return { object: 'list', data, model: body.model, usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } };
    }
    const inputs = body.inputs as Array<{ text: string }>;
    return {
      model: body.model,
      vector_type: 'dense',
      data: inputs.map(({ text }) => ({ vector_type: 'dense', values: this.rawVector(text) })),
      usage: { total_tokens: inputs.length },
    };
  }

  private errorBody(status: number): unknown {
    const message = status === 429 ? 'Rate limit reached' : `Simulated HTTP ${status}`;
    return this.wire === 'openai'
      ? { error: { message, type: status === 429 ? 'requests' : 'server_error', param: null, code: status === 429 ? 'rate_limit_exceeded' : null } }
      : { error: { code: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL', message }, status };
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private rawVector(text: string): number[] {
    const values: number[] = [];
    for (let block = 0; values.length < this.dims; block++) {
      const digest = createHash('sha256').update(`${block}:${text}`).digest();
      for (let i = 0; i + 1 < digest.length && values.length < this.dims; i += 2) values.push((digest.readUInt16LE(i) - 32768) / 4096);
    }
    return values;
  }
}
