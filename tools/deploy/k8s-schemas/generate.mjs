// Generates the vendored Kubernetes JSON schemas in this folder (k8s-<version>.json) from
// the `kubernetes-types` npm package, whose TypeScript declarations are generated from each
// Kubernetes release's OpenAPI spec:
//
//   node tools/deploy/k8s-schemas/generate.mjs 1.29.0 1.30.0
//
// Each output holds the kinds that k8s/ renders (KINDS below) and every type they reach,
// as strict JSON Schema (draft-07): unknown fields are errors (as `kubectl apply
// --validate=strict` would reject them), required fields are required, descriptions are
// dropped. The deploy tests validate every object that `kubectl kustomize` renders against
// each version (tools/deploy/kubernetes-schema.spec.ts). Add a kind here when k8s/ starts
// using one, and regenerate. The package is fetched with `npm pack` into a temporary folder:
// it is not a dependency of the project.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const here = dirname(new URL(import.meta.url).pathname);

/** apiVersion/kind of every object k8s/ may render (base, overlays and components). */
export const KINDS = [
  'v1/Namespace',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Service',
  'v1/ServiceAccount',
  'v1/PersistentVolumeClaim',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'batch/v1/Job',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy',
];

/** Parses every .d.ts of the package: `group/version.Name` → declaration. */
function declarations(packageDir) {
  const found = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.d.ts')) {
        const module = relative(packageDir, path).replace(/\.d\.ts$/, '');
        const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
        const imports = new Map();
        for (const statement of source.statements) {
          if (ts.isImportDeclaration(statement)) {
            const from = join(dirname(module), statement.moduleSpecifier.text);
            for (const element of statement.importClause?.namedBindings?.elements ?? []) imports.set(element.name.text, `${from}.${element.name.text}`);
          } else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name) {
            found.set(`${module}.${statement.name.text}`, { node: statement, module, imports });
          }
        }
      }
    }
  };
  walk(packageDir);
  return found;
}

const definitionName = (qualified) => qualified.replace(/\//g, '.');

function generate(packageDir, version) {
  const decls = declarations(packageDir);
  const definitions = {};
  const pending = [];
  const ref = (qualified) => {
    if (!decls.has(qualified)) throw new Error(`unknown type ${qualified}`);
    if (!(definitionName(qualified) in definitions)) {
      definitions[definitionName(qualified)] = null;
      pending.push(qualified);
    }
    return { $ref: `#/definitions/${definitionName(qualified)}` };
  };

  const typeSchema = (node, context) => {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return {};
      case ts.SyntaxKind.LiteralType:
        if (ts.isStringLiteral(node.literal)) return { const: node.literal.text };
        break;
      case ts.SyntaxKind.ArrayType:
        return { type: 'array', items: typeSchema(node.elementType, context) };
      case ts.SyntaxKind.ParenthesizedType:
        return typeSchema(node.type, context);
      case ts.SyntaxKind.UnionType: {
        const members = node.types.map((t) => typeSchema(t, context));
        const simple = members.every((m) => Object.keys(m).length === 1 && typeof m.type === 'string');
        return simple ? { type: members.map((m) => m.type) } : { anyOf: members };
      }
      case ts.SyntaxKind.TypeLiteral: {
        const index = node.members.find(ts.isIndexSignatureDeclaration);
        if (index && node.members.length === 1) return { type: 'object', additionalProperties: typeSchema(index.type, context) };
        return objectSchema(node.members, context);
      }
      case ts.SyntaxKind.TypeReference: {
        const name = node.typeName.getText();
        if (name === 'Array') return { type: 'array', items: typeSchema(node.typeArguments[0], context) };
        if (name === 'Record') return { type: 'object', additionalProperties: typeSchema(node.typeArguments[1], context) };
        return ref(context.imports.get(name) ?? `${context.module}.${name}`);
      }
    }
    throw new Error(`${context.module}: unsupported type ${ts.SyntaxKind[node.kind]} (${node.getText()})`);
  };

  const objectSchema = (members, context) => {
    const properties = {};
    const required = [];
    for (const member of members) {
      if (!ts.isPropertySignature(member)) throw new Error(`${context.module}: unsupported member ${member.getText()}`);
      const name = member.name.text ?? member.name.getText();
      properties[name] = typeSchema(member.type, context);
      if (!member.questionToken) required.push(name);
    }
    // An empty declaration (FieldsV1, RawExtension) is free-form JSON.
    if (members.length === 0) return { type: 'object' };
    return { type: 'object', properties, ...(required.length ? { required: required.sort() } : {}), additionalProperties: false };
  };

  const kinds = {};
  for (const qualified of [...decls.keys()]) {
    const { node } = decls.get(qualified);
    if (!ts.isInterfaceDeclaration(node)) continue;
    const literal = (prop) => {
      const member = node.members.find((m) => ts.isPropertySignature(m) && m.name.getText() === prop);
      return member?.type && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal) ? member.type.literal.text : undefined;
    };
    const key = `${literal('apiVersion')}/${literal('kind')}`;
    if (KINDS.includes(key)) kinds[key] = ref(qualified).$ref;
  }
  const missing = KINDS.filter((k) => !kinds[k]);
  if (missing.length) throw new Error(`kubernetes-types ${version} has no ${missing.join(', ')}`);

  while (pending.length) {
    const qualified = pending.shift();
    const { node, module, imports } = decls.get(qualified);
    const context = { module, imports };
    definitions[definitionName(qualified)] = ts.isInterfaceDeclaration(node) ? objectSchema(node.members, context) : typeSchema(node.type, context);
  }
  const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
  const sortedKinds = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)));
  return { kubernetesVersion: version.split('.').slice(0, 2).join('.'), source: `kubernetes-types@${version} (npm)`, kinds: sortedKinds, definitions: sorted };
}

const versions = process.argv.slice(2);
if (versions.length === 0) {
  console.error('usage: node tools/deploy/k8s-schemas/generate.mjs <kubernetes-types version>...   e.g. 1.29.0 1.30.0');
  process.exit(64);
}
for (const version of versions) {
  const work = mkdtempSync(join(tmpdir(), 'k8s-types-'));
  try {
    execFileSync('npm', ['pack', `kubernetes-types@${version}`, '--silent'], { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
    execFileSync('tar', ['xzf', `kubernetes-types-${version}.tgz`], { cwd: work });
    const schema = generate(join(work, 'package'), version);
    const out = resolve(here, `k8s-${schema.kubernetesVersion}.json`);
    writeFileSync(out, `${JSON.stringify(schema)}\n`);
    console.log(`${relative(process.cwd(), out)}: ${Object.keys(schema.kinds).length} kinds, ${Object.keys(schema.definitions).length} types`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
