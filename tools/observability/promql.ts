import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/*
 * Helpers for validating the dashboards and rules: metric names in a PromQL expression,
 * Grafana's variables replaced so promtool can parse a panel's query, and promtool itself.
 */

const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'inf', 'nan']);

/**
 * Metric names an expression selects: identifiers that are not functions, keywords, label
 * names in `by (…)`/`on (…)` lists, label matchers, strings, durations or numbers. promtool
 * has parsed the expression first, so this only needs to tell names apart, not check syntax.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""') // strings
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0];
    const before = stripped[match.index - 1];
    if (before !== undefined && /[0-9.]/.test(before)) continue; // part of a number (1e3) or a duration
    const after = stripped.slice(match.index + name.length).trimStart();
    if (after.startsWith('(')) continue; // a function or aggregation
    if (KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names].sort();
}

/** A panel's query with Grafana's interval variables replaced, as PromQL promtool accepts. */
export function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m');
}

/** promtool from PATH (Debian: `apt-get install prometheus`; .ci/run installs it), or a clear error. */
export function findBinary(name: 'promtool' | 'prometheus'): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} is not installed: the observability tests need Prometheus' ${name} (Debian/Ubuntu: \`sudo apt-get install -y prometheus\`; .ci/run installs it). See README.md, Prerequisites.`,
  );
}

/** Runs promtool; resolves its output, or throws with it. */
export function promtool(args: string[], cwd: string): string {
  try {
    return execFileSync(findBinary('promtool'), args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`);
  }
}
