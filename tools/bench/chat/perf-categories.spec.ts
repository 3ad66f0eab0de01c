import { parsePerfScript, perfCategoryOf, summarisePerf, type PerfFrame } from './perf-categories';

const frames = (...lines: string[]): PerfFrame[] =>
  lines.map((line) => {
    const [ip, ...symbol] = line.split(' ');
    return { ip, symbol: symbol.join(' ') };
  });

// As `perf script -F pid,tid,time,ip,sym` prints two samples of `perf record -g` (abridged).
const SCRIPT = [
  ' 3846/3846   2249.317640: ',
  '\tffffffff821f39e5 irqentry_exit_to_user_mode',
  '\t         151d62b Builtins_StoreIC',
  '\t    7ff97aa0a584 JS:*readLoop /repo/dist/libs/bus/src/redis-streams.server.js:66:19',
  '\t    7ff97a9ed2e2 JS:*processTicksAndRejections node:internal/process/task_queues:67:35',
  '',
  ' 3847/3851   2249.3179: ',
  '\t          c4993d v8::internal::compiler::GraphReducer::ReduceTop',
  '',
].join('\n');

describe('parsePerfScript', () => {
  it('reads each sample’s process, time in µs and frames, innermost first', () => {
    const samples = parsePerfScript(SCRIPT);
    expect(samples).toHaveLength(2);
    expect(samples[0]).toMatchObject({ pid: 3846, timeUs: 2_249_317_640 });
    expect(samples[0].frames.map((f) => f.symbol)).toEqual([
      'irqentry_exit_to_user_mode',
      'Builtins_StoreIC',
      'JS:*readLoop /repo/dist/libs/bus/src/redis-streams.server.js:66:19',
      'JS:*processTicksAndRejections node:internal/process/task_queues:67:35',
    ]);
    // A worker thread's sample belongs to its process; fewer than six digits are still µs.
    expect(samples[1]).toMatchObject({ pid: 3847, timeUs: 2_249_317_900 });
  });
});

describe('perfCategoryOf', () => {
  it('charges a kernel frame on top to the kernel, whatever called it', () => {
    expect(perfCategoryOf(frames('ffffffff821f39e5 tcp_sendmsg', '7ff97aa0a584 JS:*writeGeneric node:internal/stream_base_commons:148:22'))).toBe(
      'kernel (system calls, network, scheduling)',
    );
  });

  it('charges builtins and node internals to the first JavaScript frame out that names a kind of work', () => {
    expect(
      perfCategoryOf(
        frames(
          '151d62b Builtins_KeyedLoadIC_Megamorphic',
          '7ff1 JS:*clearBuffer node:internal/streams/writable:744:21',
          '7ff2 JS:*sendCommand /repo/node_modules/ioredis/built/Redis.js:338:16',
        ),
      ),
    ).toBe('Redis client (ioredis)');
    expect(perfCategoryOf(frames('7ff3 JS:^onReply /repo/dist/libs/bus/src/bus.client.js:132:12'))).toBe('bus (libs/bus)');
    expect(perfCategoryOf(frames('7ff4 JS:~ /repo/dist/apps/chat/src/relevance/query-relevance.js:10:2'))).toBe('chat (other own code)');
  });

  it('names V8’s compilers and garbage collector on any thread, and native code no JavaScript called', () => {
    expect(perfCategoryOf(frames('c4993d v8::internal::compiler::GraphReducer::ReduceTop'))).toBe('V8 compiler (JIT, parsing)');
    expect(perfCategoryOf(frames('61b Builtins_CompileLazy', '7ff5 JS:*run /repo/dist/apps/chat/src/answers/answer.service.js:1:1'))).toBe(
      'V8 compiler (JIT, parsing)',
    );
    expect(perfCategoryOf(frames('b1 v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>'))).toBe('GC');
    expect(perfCategoryOf(frames('ffffffff81000e46 clear_page_erms', 'b2 v8::internal::Heap::CollectGarbage'))).toBe('GC');
    expect(perfCategoryOf(frames('14c05fb uv__io_poll', '14b0000 uv_run'))).toBe('native (libuv, node, V8 runtime)');
    expect(perfCategoryOf(frames('7ff6 JS:*processTicksAndRejections node:internal/process/task_queues:67:35'))).toBe('node internals (net, streams, timers)');
  });
});

describe('summarisePerf', () => {
  it('adds each sample’s CPU time to its service and kind, inside the windows only', () => {
    const samples = parsePerfScript(SCRIPT);
    const services = new Map([
      [3846, 'retrieval'],
      [3847, 'chat'],
    ]);
    expect(summarisePerf(samples, services, 0.25)).toEqual(
      new Map([
        ['retrieval', new Map([['kernel (system calls, network, scheduling)', 0.25]])],
        ['chat', new Map([['V8 compiler (JIT, parsing)', 0.25]])],
      ]),
    );
    expect(summarisePerf(samples, services, 0.25, [{ startUs: 2_249_317_800, endUs: 2_249_318_000, answers: 1 }])).toEqual(
      new Map([['chat', new Map([['V8 compiler (JIT, parsing)', 0.25]])]]),
    );
  });
});
