import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RetrievalConfig } from '../config';
import { AdaptiveVectorIndex } from '../index/adaptive-vector-index';
import { HnswVectorIndex } from '../index/hnsw-vector-index';
import { IndexRegistry } from '../local-index/index-registry';
import { NamespaceIndex } from '../local-index/namespace-index';
import type { Space } from '../vector-space/vector-space.service';
import { joinLines, SnapshotReader, SnapshotWriter, splitLines } from '../index/snapshot-file';

const FORMAT = 1;
const DIR_PREFIX = 'snapshot-';

interface SnapshotMeta {
  format: number;
  version: number;
  space?: Space;
  holdsVectors: boolean;
  namespaces: string[];
  /** Per namespace: where its vectors are (a usearch graph file, an exact index's sections, or none). */
  vectors: Array<'graph' | 'exact' | 'none'>;
  writtenAt: string;
}

export interface LoadedSnapshot {
  version: number;
  space?: Space;
  namespaces: Map<string, NamespaceIndex>;
  path: string;
}

/**
 * Index snapshots in INDEX_SNAPSHOT_DIR: a replica writes its whole index (BM25, chunk ids,
 * metadata, vectors with their HNSW graphs) with the change seq it reflects, into a folder
 * `snapshot-<seq>` (written under a temporary name and renamed, so a reader never sees half
 * of one); a new replica loads the newest and catches up from its seq instead of rebuilding
 * from every row. A snapshot made with other ranking or index settings is refused, and the
 * replica rebuilds. Several replicas may share the folder.
 */
@Injectable()
export class IndexSnapshots {
  private readonly logger = new Logger(IndexSnapshots.name);

  constructor(
    private readonly registry: IndexRegistry,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  get enabled(): boolean {
    return !!this.config.INDEX_SNAPSHOT_DIR;
  }

  /** The newest complete snapshot's seq, or 0. */
  newestVersion(): number {
    return this.list()[0]?.version ?? 0;
  }

  /** Writes the registry's current index; resolves with the snapshot's folder. */
  async write(): Promise<string> {
    const dir = this.config.INDEX_SNAPSHOT_DIR!;
    // A graph still being built is written once built, so the snapshot holds the graph.
    for (const [, index] of this.registry.entries()) if (index.vectors instanceof AdaptiveVectorIndex) await index.vectors.settled();
    const version = this.registry.version;
    mkdirSync(dir, { recursive: true });
    const target = join(dir, `${DIR_PREFIX}${version}`);
    const temporary = `${target}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(temporary);
    try {
      const writer = new SnapshotWriter(join(temporary, 'index.bin'));
      const namespaces = [...this.registry.entries()];
      const vectors: SnapshotMeta['vectors'] = [];
      namespaces.forEach(([, index], i) => {
        index.writeTo(writer, `ns${i}`);
        vectors.push(this.writeVectors(index, writer, temporary, i));
      });
      const meta: SnapshotMeta = {
        format: FORMAT,
        version,
        ...(this.registry.space ? { space: this.registry.space } : {}),
        holdsVectors: this.registry.holdsVectors,
        namespaces: namespaces.map(([name]) => name),
        vectors,
        writtenAt: new Date().toISOString(),
      };
      writer.json('meta', meta);
      writer.json('settings', this.settings());
      writer.close();
      rmSync(target, { recursive: true, force: true });
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      throw error;
    }
    this.prune(target);
    return target;
  }

  /** The newest snapshot made with this replica's settings, or undefined (then the replica rebuilds). */
  load(): LoadedSnapshot | undefined {
    for (const { path } of this.list()) {
      try {
        return this.read(path);
      } catch (error) {
        this.logger.warn({ err: error }, `index snapshot ${path} not usable; trying an older one or rebuilding`);
      }
    }
    return undefined;
  }

  private read(path: string): LoadedSnapshot {
    const reader = new SnapshotReader(join(path, 'index.bin'));
    try {
      const meta = reader.json<SnapshotMeta>('meta');
      if (meta.format !== FORMAT) throw new Error(`format ${meta.format}, expected ${FORMAT}`);
      if (meta.holdsVectors !== this.registry.holdsVectors) throw new Error('made with another vector backend');
      if (JSON.stringify(reader.json('settings')) !== JSON.stringify(this.settings())) throw new Error('made with other index settings');
      const namespaces = new Map<string, NamespaceIndex>();
      meta.namespaces.forEach((name, i) => {
        const index = NamespaceIndex.readFrom(reader, `ns${i}`, this.registry.bm25Options);
        if (meta.space && this.registry.holdsVectors) index.vectors = this.readVectors(reader, path, i, meta.vectors[i], meta.space.dims);
        namespaces.set(name, index);
      });
      return { version: meta.version, ...(meta.space ? { space: meta.space } : {}), namespaces, path };
    } finally {
      reader.close();
    }
  }

  private writeVectors(index: NamespaceIndex, writer: SnapshotWriter, dir: string, i: number): SnapshotMeta['vectors'][number] {
    const vectors = index.vectors;
    if (!(vectors instanceof AdaptiveVectorIndex)) return 'none';
    if (vectors.graph) {
      vectors.graph.saveTo(join(dir, `vectors-${i}.usearch`));
      const labels = vectors.graph.labels();
      writer.json(`ns${i}.vectorLabelCount`, labels.length);
      writer.array(`ns${i}.vectorLabels`, joinLines(labels));
      return 'graph';
    }
    const exact = vectors.exactIndex!;
    const ids = [...exact.ids()];
    const data = new Float32Array(ids.length * exact.dims);
    ids.forEach((id, k) => data.set(exact.get(id)!, k * exact.dims));
    writer.json(`ns${i}.exactIds`, ids);
    writer.array(`ns${i}.exactVectors`, data);
    return 'exact';
  }

  private readVectors(reader: SnapshotReader, dir: string, i: number, kind: SnapshotMeta['vectors'][number], dims: number): AdaptiveVectorIndex {
    const options = this.registry.adaptiveOptions;
    if (kind === 'graph') {
      const labels = splitLines(reader.array(`ns${i}.vectorLabels`, 'Uint8Array'), reader.json<number>(`ns${i}.vectorLabelCount`));
      return AdaptiveVectorIndex.fromGraph(HnswVectorIndex.load(dims, options.hnsw, join(dir, `vectors-${i}.usearch`), labels), options);
    }
    const index = new AdaptiveVectorIndex(dims, options);
    if (kind === 'exact') {
      const ids = reader.json<string[]>(`ns${i}.exactIds`);
      const data = reader.array(`ns${i}.exactVectors`, 'Float32Array');
      ids.forEach((id, k) => index.add(id, data.subarray(k * dims, (k + 1) * dims)));
    }
    return index;
  }

  /** What a snapshot's contents depend on besides the change log. */
  private settings(): Record<string, unknown> {
    const c = this.config;
    return { bm25: this.registry.bm25Options, hnsw: this.registry.hnswOptions, hnswThreshold: c.VECTOR_HNSW_THRESHOLD };
  }

  private list(): Array<{ version: number; path: string }> {
    const dir = this.config.INDEX_SNAPSHOT_DIR;
    if (!dir) return [];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .map((name) => ({ name, match: /^snapshot-(\d+)$/.exec(name) }))
      .filter(({ name, match }) => match && statSync(join(dir, name)).isDirectory())
      .map(({ name, match }) => ({ version: Number(match![1]), path: join(dir, name) }))
      .sort((a, b) => b.version - a.version);
  }

  /** Keeps the newest two snapshots (the one just written and its predecessor). */
  private prune(keep: string): void {
    for (const { path } of this.list().slice(2)) if (path !== keep) rmSync(path, { recursive: true, force: true });
  }
}
