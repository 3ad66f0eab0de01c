import { CliExit, helpText, integerOption, parseCli, type CliSpec } from './args';
import { progress } from './progress';

const spec = {
  usage: 'npm run probe -- [options] <words…>',
  description: 'A probe.',
  positionals: '<words…>',
  options: {
    data: { type: 'string', description: 'a folder', default: 'data/x', hint: 'dir' },
    split: { type: 'string', description: 'a split' },
    start: { type: 'boolean', description: 'start a stack' },
  },
} satisfies CliSpec<Record<string, { type: 'string' | 'boolean'; description: string; default?: string; hint?: string }>>;

const exitOf = (argv: string[]): CliExit => {
  try {
    parseCli(spec, argv);
  } catch (error) {
    if (error instanceof CliExit) return error;
    throw error;
  }
  throw new Error('no exit');
};

describe('parseCli', () => {
  it('parses options with defaults and positionals', () => {
    expect(parseCli(spec, ['--split', 'train', 'how', 'do', 'I'])).toEqual({
      values: { data: 'data/x', split: 'train', start: false },
      positionals: ['how', 'do', 'I'],
    });
    expect(parseCli(spec, ['--start', '--data=/tmp/d']).values).toEqual({ data: '/tmp/d', split: undefined, start: true });
  });

  it('rejects an unknown flag and a missing value with exit code 2', () => {
    const unknown = exitOf(['--dat', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.message).toMatch(/Unknown option '--dat'/);
    expect(unknown.message).toMatch(/--help/);
    expect(exitOf(['--split']).code).toBe(2);
  });

  it('rejects positionals when the tool takes none', () => {
    expect(() => parseCli({ ...spec, positionals: undefined }, ['stray'])).toThrow(CliExit);
  });

  it('--help lists every option with its default, exit code 0', () => {
    const help = exitOf(['--help']);
    expect(help.code).toBe(0);
    expect(help.message).toBe(helpText(spec));
    expect(help.message).toContain('usage: npm run probe -- [options] <words…>');
    expect(help.message).toMatch(/--data <dir>\s+a folder \(default: data\/x\)/);
    expect(help.message).toMatch(/--start\s+start a stack/);
    expect(help.message).toMatch(/--help\s+show this help/);
  });
});

describe('progress', () => {
  it('prints a line per tenth when not on a terminal, and the end once', () => {
    const lines: string[] = [];
    const report = progress('ingest', { isTTY: false, write: (s: string) => lines.push(s) });
    for (let done = 0; done <= 100; done++) report(done, 100);
    report(100, 100);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('ingest: 0/100 (0%)\n');
    expect(lines.at(-1)).toBe('ingest: 100/100 (100%)\n');
  });

  it('rewrites one line on a terminal', () => {
    const out: string[] = [];
    const report = progress('queries', { isTTY: true, write: (s: string) => out.push(s) });
    report(1, 2);
    report(2, 2);
    expect(out).toEqual(['\rqueries: 1/2 (50%)', '\rqueries: 2/2 (100%)', '\n']);
  });
});

describe('integerOption', () => {
  /** The usage error it printed, with the exit code it asked for. */
  const refusal = (run: () => unknown): string => {
    const errors: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (errors.push(String(chunk)), true));
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    try {
      expect(run).toThrow('exit 2');
      return errors.join('');
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
  };

  it('takes an integer at least its minimum', () => {
    expect(integerOption('rounds', '0', 0)).toBe(0);
    expect(integerOption('chunks', '200000', 1)).toBe(200000);
  });

  it('refuses anything else as a usage error naming the option', () => {
    expect(refusal(() => integerOption('chunks', '0', 1))).toBe('error: --chunks must be a positive integer (got "0")\n');
    expect(refusal(() => integerOption('rounds', '1.5', 0))).toBe('error: --rounds must be a non-negative integer (got "1.5")\n');
    expect(refusal(() => integerOption('limit', 'ten', 1))).toBe('error: --limit must be a number (got "ten")\n');
  });
});
