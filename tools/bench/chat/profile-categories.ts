/** A V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it). */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of a profile to count, on its clock (µs, CLOCK_MONOTONIC). */
export interface Window {
  startUs: number;
  endUs: number;
  answers: number;
}

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** Packages and folders → the kind of work they are (docs/performance.md's breakdown). */
const BY_PATH: Array<[RegExp, string]> = [
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//, 'Postgres driver (pg)'],
  [/node_modules\/typeorm\//, 'TypeORM'],
  [/node_modules\/(ioredis|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback)\//, 'Redis client (ioredis)'],
  [/node_modules\/(socket\.io|socket\.io-parser|socket\.io-adapter|engine\.io|engine\.io-parser|@socket\.io\/[^/]+|ws)\//, 'socket.io / ws'],
  [/node_modules\/zod\//, 'zod'],
  [
    /node_modules\/(pino|pino-std-serializers|sonic-boom|nestjs-pino|pino-http|thread-stream|fast-redact|on-exit-leak-free|quick-format-unescaped|safe-stable-stringify)\//,
    'logging (pino)',
  ],
  [/node_modules\/prom-client\//, 'metrics (prom-client)'],
  [/node_modules\/(@nestjs\/[^/]+|rxjs|reflect-metadata)\//, 'NestJS / rxjs'],
  [/node_modules\/@anthropic-ai\//, 'Anthropic SDK'],
  [/node_modules\/(bullmq)\//, 'BullMQ'],
  [/node_modules\/(express|body-parser|router|finalhandler|cookie|cookie-parser|helmet)\//, 'HTTP (express)'],
  [/libs\/bus\//, 'bus (libs/bus)'],
  [/libs\/observability\//, 'observability (libs/observability)'],
  [/libs\/contracts\//, 'contracts (libs/contracts)'],
  [/libs\/text\//, 'text analysis (libs/text)'],
  [/apps\/gateway\/src\/answers\//, 'gateway answer relay'],
  [/apps\/gateway\//, 'gateway (other own code)'],
  [/apps\/chat\/src\/answers\/answer-stream/, 'chat answer stream writer'],
  [/apps\/chat\/src\/(generation|citations)\//, 'chat generation'],
  [/apps\/chat\//, 'chat (other own code)'],
  [/apps\/retrieval\//, 'retrieval (search, index)'],
  [/apps\/embedding\//, 'embedding'],
  [/libs\//, 'other libs'],
  [/node_modules\/([^/]+)\//, 'other packages'],
];

/**
 * The kind of work of a frame, or undefined for a frame that only runs what called it
 * (builtins, node internals): the sample goes to the first caller with a kind.
 */
export function categoryOf(frame: Frame): string | undefined {
  const { functionName, url } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8/native (program)';
  if (!url && (functionName === 'stringify' || functionName === 'parse')) return 'JSON';
  for (const [pattern, category] of BY_PATH) if (pattern.test(url)) return category;
  return undefined;
}

/**
 * Self time by kind of work, in ms: each sample is charged to the first frame up its stack
 * that has a kind; samples with none (node's own net/stream/timer code alone) are
 * `node internals (net, streams, timers)`.
 */
export function summarise(profile: CpuProfile, classify: (frame: Frame) => string | undefined, windows?: Window[]): Map<string, number> {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryCache = new Map<number, string>();
  const categoryOfNode = (id: number): string => {
    const cached = categoryCache.get(id);
    if (cached) return cached;
    let category: string | undefined;
    for (let at: number | undefined = id; at !== undefined && category === undefined; at = parent.get(at)) category = classify(byId.get(at)!.callFrame);
    category ??= 'node internals (net, streams, timers)';
    categoryCache.set(id, category);
    return category;
  };
  const counted = (time: number) => !windows || windows.some((w) => time >= w.startUs && time <= w.endUs);
  const totals = new Map<string, number>();
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    // A sample's duration is the gap to the next one.
    const durationUs = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    if (!counted(time)) continue;
    const category = categoryOfNode(profile.samples[i]);
    totals.set(category, (totals.get(category) ?? 0) + durationUs / 1000);
  }
  return totals;
}
