/**
 * Reads the deployment files (Dockerfile, docker-compose.yml, k8s/, .env.example) and the
 * services' configuration as the deploy tests see them. Apps are never imported from
 * tools/: the settings are read from the text of apps/<service>/src/config.ts and
 * libs/config, and real validation runs the built config (dist/) in a child process.
 */
import { DEFAULT_PORTS, SERVICES, type ServiceName } from '@eloquent/runtime';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import * as yaml from 'js-yaml';

export { DEFAULT_PORTS, SERVICES, type ServiceName };

export const ROOT = resolve(__dirname, '../..');
export const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
export const exists = (path: string): boolean => existsSync(join(ROOT, path));

/** Where tools/build.mjs puts the compiled form of a source file. */
export const builtFrom = (source: string): string => join('dist', source.replace(/\.ts$/, '.js'));
export const entryPoint = (service: ServiceName): string => `dist/apps/${service}/src/main.js`;
export const MIGRATIONS = ['dist/apps/chat/src/migrate.js', 'dist/apps/retrieval/src/migrate.js'];

// ---------------------------------------------------------------------------------------
// Configuration, from the text of the config files.

export interface Setting {
  key: string;
  /** The default as the environment would spell it; undefined = no default (optional or required). */
  default?: string;
  /** False when the default is an expression these tests cannot evaluate. */
  resolved: boolean;
}

const KEY = /^[ \t]+([A-Z][A-Z0-9_]*)[ \t]*:/gm;

/** The expression after `KEY:` (or `const x =`) up to the comma, semicolon or bracket that ends it. */
function propertyExpression(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      i = text.indexOf(c, i + 1);
      if (i < 0) break;
    } else if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i) + 1;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) return text.slice(start, i);
      depth--;
    } else if ((c === ',' || c === ';') && depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

/** A literal (string, number, boolean, product of numbers) or a `const` of this file, as env text. */
function evaluate(expression: string, file: string, seen = new Set<string>()): string | undefined {
  const e = expression.trim();
  const quoted = /^(['"`])(.*)\1$/s.exec(e);
  if (quoted) return quoted[2];
  if (e === 'true' || e === 'false') return e;
  if (/^[\d_.]+(\s*\*\s*[\d_.]+)*$/.test(e)) return String(e.split('*').reduce((product, n) => product * Number(n.trim().replace(/_/g, '')), 1));
  if (/^[A-Za-z_$][\w$]*$/.test(e) && !seen.has(e)) {
    seen.add(e);
    const declaration = new RegExp(`\\bconst\\s+${e}\\s*=`).exec(file);
    if (declaration) {
      const value = propertyExpression(file, declaration.index + declaration[0].length).replace(/;\s*$/, '');
      return evaluate(value, file, seen) ?? defaultOf(value, file, seen).default;
    }
  }
  return undefined;
}

function defaultOf(expression: string, file: string, seen = new Set<string>()): Omit<Setting, 'key'> {
  const candidates = [
    /\.default\(\s*([^()]*?)\s*\)/, // zod .default(x)
    /\benv\.\w+\(\s*([^()]*?)\s*\)/, // env.port(3000), env.url() = required
    /^\s*\w+\(\s*((['"])[^'"]*\2|[\d_.]+)\s*\)\s*$/, // a helper called with one literal: rateLimitSetting('10/1m')
  ];
  for (const pattern of candidates) {
    const match = pattern.exec(expression);
    if (!match) continue;
    if (match[1] === '') return { default: undefined, resolved: true };
    const value = evaluate(match[1], file, seen);
    return { default: value, resolved: value !== undefined };
  }
  // A schema held in a const of the file (`CORS_ORIGINS: list`).
  const identifier = expression.trim();
  if (/^[A-Za-z_$][\w$]*$/.test(identifier) && !seen.has(identifier)) {
    seen.add(identifier);
    const declaration = new RegExp(`\\bconst\\s+${identifier}\\s*=`).exec(file);
    if (declaration) return defaultOf(propertyExpression(file, declaration.index + declaration[0].length), file, seen);
  }
  return { default: undefined, resolved: !/\.default\(/.test(expression) };
}

function settingsIn(text: string): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  for (const match of text.matchAll(KEY)) {
    const expression = propertyExpression(text, match.index! + match[0].length);
    settings.set(match[1], { key: match[1], ...defaultOf(expression, text) });
  }
  return settings;
}

/** The shared schemas of libs/config (`export const XEnvSchema = z.object({...})`), by name. */
export function libSchemas(): Map<string, Map<string, Setting>> {
  const schemas = new Map<string, Map<string, Setting>>();
  const dir = 'libs/config/src';
  for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const text = read(`${dir}/${file}`);
    for (const match of text.matchAll(/export const (\w+Schema)\s*=\s*z\.object\(/g)) {
      const body = propertyExpression(text, match.index! + match[0].length);
      schemas.set(match[1], settingsIn(body));
    }
  }
  return schemas;
}

/** Every setting one service reads: its config.ts plus the libs/config schemas it extends. */
export function serviceSettings(service: ServiceName): Map<string, Setting> {
  const text = read(`apps/${service}/src/config.ts`);
  const settings = new Map<string, Setting>();
  for (const [name, schema] of libSchemas()) {
    if (new RegExp(`\\b${name}\\b`).test(text)) for (const [key, setting] of schema) settings.set(key, setting);
  }
  for (const [key, setting] of settingsIn(text)) settings.set(key, setting);
  return settings;
}

export const allSettings = (): Map<ServiceName, Map<string, Setting>> => new Map(SERVICES.map((s) => [s, serviceSettings(s)]));

/** Read by the image or by Node itself rather than by a service's config. */
export const RUNTIME_VARS: ReadonlySet<string> = new Set(['SERVICE', 'NODE_OPTIONS']);

/** Every variable some service (or the runtime) reads. */
export const knownKeys = (): Set<string> => new Set([...RUNTIME_VARS, ...[...allSettings().values()].flatMap((m) => [...m.keys()])]);

export const loaderName = (service: ServiceName): string => {
  const match = /export const (load\w+Config)\s*=/.exec(read(`apps/${service}/src/config.ts`));
  if (!match) throw new Error(`apps/${service}/src/config.ts exports no load…Config function`);
  return match[1];
};

export interface ConfigCase {
  label: string;
  service: ServiceName;
  env: Record<string, string>;
}

/**
 * Validates each environment with the service's own built config loader (dist/, as the
 * image runs it), in one child process. Returns the error message of each failing case.
 */
export function validateWithBuiltConfig(cases: ConfigCase[]): Record<string, string | null> {
  const jobs = cases.map((c) => ({
    label: c.label,
    file: join(ROOT, builtFrom(`apps/${c.service}/src/config.ts`)),
    loader: loaderName(c.service),
    env: c.env,
  }));
  const script = `
    const results = {};
    for (const job of JSON.parse(process.argv[1])) {
      try { require(job.file)[job.loader](job.env); results[job.label] = null; }
      catch (error) { results[job.label] = String(error && error.message || error); }
    }
    process.stdout.write(JSON.stringify(results));`;
  const child = spawnSync(process.execPath, ['-e', script, JSON.stringify(jobs)], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
  if (child.status !== 0) throw new Error(`config check failed to run (npm run build first?): ${child.stderr}`);
  return JSON.parse(child.stdout) as Record<string, string | null>;
}

/** A syntactically valid stand-in for a secret, to check that the rest of a configuration validates. */
export function fakeSecret(key: string): string {
  if (key === 'DATABASE_URL') return 'postgres://eloquent:secret@db.internal:5432/eloquent?sslmode=require';
  if (key === 'REDIS_URL') return 'rediss://:secret@redis.internal:6380';
  if (key.endsWith('_URL') || key.endsWith('_HOST')) return 'https://api.internal.example';
  return `fake-${key.toLowerCase()}-0123456789abcdef0123456789abcdef`;
}

// ---------------------------------------------------------------------------------------
// .env.example

export interface EnvExampleEntry {
  key: string;
  value: string;
  /** `KEY=` (to fill in) rather than `# KEY=default` (documentation of the default). */
  active: boolean;
  /** The services of the `## a, b: title` section it is in. */
  services: ServiceName[];
  line: number;
  comment?: string;
}

export function envExample(): EnvExampleEntry[] {
  const entries: EnvExampleEntry[] = [];
  let services: ServiceName[] = [];
  const lines = read('.env.example').split('\n');
  lines.forEach((text, index) => {
    const section = /^## ([a-z, ]+):/.exec(text);
    if (section) {
      const names = section[1].split(',').map((s) => s.trim());
      services = names.includes('all') ? [...SERVICES] : (names as ServiceName[]);
      return;
    }
    const entry = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(text);
    if (!entry) return;
    const above = lines[index - 1] ?? '';
    entries.push({
      key: entry[2],
      value: entry[3],
      active: !entry[1],
      services,
      line: index + 1,
      comment: /^# /.test(above) && !/^# [A-Z][A-Z0-9_]*=/.test(above) ? above.slice(2) : undefined,
    });
  });
  return entries;
}

// ---------------------------------------------------------------------------------------
// YAML

export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const loadYaml = (path: string): Doc => yaml.load(read(path)) as Doc;
export const loadYamlAll = (path: string): Doc[] => (yaml.loadAll(read(path)) as Doc[]).filter((d) => d !== null && d !== undefined);

/** Every YAML file under k8s/ (base, overlays, components), relative to k8s/. */
export const k8sFiles = (): string[] =>
  (readdirSync(join(ROOT, 'k8s'), { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.split(sep).join('/'))
    .sort();

export interface Manifest {
  file: string;
  doc: Doc;
}

/** Every document of every file in k8s/ (kustomizations and templates included). */
export const k8sManifests = (): Manifest[] => k8sFiles().flatMap((file) => loadYamlAll(`k8s/${file}`).map((doc) => ({ file, doc })));

/** The kustomizations an operator applies or builds on (docs/deployment.md → Kubernetes). */
export const OVERLAYS = ['k8s/overlays/dev', 'k8s/overlays/prod'] as const;

/**
 * `kubectl kustomize <dir>`: the objects a `kubectl apply -k` would send, rendered offline.
 * Needs kubectl 1.21+ (kustomize v4+, for components); .ci/run installs it.
 */
export function kustomize(dir: string): Doc[] {
  const child = spawnSync('kubectl', ['kustomize', resolve(ROOT, dir)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.error) throw new Error(`kubectl is needed to render ${dir} (kubectl kustomize): ${child.error.message}. .ci/run installs it.`);
  if (child.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${child.stderr}`);
  return (yaml.loadAll(child.stdout) as Doc[]).filter((d) => d !== null && d !== undefined);
}

/** Kubernetes resource quantities ("250m", "1", "512Mi", "1Gi") as numbers. */
export function quantity(value: string | number): number {
  const match = /^([\d.]+)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(value));
  if (!match) throw new Error(`not a quantity: ${value}`);
  const factor: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}

/** `${VAR:-default}` / `${VAR}` as docker compose resolves them with VAR unset. */
export const interpolateUnset = (value: string): string =>
  value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? '');

// ---------------------------------------------------------------------------------------
// Dockerfile

export interface DockerInstruction {
  instruction: string;
  args: string;
  stage: number;
}

/** Instructions with line continuations joined and comments dropped; `stage` counts FROMs. */
export function dockerfile(): DockerInstruction[] {
  const logical = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  let stage = -1;
  return logical.map((line) => {
    const [, instruction, args] = /^(\w+)\s*(.*)$/.exec(line)!;
    if (instruction.toUpperCase() === 'FROM') stage++;
    return { instruction: instruction.toUpperCase(), args, stage };
  });
}

/** Whether a .dockerignore pattern list leaves `path` out of the build context. */
export function dockerIgnored(path: string, patterns: string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const regex = new RegExp(
      `^${pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?')}(?:/.*)?$`,
    );
    if (regex.test(path)) ignored = !negate;
  }
  return ignored;
}

export const dockerignorePatterns = (): string[] =>
  read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
