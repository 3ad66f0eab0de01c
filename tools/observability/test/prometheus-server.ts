import { stopProcess, SERVICES } from '@eloquent/runtime';
import { freePort, waitFor, type TestStack } from '@eloquent/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { findBinary } from '../promql';

export interface ActiveAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
  value: string;
}

export interface PrometheusServer {
  url: string;
  alerts(): Promise<ActiveAlert[]>;
  /** Output lines (for a failure message). */
  output: string[];
  stop(): Promise<void>;
}

/**
 * A real Prometheus (the `prometheus` binary on PATH) scraping a test stack every second
 * with the repository's rules file, evaluated every second: the same jobs as
 * observability/prometheus/prometheus.yml, pointed at the test stack's ports.
 */
export async function startPrometheus(stack: TestStack, rulesFile: string): Promise<PrometheusServer> {
  const binary = findBinary('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'eloquent-prometheus-'));
  const port = await freePort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    rule_files: [rulesFile],
    scrape_configs: SERVICES.map((service) => ({
      job_name: `eloquent-${service}`,
      static_configs: [{ targets: [`127.0.0.1:${stack.stack.ports[service]}`] }],
    })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), dump(config));
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    stream.setEncoding('utf8').on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child, 5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'Prometheus to be ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}: ${output.join('\n')}`);
        return (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.ok === true;
      },
      30_000,
      200,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    output,
    stop,
    alerts: async () => {
      const response = await fetch(`${url}/api/v1/alerts`, { signal: AbortSignal.timeout(5_000) });
      return ((await response.json()) as { data: { alerts: ActiveAlert[] } }).data.alerts;
    },
  };
}
