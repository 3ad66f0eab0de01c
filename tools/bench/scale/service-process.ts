import { stopProcess } from '@eloquent/runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, REPO_ROOT, waitFor } from '@eloquent/testing';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Log lines whose message matches, parsed. */
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A built service (`dist/`) as a child process with `env`, resolved once `/health/ready` answers 200 (or `readyTimeoutMs` passes). */
export async function startServiceProcess(service: 'retrieval' | 'embedding', env: NodeJS.ProcessEnv, readyTimeoutMs = 30 * 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', join(REPO_ROOT, 'dist/apps', service, 'src/main.js')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          if (line.trim()) logs.push({ msg: line });
        }
      }
    });
  }
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child, 15_000);
  try {
    await waitFor(
      `${service} to be ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${service} exited with code ${child.exitCode}: ${JSON.stringify(logs.slice(-5))}`);
        return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) })).ok;
      },
      readyTimeoutMs,
      100,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, logs, stop };
}

/** The retrieval service's /health/ready index details. */
export async function indexDetails(url: string): Promise<{ documents?: number; chunks?: number; vectorIndex?: string }> {
  const report = (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json())) as {
    details?: { index?: { documents?: number; chunks?: number; vectorIndex?: string } };
  };
  return report.details?.index ?? {};
}
