/**
 * Runs `run` again `intervalMs` after each run ends — runs never overlap, however long one
 * takes — until stopped. A failed run goes to `onError` and the next one still comes.
 * {@link wake} runs it at once instead of at the next tick (coalesced: one run in flight, at
 * most one more queued behind it). For the background loops every replica runs (index
 * catch-up, sweeps, syncs).
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  /** A wake came while a run was in flight: run again as soon as it ends. */
  private rerun = false;

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

  /**
   * Runs now rather than at the next tick. During a run, queues one more right after it (however
   * many wakes come meanwhile: the queued run sees everything they announced). Ignored before
   * `start` and after `stop`.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    clearTimeout(this.timer);
    this.execute();
  }

  /** No further runs; waits for one in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => this.execute(), delayMs);
  }

  private execute(): void {
    // Set before `run` starts, so a wake from inside it queues a run rather than starting a second one.
    this.running = Promise.resolve()
      .then(() => this.run())
      .then(() => undefined)
      .catch(async (error: unknown) => {
        await this.onError(error);
      })
      .finally(() => {
        this.running = undefined;
        const again = this.rerun;
        this.rerun = false;
        if (!this.stopped) this.schedule(again ? 0 : this.intervalMs);
      });
  }
}
