import { checkTargets, formatTarget, type LevelRun } from './targets';

const run = (overrides: Partial<LevelRun>): LevelRun => ({
  mode: 'keyless',
  concurrentChats: 200,
  firstTokenMs: { p95: 200 },
  cpuMsPerAnswer: 2.5,
  errors: 0,
  ...overrides,
});

describe('checkTargets', () => {
  it('passes the keyless first-token target only when every run meets it', () => {
    const lines = checkTargets([run({}), run({ firstTokenMs: { p95: 260 } }), run({})]);
    const line = lines.find((l) => l.target.startsWith('keyless first token p95 ≤ 250 ms'))!;
    expect(line).toMatchObject({ pass: false, figures: [200, 260, 200] });
    expect(formatTarget(line)).toMatch(/^FAIL {2}keyless first token/);
  });

  it('uses the 100 ms limit at 50 chats and none at other levels', () => {
    expect(checkTargets([run({ concurrentChats: 50, firstTokenMs: { p95: 90 } })]).find((l) => l.target.includes('≤ 100 ms'))?.pass).toBe(true);
    expect(checkTargets([run({ concurrentChats: 500 })]).some((l) => l.target.includes('first token p95 ≤'))).toBe(false);
  });

  it('compares first token p95 with the bare relay’s median at 200 chats', () => {
    const lines = checkTargets([run({ firstTokenMs: { p95: 150 } })], [run({ firstTokenMs: { p95: 50 } }), run({ firstTokenMs: { p95: 100 } })]);
    expect(lines.find((l) => l.target.includes('bare relay'))).toMatchObject({ pass: true, figures: [2] });
  });

  it('checks Claude tokens/s at 500 chats and CPU per keyless answer', () => {
    const claude = checkTargets([run({ mode: 'claude', concurrentChats: 500, tokensPerSecondPerAnswer: { p50: 44 } })]);
    expect(claude.find((l) => l.target.includes('tokens/s'))?.pass).toBe(false);
    expect(claude.some((l) => l.target.includes('CPU per keyless'))).toBe(false);
    expect(checkTargets([run({ cpuMsPerAnswer: 3.2 })]).find((l) => l.target.includes('CPU per keyless'))?.pass).toBe(false);
  });

  it('fails a level with dropped or failed answers', () => {
    expect(checkTargets([run({ errors: 1 })]).find((l) => l.target.includes('no answer dropped'))?.pass).toBe(false);
  });
});
