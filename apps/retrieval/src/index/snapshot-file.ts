import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

type Typed = Int32Array | Uint32Array | Float32Array | Float64Array | Uint8Array;
const TYPES = { Int32Array, Uint32Array, Float32Array, Float64Array, Uint8Array } as const;
type TypeName = keyof typeof TYPES;

interface SectionEntry {
  name: string;
  type: TypeName | 'json';
  offset: number;
  byteLength: number;
}

const MAGIC = 'ELOQIDX1';
/** Largest piece written or read in one call (node's fs calls are limited to 2 GB). */
const IO_CHUNK = 256 * 2 ** 20;

/**
 * A binary file of named sections (typed arrays and small JSON values), written in one pass
 * and read back section by section into fresh typed arrays: the layout of an index snapshot.
 * Layout: magic, the byte length of the table of contents, the sections (each 8-byte aligned),
 * then the table of contents (JSON) at the end, so sections can be streamed out as produced.
 */
export class SnapshotWriter {
  private readonly fd: number;
  private offset = MAGIC.length + 8;
  private readonly sections: SectionEntry[] = [];

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, Buffer.alloc(this.offset));
  }

  array(name: string, data: Typed): void {
    this.write(name, constructorName(data), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  json(name: string, value: unknown): void {
    this.write(name, 'json', Buffer.from(JSON.stringify(value)));
  }

  /** Writes the table of contents and syncs the file to disk. */
  close(): void {
    const toc = Buffer.from(JSON.stringify(this.sections));
    writeSync(this.fd, toc, 0, toc.length, this.offset);
    const head = Buffer.alloc(MAGIC.length + 8);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(toc.length, MAGIC.length);
    head.writeUInt32LE(0, MAGIC.length + 4);
    writeSync(this.fd, head, 0, head.length, 0);
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  private write(name: string, type: SectionEntry['type'], bytes: Uint8Array): void {
    const padding = (8 - (this.offset % 8)) % 8;
    if (padding) writeSync(this.fd, Buffer.alloc(padding), 0, padding, this.offset);
    this.offset += padding;
    this.sections.push({ name, type, offset: this.offset, byteLength: bytes.byteLength });
    for (let start = 0; start < bytes.byteLength; start += IO_CHUNK) {
      const piece = bytes.subarray(start, Math.min(bytes.byteLength, start + IO_CHUNK));
      writeSync(this.fd, piece, 0, piece.byteLength, this.offset + start);
    }
    this.offset += bytes.byteLength;
  }
}

/** Reads a {@link SnapshotWriter}'s file; sections are read when asked for. */
export class SnapshotReader {
  private readonly fd: number;
  private readonly sections = new Map<string, SectionEntry>();
  private tocEnd = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    const head = Buffer.alloc(MAGIC.length + 8);
    readSync(this.fd, head, 0, head.length, 0);
    if (head.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${path} is not an index snapshot`);
    const tocLength = head.readUInt32LE(MAGIC.length);
    const { size } = fstatSync(this.fd);
    const toc = Buffer.alloc(tocLength);
    readSync(this.fd, toc, 0, tocLength, size - tocLength);
    this.tocEnd = size;
    for (const entry of JSON.parse(toc.toString('utf8')) as SectionEntry[]) this.sections.set(entry.name, entry);
  }

  has(name: string): boolean {
    return this.sections.has(name);
  }

  array<T extends TypeName>(name: string, type: T): InstanceType<(typeof TYPES)[T]> {
    const entry = this.entry(name);
    if (entry.type !== type) throw new Error(`snapshot section ${name} is ${entry.type}, expected ${type}`);
    const Type = TYPES[type];
    const data = new Type(entry.byteLength / Type.BYTES_PER_ELEMENT) as InstanceType<(typeof TYPES)[T]>;
    this.readInto(entry, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return data;
  }

  json<T>(name: string): T {
    const entry = this.entry(name);
    const bytes = Buffer.alloc(entry.byteLength);
    this.readInto(entry, bytes);
    return JSON.parse(bytes.toString('utf8')) as T;
  }

  close(): void {
    closeSync(this.fd);
  }

  private entry(name: string): SectionEntry {
    const entry = this.sections.get(name);
    if (!entry || entry.offset + entry.byteLength > this.tocEnd) throw new Error(`snapshot has no section ${name}`);
    return entry;
  }

  private readInto(entry: SectionEntry, target: Uint8Array): void {
    for (let start = 0; start < entry.byteLength;) {
      const read = readSync(this.fd, target, start, Math.min(IO_CHUNK, entry.byteLength - start), entry.offset + start);
      if (read <= 0) throw new Error(`snapshot section ${entry.name} is truncated`);
      start += read;
    }
  }
}

function constructorName(data: Typed): TypeName {
  const name = data.constructor.name as TypeName;
  if (!(name in TYPES)) throw new Error(`unsupported section type ${name}`);
  return name;
}

/** Strings (that contain no newline: ids, analyzed terms) as one section-friendly byte array, and back. */
export function joinLines(values: string[]): Uint8Array {
  const bytes = Buffer.from(values.join('\n'), 'utf8');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function splitLines(bytes: Uint8Array, count: number): string[] {
  if (count === 0) return [];
  if (bytes.byteLength === 0) return new Array<string>(count).fill('');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n');
}
