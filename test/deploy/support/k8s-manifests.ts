import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface Manifest {
  file: string;
  object: KubeObject;
}

export interface Kustomization {
  namespace?: string;
  resources: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

/**
 * Parses every document of a YAML file, failing on any syntax error or warning. Kubernetes
 * reads manifests with YAML 1.1 rules (`on`, `yes`, `0644` mean other things there), so the
 * file must mean the same under 1.1 and 1.2.
 */
export function parseYamlDocuments(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  const read = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version, prettyErrors: true }).map((doc) => {
      const problems = [...doc.errors, ...doc.warnings];
      if (problems.length > 0) throw new Error(`${file}: ${problems.map((p) => p.message).join('; ')}`);
      return doc.toJS() as unknown;
    });
  const docs = read('1.2');
  if (!isDeepStrictEqual(docs, read('1.1'))) throw new Error(`${file}: reads differently as YAML 1.1 (quote the ambiguous scalars)`);
  return docs.filter((d) => d !== null && d !== undefined);
}

export function loadKustomization(dir: string): Kustomization {
  const [doc] = parseYamlDocuments(join(dir, 'kustomization.yaml')) as Kustomization[];
  return doc;
}

/** The objects a kustomization lists, file by file, in its order. */
export function loadManifests(dir: string): Manifest[] {
  return loadKustomization(dir).resources.flatMap((resource) => {
    const file = join(dir, resource);
    return parseYamlDocuments(file).map((object) => ({ file: resource, object: object as KubeObject }));
  });
}

export function describe(m: Manifest): string {
  return `${m.file}: ${m.object.kind}/${m.object.metadata?.name}`;
}
