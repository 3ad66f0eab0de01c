/**
 * Runs `run` again `intervalMs` after each run ends — runs never overlap, however long one
 * takes — until stopped. A failed run goes to `onError` and the next one still comes.
 * For the background loops every replica runs (index catch-up, sweeps, syncs).
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => unknown,
  ) {}

  /** Schedules the first run (after `firstDelayMs`, by default one interval). */
  start(firstDelayMs = this.intervalMs): void {
    this.stopped = false;
    this.schedule(firstDelayMs);
  }

  /** No further runs; waits for one in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.run()
        .then(() => undefined)
        .catch(async (error: unknown) => {
          await this.onError(error);
        })
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delayMs);
  }
}
