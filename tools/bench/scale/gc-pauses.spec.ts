import { gcPausesBetween, parseGcPauses } from './gc-pauses';

const metrics = (minor: [number, number], major: [number, number]) => `# HELP eloquent_nodejs_gc_duration_seconds Garbage collection duration by kind
eloquent_nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 3
eloquent_nodejs_gc_duration_seconds_sum{service="retrieval",kind="minor"} ${minor[1]}
eloquent_nodejs_gc_duration_seconds_count{kind="minor"} ${minor[0]}
eloquent_nodejs_gc_duration_seconds_sum{kind="major"} ${major[1]}
eloquent_nodejs_gc_duration_seconds_count{kind="major",service="retrieval"} ${major[0]}
`;

describe('GC pauses from /metrics', () => {
  it('reads the count and total time per kind, and the difference between two readings', () => {
    const before = parseGcPauses(metrics([10, 0.01], [1, 0.05]));
    expect(before).toEqual({ minor: { count: 10, ms: 10 }, major: { count: 1, ms: 50 } });
    expect(gcPausesBetween(before, parseGcPauses(metrics([25, 0.0255], [2, 0.0801])))).toEqual({
      minor: { count: 15, ms: 15.5 },
      major: { count: 1, ms: 30.1 },
    });
  });
});
