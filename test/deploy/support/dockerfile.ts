import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

export interface CopyStep {
  /** Build stage the files come from, or undefined for the build context. */
  from?: string;
  sources: string[];
  dest: string;
}

/** Instructions with line continuations joined and comments dropped, split into stages. */
export function parseDockerfile(file: string): { args: Map<string, string>; stages: Stage[] } {
  const text = readFileSync(file, 'utf8').replace(/\\\r?\n/g, ' ');
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`cannot read Dockerfile line: ${line}`);
    const keyword = m[1].toUpperCase();
    const rest = m[2].trim();
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`cannot read FROM ${rest}`);
      stages.push({ name: from[2] ?? String(stages.length), base: expand(from[1], args), instructions: [] });
    } else if (stages.length === 0) {
      if (keyword !== 'ARG') throw new Error(`${keyword} before the first FROM`);
      const [name, value = ''] = rest.split('=');
      args.set(name, value);
    } else {
      stages[stages.length - 1].instructions.push({ keyword, args: rest });
    }
  }
  return { args, stages };
}

function expand(text: string, args: Map<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_all, a?: string, b?: string) => args.get((a ?? b) as string) ?? '');
}

export function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** COPY steps of a stage; JSON-array form is not used here and is refused. */
export function copySteps(stage: Stage): CopyStep[] {
  return instructions(stage, 'COPY').map((args) => {
    if (args.startsWith('[')) throw new Error(`COPY in JSON form is not supported here: ${args}`);
    const words = args.split(/\s+/);
    let from: string | undefined;
    const paths = words.filter((w) => {
      const flag = /^--(\w+)=(.*)$/.exec(w);
      if (flag?.[1] === 'from') from = flag[2];
      return !flag;
    });
    return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
  });
}

/** An exec-form (JSON array) ENTRYPOINT or CMD. */
export function execForm(stage: Stage, keyword: 'ENTRYPOINT' | 'CMD'): string[] {
  const all = instructions(stage, keyword);
  const last = all[all.length - 1];
  if (!last?.startsWith('[')) throw new Error(`${keyword} must be in exec (JSON array) form, got ${last}`);
  return JSON.parse(last) as string[];
}

/** ENV lines (`KEY=value` pairs) of a stage. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of instructions(stage, 'ENV')) {
    for (const pair of args.match(/\S+=("[^"]*"|\S*)/g) ?? []) {
      const eq = pair.indexOf('=');
      env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"|"$/g, '');
    }
  }
  return env;
}

/**
 * Whether a build-context path survives .dockerignore (patterns in order, the last match wins,
 * `!` re-includes; `*` matches within one path segment, and a match on a directory covers
 * everything below it).
 */
export function dockerignoreAllows(patterns: string[], path: string): boolean {
  let allowed = true;
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  for (const raw of patterns) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/^\//, '').replace(/\/$/, '');
    const regex = new RegExp(
      '^' +
        pattern
          .split('')
          .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('') +
        '(/.*)?$',
    );
    if (regex.test(clean)) allowed = negate;
  }
  return allowed;
}
