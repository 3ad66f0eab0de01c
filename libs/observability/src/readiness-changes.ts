/** One readiness check's result at one probe. */
export interface ReadinessResult {
  name: string;
  up: boolean;
  /** Why it is down (the check's error message). */
  reason?: string;
}

/** A line worth logging about readiness: a check changed state, or gave a new reason for being down. */
export interface ReadinessChange {
  level: 'warn' | 'log';
  message: string;
}

/**
 * Readiness is probed every few seconds (Kubernetes, the load balancer, `npm start`), so a
 * line per failing probe buries the one that matters. What an operator needs is when a
 * dependency went down, why, and when it came back (docs/observability.md, "Logs"). A check
 * that is down while the service starts is expected and logged as such, not as a warning.
 */
export class ReadinessChanges {
  /** Per check: whether it has ever been up, and its state and reason at the last probe. */
  private readonly last = new Map<string, { everUp: boolean; up: boolean; reason?: string }>();

  /** The lines to log for this probe's results: none while nothing changed. */
  record(results: readonly ReadinessResult[]): ReadinessChange[] {
    const changes: ReadinessChange[] = [];
    for (const { name, up, reason } of results) {
      const before = this.last.get(name);
      this.last.set(name, { everUp: up || before?.everUp === true, up, reason: up ? undefined : reason });
      if (up) {
        if (before && !before.up) changes.push({ level: 'log', message: `${name} is ready${before.everUp ? ' again' : ''}` });
        continue;
      }
      if (before && !before.up && before.reason === reason) continue;
      if (before?.everUp) changes.push({ level: 'warn', message: `${name} is not ready: ${reason}` });
      else changes.push({ level: 'log', message: `${name} is not ready yet (starting): ${reason}` });
    }
    return changes;
  }
}
