import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (CLK_TCK; 100 on Linux almost everywhere). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat (Linux).
 * Counted per process, so it is the same on a busy machine as on a quiet one: the bench's
 * figure to compare while other work shares the cores (docs/performance.md).
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3 (state) on.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** CPU ms each named process used between `start()` and the returned function's call. */
export function cpuMeter(pids: Record<string, number>): () => Record<string, number> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)]));
  return () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, Math.round(processCpuMs(pid) - before[name])]));
}

/**
 * CPU ms per second of each process over an idle span of `seconds` (`--idle-s`): what a
 * stack with no traffic spends on timers and pollers, which a level's answers are charged
 * with too (docs/performance.md). Rounded to 0.1 ms/s.
 */
export function perSecond(cpuMs: Record<string, number>, seconds: number): Record<string, number> {
  if (!(seconds > 0)) throw new Error('the idle span must be longer than 0 s');
  return Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [name, Math.round((ms / seconds) * 10) / 10]));
}
