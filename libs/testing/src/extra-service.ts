import { stopProcess, type ServiceName } from '@eloquent/runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';
import { REPO_ROOT, type TestStack } from './test-stack';
import { waitFor } from './wait-for';

export interface ExtraService {
  url: string;
  port: number;
  process: ChildProcess;
  /** Every JSON log line it printed, parsed. */
  logs: Array<Record<string, unknown>>;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A built service (`dist/`) as a child process with exactly `env` (plus its own port),
 * resolved once `/health/ready` answers 200. `readyTimeoutMs` guards against hangs; it is not
 * a performance bound (busy machines load modules slowly, a large index takes minutes).
 */
export async function startServiceProcess(service: ServiceName, env: NodeJS.ProcessEnv, readyTimeoutMs = 180_000): Promise<ExtraService> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', join(REPO_ROOT, 'dist/apps', service, 'src/main.js')], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
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
  const stop = (graceMs = 10_000) => stopProcess(child, graceMs);
  const url = `http://127.0.0.1:${port}`;
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
    await stop(2_000);
    throw error;
  }
  return { url, port, process: child, logs, stop };
}

/**
 * One more replica of a built service on a running test stack: same database, Redis
 * prefix and settings (plus `env`), its own port. For tests that need several replicas —
 * a reconnect served by another gateway, a stop that reaches the chat replica writing
 * the answer. Stop it before the stack.
 */
export function startExtraService(testStack: TestStack, service: ServiceName, env: NodeJS.ProcessEnv = {}): Promise<ExtraService> {
  return startServiceProcess(service, { ...testStack.env, ...env });
}

/** Another gateway on the same stack (a socket.io reconnect may land on any replica). */
export function startExtraGateway(testStack: TestStack, env: NodeJS.ProcessEnv = {}): Promise<ExtraService> {
  return startExtraService(testStack, 'gateway', env);
}
