import { zipSync, strToU8 } from 'fflate';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { installBeir } from '../beir-archive';

/** `npm run data:scifact` (the built CLI and its module) on a tiny BEIR-shaped zip made here. */
const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/tools/data/main.js');
const run = promisify(execFile);

const DATASET = {
  'scifact/corpus.jsonl': '{"_id":"d1","title":"Coffee","text":"French press coffee."}\n',
  'scifact/queries.jsonl': '{"_id":"q1","text":"french press"}\n',
  'scifact/qrels/train.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\t1\n',
  'scifact/qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\t1\n',
};
const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));

describe('data:scifact', () => {
  let dir: string;
  let zipFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eloquent-data-'));
    zipFile = join(dir, 'scifact.zip');
    writeFileSync(zipFile, zip(DATASET));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectDataset = (out: string) => {
    expect(readFileSync(join(out, 'corpus.jsonl'), 'utf8')).toBe(DATASET['scifact/corpus.jsonl']);
    expect(readFileSync(join(out, 'queries.jsonl'), 'utf8')).toBe(DATASET['scifact/queries.jsonl']);
    expect(readFileSync(join(out, 'qrels/train.tsv'), 'utf8')).toBe(DATASET['scifact/qrels/train.tsv']);
    expect(existsSync(join(out, 'qrels/test.tsv'))).toBe(true);
  };

  it('--from a local zip: unpacks the dataset folder into --out (the CLI)', async () => {
    const out = join(dir, 'from-zip');
    const { stdout } = await run(process.execPath, [CLI, '--from', zipFile, '--out', out]);
    expect(stdout).toContain(`SciFact is in ${out}`);
    expectDataset(out);

    const again = await run(process.execPath, [CLI, '--from', zipFile, '--out', out]);
    expect(again.stdout).toContain('already holds SciFact');
  });

  it('--from an unpacked folder copies it', async () => {
    const unpacked = join(dir, 'unpacked');
    for (const [name, text] of Object.entries(DATASET)) {
      mkdirSync(join(unpacked, name, '..'), { recursive: true });
      writeFileSync(join(unpacked, name), text);
    }
    const out = join(dir, 'from-folder');
    await installBeir({ out, from: unpacked });
    expectDataset(out);
  });

  it('downloads the archive from a URL, with progress', async () => {
    const body = Buffer.from(zip(DATASET));
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-length': body.length }).end(body));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const out = join(dir, 'downloaded');
      const seen: number[] = [];
      await installBeir({ out, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scifact.zip`, onProgress: (done) => seen.push(done) });
      expectDataset(out);
      expect(seen.at(-1)).toBe(body.length);
    } finally {
      server.close();
    }
  });

  it('says to use --from when the download fails, and leaves no half-written folder', async () => {
    const out = join(dir, 'offline');
    await expect(installBeir({ out, url: 'http://127.0.0.1:1/scifact.zip', timeoutMs: 5_000 })).rejects.toThrow(/cannot download .*pass --from <zip or folder>/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('refuses an archive that is not a BEIR dataset, keeping the existing copy', async () => {
    const out = join(dir, 'kept');
    await installBeir({ out, from: zipFile });
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, zip({ 'x/readme.txt': 'hello' }));
    await expect(installBeir({ out, from: bad })).rejects.toThrow(/no corpus\.jsonl/);
    writeFileSync(bad, 'not a zip');
    await expect(installBeir({ out, from: bad })).rejects.toThrow(/not a readable zip/);
    expectDataset(out);
  });

  it('the CLI has --help and rejects unknown flags', async () => {
    const help = await run(process.execPath, [CLI, '--help']);
    expect(help.stdout).toMatch(/usage: npm run data:scifact/);
    expect(help.stdout).toMatch(/--from <zip\|dir>/);
    await expect(run(process.execPath, [CLI, '--form', zipFile])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--form'/) });
  });
});
