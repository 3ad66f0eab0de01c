import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredRecord {
  values: number[];
  sparseValues?: { indices: number[]; values: number[] };
  metadata: Record<string, unknown>;
}

type Filter = Record<string, unknown>;

/**
 * A local Pinecone for tests: the control-plane `describe index` call and the data-plane
 * endpoints the official SDK uses (upsert, query, delete by ids / filter / all, describe index
 * stats), in Pinecone's JSON wire format, with `Api-Key` auth. One `dotproduct` index: a
 * query scores dense·dense + sparse·sparse, after the metadata filter, like Pinecone's hybrid.
 */
export class FakePinecone {
  readonly namespaces = new Map<string, Map<string, StoredRecord>>();
  /** Every request as received: method, path and parsed body. */
  readonly requests: Array<{ method: string; path: string; body: Record<string, unknown> }> = [];
  /** Answer data-plane queries with this HTTP status instead (e.g. 503). */
  failQueriesWith?: number;
  private server?: Server;
  url = '';

  constructor(
    readonly indexName: string,
    readonly dimension: number,
    readonly apiKey: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The body of the last data-plane query received. */
  lastQuery(): Record<string, unknown> {
    return this.requests.filter((r) => r.path === '/query').at(-1)!.body;
  }

  records(namespace: string): Map<string, StoredRecord> {
    return this.namespaces.get(namespace) ?? new Map();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? '/', this.url).pathname;
    this.requests.push({ method: req.method ?? 'GET', path, body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.headers['api-key'] !== this.apiKey) return send(401, { error: { code: 'UNAUTHENTICATED', message: 'Invalid API Key' }, status: 401 });

    if (req.method === 'GET' && path === `/indexes/${this.indexName}`) {
      return send(200, {
        name: this.indexName,
        dimension: this.dimension,
        metric: 'dotproduct',
        host: this.url,
        vector_type: 'dense',
        deletion_protection: 'disabled',
        spec: { serverless: { cloud: 'aws', region: 'us-east-1' } },
        status: { ready: true, state: 'Ready' },
      });
    }
    if (req.method !== 'POST') return send(404, { error: { code: 'NOT_FOUND', message: `${req.method} ${path}` }, status: 404 });
    switch (path) {
      case '/vectors/upsert':
        return this.upsert(body, send);
      case '/query':
        if (this.failQueriesWith)
          return send(this.failQueriesWith, { error: { code: 'UNAVAILABLE', message: 'try again later' }, status: this.failQueriesWith });
        return send(200, this.query(body));
      case '/vectors/delete':
        this.delete(body);
        return send(200, {});
      case '/describe_index_stats':
        return send(200, this.stats());
      default:
        return send(404, { error: { code: 'NOT_FOUND', message: path }, status: 404 });
    }
  }

  private upsert(body: Record<string, unknown>, send: (status: number, payload: unknown) => void): void {
    const vectors = body.vectors as Array<{ id: string } & StoredRecord>;
    for (const vector of vectors) {
      if (vector.values.length !== this.dimension) {
        return send(400, {
          error: { code: 'INVALID_ARGUMENT', message: `Vector dimension ${vector.values.length} does not match the dimension of the index ${this.dimension}` },
          status: 400,
        });
      }
    }
    const namespace = this.namespace(body.namespace as string | undefined);
    for (const { id, values, sparseValues, metadata } of vectors) namespace.set(id, { values, sparseValues, metadata: metadata ?? {} });
    send(200, { upsertedCount: vectors.length });
  }

  private query(body: Record<string, unknown>): unknown {
    const namespace = this.records((body.namespace as string) ?? '');
    const vector = body.vector as number[];
    const sparse = body.sparseVector as { indices: number[]; values: number[] } | undefined;
    const filter = body.filter as Filter | undefined;
    const matches = [...namespace.entries()]
      .filter(([, record]) => !filter || matches_(record.metadata, filter))
      .map(([id, record]) => ({
        id,
        score: dot(vector, record.values) + sparseDot(sparse, record.sparseValues),
        ...(body.includeMetadata ? { metadata: record.metadata } : {}),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, body.topK as number)
      .map((m) => ({ ...m, values: [] }));
    return { matches, namespace: body.namespace ?? '', usage: { readUnits: 1 } };
  }

  private delete(body: Record<string, unknown>): void {
    const namespace = this.namespace(body.namespace as string | undefined);
    if (body.deleteAll) namespace.clear();
    for (const id of (body.ids as string[] | undefined) ?? []) namespace.delete(id);
    const filter = body.filter as Filter | undefined;
    if (filter) for (const [id, record] of namespace) if (matches_(record.metadata, filter)) namespace.delete(id);
  }

  private stats(): unknown {
    const namespaces = Object.fromEntries([...this.namespaces].map(([name, records]) => [name, { vectorCount: records.size }]));
    const total = [...this.namespaces.values()].reduce((sum, r) => sum + r.size, 0);
    return { namespaces, dimension: this.dimension, indexFullness: 0, totalVectorCount: total, metric: 'dotproduct', vectorType: 'dense' };
  }

  private namespace(name = ''): Map<string, StoredRecord> {
    let namespace = this.namespaces.get(name);
    if (!namespace) this.namespaces.set(name, (namespace = new Map()));
    return namespace;
  }
}

/** Pinecone's metadata filter language: $eq $ne $gt $gte $lt $lte $in $nin $exists, $and / $or, and bare values as $eq. */
function matches_(metadata: Record<string, unknown>, filter: Filter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Filter[]).every((f) => matches_(metadata, f));
    if (key === '$or') return (condition as Filter[]).some((f) => matches_(metadata, f));
    const value = metadata[key];
    if (typeof condition !== 'object' || condition === null) return value === condition;
    return Object.entries(condition).every(([op, operand]) => {
      switch (op) {
        case '$eq':
          return value === operand;
        case '$ne':
          return value !== operand;
        case '$gt':
          return (value as number) > (operand as number);
        case '$gte':
          return (value as number) >= (operand as number);
        case '$lt':
          return (value as number) < (operand as number);
        case '$lte':
          return (value as number) <= (operand as number);
        case '$in':
          return (operand as unknown[]).includes(value);
        case '$nin':
          return !(operand as unknown[]).includes(value);
        case '$exists':
          return (value !== undefined) === operand;
        default:
          throw new Error(`unsupported filter operator ${op}`);
      }
    });
  });
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function sparseDot(query?: { indices: number[]; values: number[] }, record?: { indices: number[]; values: number[] }): number {
  if (!query || !record) return 0;
  const weights = new Map(record.indices.map((index, i) => [index, record.values[i]]));
  return query.indices.reduce((sum, index, i) => sum + query.values[i] * (weights.get(index) ?? 0), 0);
}

/** A hybrid query as Eloquent sends it: dense and sparse vectors, in `namespace`, filtered on the model (a jest matcher). */
export function hybridQuery(namespace: string, model: string): unknown {
  return expect.objectContaining({
    namespace,
    vector: expect.any(Array),
    sparseVector: { indices: expect.any(Array), values: expect.any(Array) },
    filter: { _model: { $eq: model } },
  });
}

/** The `shop` namespace both Pinecone tests ingest: two refund articles (English, French) and a delivery one. */
export const SHOP_DOCUMENTS = [
  { externalId: 'returns', title: 'Returns', text: 'Return an item within 30 days for a full refund.', metadata: { lang: 'en' } },
  { externalId: 'retours', title: 'Retours', text: 'Refund: retournez un article sous 30 jours.', metadata: { lang: 'fr' } },
  { externalId: 'delivery', title: 'Delivery', text: 'Orders arrive in three to five days by courier.', metadata: { lang: 'en' } },
];
