import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { Manifest } from './k8s-manifests.js';
import { describe } from './k8s-manifests.js';
import { REPO_ROOT } from './repo-paths.js';

/** `apps/v1` + `DaemonSet` → `kubernetes-models/apps/v1/DaemonSet` (core group: `v1/...`). */
export function modelModule(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/**
 * Validates one object with kubernetes-models' compiled JSON schemas (types, required fields,
 * formats such as quantities). Returns the problem, or undefined when it is valid.
 */
export async function schemaProblem(m: Manifest): Promise<string | undefined> {
  const { apiVersion, kind } = m.object;
  let Model: ModelClass | undefined;
  try {
    const mod = (await import(modelModule(apiVersion, kind))) as Record<string, ModelClass>;
    Model = mod[kind];
  } catch {
    Model = undefined;
  }
  if (!Model) return `${describe(m)}: no Kubernetes schema for ${apiVersion} ${kind}`;
  try {
    new Model(m.object).validate();
    return undefined;
  } catch (err) {
    return `${describe(m)}: ${(err as Error).message}`;
  }
}

/**
 * The OpenAPI schemas allow unknown fields, and so would the compiled validators: a misspelt
 * `readOnlyRootFileSystem` would pass them and be silently dropped by the API server. The
 * TypeScript interfaces of kubernetes-models list the exact fields, and excess-property checks
 * on object literals catch unknown ones at any depth. Returns one message per problem.
 */
export function unknownFieldProblems(manifests: Manifest[]): string[] {
  const virtualFile = join(REPO_ROOT, 'test', 'deploy', '__manifest-fields-check__.ts');
  let source = '';
  const owners: { fromLine: number; label: string }[] = [];
  manifests.forEach((m, i) => {
    const { apiVersion, kind } = m.object;
    owners.push({ fromLine: source.split('\n').length - 1, label: describe(m) });
    source += `import type { I${kind} as T${i} } from '${modelModule(apiVersion, kind)}';\n`;
    source += `export const doc${i}: T${i} = ${JSON.stringify(m.object, null, 1)};\n`;
  });
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    // The object literals need no more than ES5's types; the full default lib triples the time.
    lib: ['lib.es5.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    name === virtualFile ? ts.createSourceFile(name, source, languageVersion, true) : getSourceFile(name, languageVersion, onError, shouldCreate);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === virtualFile || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === virtualFile ? source : readFile(name));
  host.getCurrentDirectory = () => dirname(virtualFile);

  const program = ts.createProgram([virtualFile], options, host);
  const file = program.getSourceFile(virtualFile);
  if (!file) return ['could not build the TypeScript check of the manifests'];
  const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
  return diagnostics.map((d) => {
    const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
    const lineText = source.split('\n')[line]?.trim() ?? '';
    const owner = [...owners].reverse().find((o) => o.fromLine <= line)?.label ?? '?';
    return `${owner}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (at ${lineText})`;
  });
}
