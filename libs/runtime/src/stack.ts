import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const SERVICES = ['embedding', 'retrieval', 'chat', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = { gateway: 3000, chat: 3001, retrieval: 3002, embedding: 3003 };

export interface StackOptions {
  /** Repository root holding `dist/`. */
  root: string;
  env: NodeJS.ProcessEnv;
  /** Settings for one service only, over `env` (e.g. chat's DATABASE_URL through a proxy in a test). */
  serviceEnv?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  ports?: Partial<Record<ServiceName, number>>;
  /** How long each service may take to become ready (default 60 s). */
  readyTimeoutMs?: number;
  /** Receives every output line of every service. */
  onLine?: (service: ServiceName, line: string) => void;
  /** Extra node options for every service, before its main module (e.g. `--perf-basic-prof-only-functions` for a profile). */
  nodeArgs?: readonly string[];
}

export interface RunningStack {
  ports: Record<ServiceName, number>;
  processes: Record<ServiceName, ChildProcess>;
  /** SIGTERM to all, then waits for them to exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the four built services as child processes (as in production: one process
 * each) and waits until every `/health/ready` answers 200.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const processes = {} as Record<ServiceName, ChildProcess>;
  for (const service of SERVICES) {
    const child = spawn(process.execPath, ['--enable-source-maps', ...(options.nodeArgs ?? []), join(options.root, 'dist/apps', service, 'src/main.js')], {
      cwd: options.root,
      env: { ...options.env, ...options.serviceEnv?.[service], PORT: String(ports[service]) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      let buffered = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (buffered + chunk).split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) options.onLine?.(service, line);
      });
    }
    processes[service] = child;
  }
  const stack: RunningStack = { ports, processes, stop: (graceMs = 15_000) => stopAll(processes, graceMs) };
  try {
    await Promise.all(SERVICES.map((s) => waitReady(s, ports[s], processes[s], options.readyTimeoutMs)));
  } catch (error) {
    await stack.stop(2_000);
    throw error;
  }
  return stack;
}

async function waitReady(service: ServiceName, port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service} exited with code ${child.exitCode} during start-up`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service} was not ready within ${timeoutMs} ms`);
}

async function stopAll(processes: Record<ServiceName, ChildProcess>, graceMs: number): Promise<void> {
  await Promise.all(Object.values(processes).map((child) => stopProcess(child, graceMs)));
}

/** SIGTERM (the service drains), then SIGKILL if it is still running after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
