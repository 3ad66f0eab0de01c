/**
 * Offline validation of rendered Kubernetes objects against the JSON schemas vendored in
 * k8s-schemas/: one strict schema set per supported Kubernetes version (generated from
 * `kubernetes-types` by k8s-schemas/generate.mjs) plus crds.json for the operators' kinds
 * (ExternalSecret, ServiceMonitor, PodMonitor, PrometheusRule). Strict means an unknown or
 * misspelt field is an error, as the API server's strict field validation would make it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from './deploy-files';

const SCHEMA_DIR = join(__dirname, 'k8s-schemas');

interface SchemaSet {
  kubernetesVersion?: string;
  kinds: Record<string, string>;
  definitions: Record<string, unknown>;
}

const load = (file: string): SchemaSet => JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as SchemaSet;

/** The Kubernetes minor versions with a vendored schema set, e.g. ['1.29', '1.30']. */
export const SUPPORTED_VERSIONS: string[] = readdirSync(SCHEMA_DIR)
  .map((f) => /^k8s-(\d+\.\d+)\.json$/.exec(f)?.[1])
  .filter((v): v is string => v !== undefined)
  .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

export interface K8sValidator {
  version: string;
  /** One message per problem: `Kind/name: /path message`; empty when every object is valid. */
  validate(docs: Doc[]): string[];
}

const describe = (error: ErrorObject): string => {
  const extra = error.keyword === 'additionalProperties' ? ` (${(error.params as { additionalProperty: string }).additionalProperty})` : '';
  const allowed = error.keyword === 'enum' || error.keyword === 'const' ? ` ${JSON.stringify(error.params)}` : '';
  return `${error.instancePath || '/'} ${error.message}${extra}${allowed}`;
};

export function k8sValidator(version: string): K8sValidator {
  const core = load(`k8s-${version}.json`);
  const crds = load('crds.json');
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  const id = `k8s-${version}`;
  ajv.addSchema({ $id: id, definitions: { ...core.definitions, ...crds.definitions } });
  const kinds = { ...core.kinds, ...crds.kinds };
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string): ValidateFunction | undefined => {
    if (!kinds[key]) return undefined;
    if (!compiled.has(key)) compiled.set(key, ajv.compile({ $ref: `${id}${kinds[key]}` }));
    return compiled.get(key);
  };
  return {
    version,
    validate(docs) {
      return docs.flatMap((doc) => {
        const where = `${doc?.kind}/${doc?.metadata?.name}`;
        const validate = validatorFor(`${doc?.apiVersion}/${doc?.kind}`);
        if (!validate) return [`${where}: no schema for ${doc?.apiVersion} ${doc?.kind} (add it to tools/deploy/k8s-schemas: generate.mjs KINDS or crds.json)`];
        return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${where} (Kubernetes ${version}): ${describe(e)}`);
      });
    },
  };
}
