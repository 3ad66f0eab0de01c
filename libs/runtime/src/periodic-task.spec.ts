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
});
