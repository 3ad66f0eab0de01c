import { PeriodicTask } from './periodic-task';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicTask', () => {
  it('runs again after each run ends, never two at once, and keeps going after a failure', async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const errors: unknown[] = [];
    const task = new PeriodicTask(
      async () => {
        overlapped ||= active > 0;
        active++;
        runs++;
        await sleep(15); // longer than the interval
        active--;
        if (runs === 1) throw new Error('first run fails');
      },
      5,
      (error) => errors.push(error),
    );
    task.start(0);
    await sleep(120);
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
    expect(errors).toEqual([new Error('first run fails')]);
  });

  it('stops: waits for the run in progress, and schedules no more', async () => {
    let runs = 0;
    let finished = false;
    const task = new PeriodicTask(
      async () => {
        runs++;
        await sleep(30);
        finished = true;
      },
      5,
      () => undefined,
    );
    task.start(0);
    await sleep(10);
    await task.stop();
    expect(finished).toBe(true);
    await sleep(30);
    expect(runs).toBe(1);
  });

  describe('wake', () => {
    /** A run that waits for `release()`; `started` resolves each time one begins. */
    function gatedRun() {
      let runs = 0;
      let release = () => undefined as void;
      let onStart = () => undefined as void;
      return {
        get runs() {
          return runs;
        },
        nextStart: () => new Promise<void>((resolve) => (onStart = resolve)),
        release: () => release(),
        run: () =>
          new Promise<void>((resolve) => {
            runs++;
            release = resolve;
            onStart();
          }),
      };
    }

    it('runs at once instead of waiting for the interval', async () => {
      const gate = gatedRun();
      const task = new PeriodicTask(gate.run, 60_000, () => undefined);
      task.start();
      const started = gate.nextStart();
      task.wake();
      await started; // with no wake this would wait a minute (the test's timeout fails first)
      gate.release();
      await task.stop();
      expect(gate.runs).toBe(1);
    });

    it('during a run, queues exactly one more run however many wakes come', async () => {
      const gate = gatedRun();
      const task = new PeriodicTask(gate.run, 60_000, () => undefined);
      task.start(0);
      await gate.nextStart();
      for (let i = 0; i < 5; i++) task.wake();
      const second = gate.nextStart();
      gate.release();
      await second;
      gate.release();
      await sleep(30); // room for a wrongly queued third run to start
      await task.stop();
      expect(gate.runs).toBe(2);
    });

    it('after a failed run, still runs the queued one', async () => {
      let runs = 0;
      const errors: unknown[] = [];
      let secondStarted = () => undefined as void;
      const second = new Promise<void>((resolve) => (secondStarted = resolve));
      const task = new PeriodicTask(
        async () => {
          runs++;
          if (runs === 1) {
            task.wake();
            throw new Error('first run fails');
          }
          secondStarted();
        },
        60_000,
        (error) => errors.push(error),
      );
      task.start(0);
      await second;
      await task.stop();
      expect(runs).toBe(2);
      expect(errors).toEqual([new Error('first run fails')]);
    });

    it('does nothing before start or after stop', async () => {
      let runs = 0;
      const task = new PeriodicTask(
        async () => void runs++,
        60_000,
        () => undefined,
      );
      task.wake();
      task.start();
      await task.stop();
      task.wake();
      await sleep(30);
      expect(runs).toBe(0);
    });
  });
});
