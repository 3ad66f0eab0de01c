import { categoryOf, type Window } from './profile-categories';

/**
 * One sample of `perf record -g` as `perf script -F pid,tid,time,ip,sym` prints it: the
 * process, when (µs on the recording's clock: `-k CLOCK_MONOTONIC`, the bench's windows'
 * clock) and the call stack, innermost frame first. Each sample is a fixed slice of CPU time
 * that the thread really ran (the `cpu-clock` event), so unlike the V8 profiler's wall-clock
 * samples, time spent preempted or waiting for a core is never in it (docs/performance.md §3).
 */
export interface PerfSample {
  pid: number;
  timeUs: number;
  frames: PerfFrame[];
}

export interface PerfFrame {
  /** The instruction address, hex as perf prints it. */
  ip: string;
  /** The symbol: a kernel or native function, or `JS:*name url:line:column` from node's perf map. */
  symbol: string;
}

const SAMPLE_HEADER = /^\s*(\d+)\/\d+\s+(\d+)\.(\d+):/;
const FRAME = /^\s+([0-9a-f]+)\s+(.*)$/;

/** `perf script -F pid,tid,time,ip,sym` output → samples (frames in perf's order: innermost first). */
export function parsePerfScript(text: string): PerfSample[] {
  const samples: PerfSample[] = [];
  let current: PerfSample | undefined;
  for (const line of text.split('\n')) {
    const header = SAMPLE_HEADER.exec(line);
    if (header) {
      const micros = header[3].padEnd(6, '0').slice(0, 6);
      current = { pid: Number(header[1]), timeUs: Number(header[2]) * 1_000_000 + Number(micros), frames: [] };
      samples.push(current);
      continue;
    }
    const frame = FRAME.exec(line);
    if (frame && current) current.frames.push({ ip: frame[1], symbol: frame[2].trim() });
  }
  return samples;
}

/** A JavaScript frame of node's perf map (`--perf-basic-prof`): `JS:*name url:line:column` (`*` optimised, `^` baseline, `~` interpreted). */
const JS_FRAME = /^(?:JS|LazyCompile|Function):[*~^+]?(.*?)\s*(\S*?)(?::\d+)*$/;
/** V8 compiling (the optimising compilers on its worker threads, lazy compilation and parsing on the main one). */
const COMPILER =
  /^(v8::internal::(compiler|maglev|baseline|interpreter)::|v8::internal::(Compiler|OptimizingCompileDispatcher|BackgroundCompileTask|Parser|PreParser)\b|Builtins_CompileLazy)/;
/** V8's garbage collector, on the main thread or its helpers. */
const GC = /^v8::internal::([A-Za-z]*(Scaveng|Mark|Sweep|Evacuat|Compactor|GCTracer)|Heap::)/;
/** Kernel addresses (x86-64: the upper half, printed as 16 hex digits from ffff…). */
const KERNEL_IP = /^ffff[0-9a-f]{12}$/;

/**
 * The kind of work of one sample, as `categoryOf` names it for V8 profiles, plus what only
 * an on-CPU profile sees: the kernel (system calls, the network stack, scheduling, page
 * faults), V8's compilers and its garbage collector on every thread, and native code that no
 * JavaScript called (libuv's event loop). JavaScript work goes to the first frame from the
 * innermost outwards that names a kind (so builtins, JSON and node's own streams go to the
 * library that called them), as in profile-categories.ts.
 */
export function perfCategoryOf(frames: readonly PerfFrame[]): string {
  if (frames.some((f) => COMPILER.test(f.symbol))) return 'V8 compiler (JIT, parsing)';
  if (frames.some((f) => GC.test(f.symbol))) return 'GC';
  if (frames.length > 0 && KERNEL_IP.test(frames[0].ip)) return 'kernel (system calls, network, scheduling)';
  let sawJavaScript = false;
  for (const { symbol } of frames) {
    const js = JS_FRAME.exec(symbol);
    if (!js) continue;
    sawJavaScript = true;
    const category = categoryOf({ functionName: js[1], url: js[2] });
    if (category) return category;
  }
  return sawJavaScript ? 'node internals (net, streams, timers)' : 'native (libuv, node, V8 runtime)';
}

/** CPU ms by service and kind of work, over the windows (all samples without), at `sampleMs` of CPU per sample. */
export function summarisePerf(
  samples: readonly PerfSample[],
  services: ReadonlyMap<number, string>,
  sampleMs: number,
  windows?: readonly Window[],
): Map<string, Map<string, number>> {
  const byService = new Map<string, Map<string, number>>();
  for (const sample of samples) {
    if (windows && !windows.some((w) => sample.timeUs >= w.startUs && sample.timeUs <= w.endUs)) continue;
    const service = services.get(sample.pid) ?? `pid ${sample.pid}`;
    let totals = byService.get(service);
    if (!totals) byService.set(service, (totals = new Map()));
    const category = perfCategoryOf(sample.frames);
    totals.set(category, (totals.get(category) ?? 0) + sampleMs);
  }
  return byService;
}
