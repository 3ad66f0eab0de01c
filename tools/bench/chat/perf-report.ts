/**
 * `node dist/tools/bench/chat/perf-report.js <dir> [--mode keyless]`: where the services' CPU
 * time went during the measured runs of `npm run bench:chat -- --perf <dir>`, from Linux
 * perf's on-CPU samples (docs/performance.md §3): by service and kind of work — the kinds of
 * profile-report.ts plus the kernel, V8's compilers and its garbage collector on every
 * thread — in ms per answer. Runs `perf script` on the recording; the JIT code's names come
 * from the `/tmp/perf-<pid>.map` files the services wrote, so run it on the machine that
 * recorded, before those processes' pids are reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '@eloquent/cli';
import { breakdownLines, sumBreakdowns, type Breakdown } from './breakdown';
import { parsePerfScript, summarisePerf } from './perf-categories';
import type { PerfRecordingInfo } from './perf-recording';
import type { Window } from './profile-categories';

const parsed = cli({
  usage: 'node dist/tools/bench/chat/perf-report.js <dir> [options]',
  description: 'Where the CPU time of the services went, from the perf recording of bench:chat --perf.',
  positionals: '<dir>',
  options: {
    mode: { type: 'string', description: 'the mode whose recording and measured windows to read', default: 'keyless', hint: 'mode' },
  },
});

function main(): void {
  const dir = parsed.positionals[0];
  if (!dir) throw new Error('the folder given to bench:chat --perf is required');
  const mode = parsed.values['mode'];
  const data = join(dir, `perf-${mode}.data`);
  if (!existsSync(data)) throw new Error(`${data} not found: run npm run bench:chat -- --mode ${mode} --perf ${dir} first`);
  const info = JSON.parse(readFileSync(join(dir, `perf-${mode}.json`), 'utf8')) as PerfRecordingInfo;
  const windows = JSON.parse(readFileSync(join(dir, `windows-${mode}.json`), 'utf8')) as Window[];
  const answers = windows.reduce((sum, w) => sum + w.answers, 0);
  const script = spawnSync('perf', ['script', '-i', data, '-F', 'pid,tid,time,ip,sym'], { encoding: 'utf8', maxBuffer: 2 ** 31 - 1 });
  if (script.status !== 0) throw new Error(`perf script failed: ${script.stderr}`);
  const services = new Map(Object.entries(info.services).map(([service, pid]) => [pid, service]));
  const byService = summarisePerf(parsePerfScript(script.stdout), services, info.sampleMs, windows);
  console.log(`${windows.length} measured window(s), ${answers} answers; on-CPU samples of ${info.sampleMs} ms`);
  for (const [service, breakdown] of byService) print(service, breakdown, answers);
  print('all services', sumBreakdowns(byService.values()), answers);
}

function print(title: string, breakdown: Breakdown, answers: number): void {
  const busy = [...breakdown.values()].reduce((sum, ms) => sum + ms, 0);
  console.log(`\n${title}: ${Math.round(busy)} ms on CPU, ${(busy / answers).toFixed(3)} ms per answer`);
  for (const line of breakdownLines(breakdown, answers)) console.log(line);
}

main();
