import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** CPU time per sample: perf's `cpu-clock` event counts nanoseconds of CPU, one sample every this many. */
export const PERF_SAMPLE_NS = 250_000;

/**
 * The node option that has each service write its JIT code's names to `/tmp/perf-<pid>.map`,
 * where `perf script` looks them up (node's docs, "--perf-basic-prof-only-functions").
 */
export const PERF_NODE_ARGS = ['--perf-basic-prof-only-functions'] as const;

/** What perf-report.ts needs beside the recording: which process is which service, and the CPU time of a sample. */
export interface PerfRecordingInfo {
  services: Record<string, number>;
  sampleMs: number;
}

/** Fails fast, naming the missing tool, instead of after the stack's start-up. */
export function assertPerfAvailable(): void {
  const probe = spawnSync('perf', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('--perf needs Linux perf on the PATH (Debian: apt-get install linux-perf)');
}

/** How long perf is given to attach to every thread before the measured runs start (it does not say when it has). */
const ATTACH_MS = 1_000;

/**
 * `perf record` of the services' processes (all their threads), sampling on CPU time with
 * call stacks, on CLOCK_MONOTONIC (the clock of the bench's windows). Stop it to finish the file.
 */
export async function startPerfRecording(dir: string, mode: string, services: Record<string, number>): Promise<{ stop(): Promise<void> }> {
  const info: PerfRecordingInfo = { services, sampleMs: PERF_SAMPLE_NS / 1e6 };
  writeFileSync(join(dir, `perf-${mode}.json`), JSON.stringify(info));
  const args = ['record', '-e', 'cpu-clock', '-c', String(PERF_SAMPLE_NS), '-g', '-k', 'CLOCK_MONOTONIC', '-q'];
  const child: ChildProcess = spawn('perf', [...args, '-p', Object.values(services).join(','), '-o', join(dir, `perf-${mode}.data`)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, ATTACH_MS));
  if (child.exitCode !== null) throw new Error(`perf record exited with code ${child.exitCode} (see its message above)`);
  return {
    // SIGINT: perf writes out its buffers and the file's header, then exits.
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}
