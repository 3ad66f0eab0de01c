/**
 * LanceDB for the benches that compare it (`vector-libraries.ts`, `lancedb-fts.ts`): not a
 * dependency (its native engine is ~190 MB), installed apart and loaded from that folder:
 *
 *   npm install --prefix <lancedb-dir> --no-audit --no-fund --omit=optional \
 *     @lancedb/lancedb@0.39.0 @lancedb/lancedb-linux-x64-gnu@0.39.0 apache-arrow@18.1.0
 *
 * then `--lancedb-dir <lancedb-dir>/node_modules` (`--omit=optional` skips the optional
 * embedding providers it lists, @huggingface/transformers and openai; the platform package is
 * then named explicitly). Measured in docs/retrieval.md ("At scale").
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The part of LanceDB's query builders used here. */
export interface LanceQuery {
  select(columns: string[]): LanceQuery;
  limit(limit: number): LanceQuery;
  distanceType(type: 'l2' | 'cosine' | 'dot'): LanceQuery;
  nprobes(nprobes: number): LanceQuery;
  refineFactor(factor: number): LanceQuery;
  ef(ef: number): LanceQuery;
  bypassVectorIndex(): LanceQuery;
  fullTextSearch(query: string | object, options?: { columns?: string | string[] }): LanceQuery;
  toArray(): Promise<Array<Record<string, unknown>>>;
}

/** Rows for LanceDB: objects (converted by it) or an Arrow table (`arrowVectors`). */
export type LanceRows = Array<Record<string, unknown>> | object;

export interface LanceTable {
  add(rows: LanceRows): Promise<unknown>;
  createIndex(column: string, options?: { config?: unknown; replace?: boolean }): Promise<void>;
  optimize(options?: Record<string, unknown>): Promise<unknown>;
  vectorSearch(vector: Float32Array | number[]): LanceQuery;
  query(): LanceQuery;
  countRows(): Promise<number>;
  close(): void;
}

export interface LanceConnection {
  createTable(name: string, rows: LanceRows, options?: { mode?: 'create' | 'overwrite' }): Promise<LanceTable>;
  openTable(name: string): Promise<LanceTable>;
  close(): void;
}

export interface LanceModule {
  connect(uri: string): Promise<LanceConnection>;
  Index: {
    ivfPq(options?: Record<string, unknown>): unknown;
    hnswSq(options?: Record<string, unknown>): unknown;
    fts(options?: Record<string, unknown>): unknown;
  };
  MultiMatchQuery: new (query: string, columns: string[], options?: { boosts?: number[] }) => object;
}

/** The part of apache-arrow (LanceDB's peer, installed beside it) used to hand it vectors without copying them into JS arrays. */
interface ArrowModule {
  makeData(props: { type: unknown; length: number; data?: ArrayBufferView; child?: unknown }): unknown;
  makeVector(data: unknown): unknown;
  Table: new (columns: Record<string, unknown>) => object;
  FixedSizeList: new (size: number, child: unknown) => unknown;
  Field: new (name: string, type: unknown, nullable: boolean) => unknown;
  Float32: new () => unknown;
  Int32: new () => unknown;
}

/** An Arrow table (`id` Int32, `vector` FixedSizeList<Float32>) viewing `vectors` (`ids.length` × `dims`). */
export function arrowVectors(nodeModulesDir: string, ids: Int32Array, vectors: Float32Array, dims: number): object {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const arrow = require(join(resolve(nodeModulesDir), 'apache-arrow')) as ArrowModule;
  const length = ids.length;
  const item = arrow.makeData({ type: new arrow.Float32(), length: length * dims, data: vectors });
  const vector = arrow.makeData({ type: new arrow.FixedSizeList(dims, new arrow.Field('item', new arrow.Float32(), true)), length, child: item });
  const id = arrow.makeData({ type: new arrow.Int32(), length, data: ids });
  return new arrow.Table({ id: arrow.makeVector(id), vector: arrow.makeVector(vector) });
}

/** LanceDB from `--lancedb-dir` (the `node_modules` folder it was installed into, see above). */
export function loadLanceDb(nodeModulesDir: string | undefined): LanceModule {
  if (!nodeModulesDir) throw new Error('LanceDB is not a dependency: install it apart (tools/bench/lancedb.ts) and pass --lancedb-dir <its node_modules>');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(resolve(nodeModulesDir), '@lancedb', 'lancedb')) as LanceModule;
}

/** Bytes of a file, or of every file under a folder. */
export function diskBytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + diskBytes(join(path, name)), 0);
}
