import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { repoPath } from './repo-paths.js';

export const DASHBOARD_FILE = repoPath('deploy/grafana/logsift-dashboard.json');
export const RULES_FILE = repoPath('deploy/prometheus/logsift-alerts.yaml');

interface Target {
  expr?: string;
  refId?: string;
  instant?: boolean;
}
interface Panel {
  title?: string;
  type?: string;
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query?: string | { query?: string };
  definition?: string;
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

export interface PanelQuery {
  panel: string;
  refId: string;
  expr: string;
  instant: boolean;
}

export interface VariableQuery {
  name: string;
  /** `label_values(<selector>, <label>)` split into its parts. */
  selector: string;
  label: string;
}

export interface RuleQuery {
  name: string;
  expr: string;
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

/** Every PromQL target of every panel, rows' nested panels included. */
export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  const out: PanelQuery[] = [];
  const walk = (panels: Panel[]) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        if (t.expr) out.push({ panel: p.title ?? '(untitled)', refId: t.refId ?? '?', expr: t.expr, instant: t.instant === true });
      }
      walk(p.panels ?? []);
    }
  };
  walk(dashboard.panels);
  return out;
}

/** The query variables, which must all be Grafana's `label_values(selector, label)`. */
export function variableQueries(dashboard: Dashboard): VariableQuery[] {
  return dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const text = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
      const m = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(text.trim());
      if (!m) throw new Error(`variable ${v.name}: expected label_values(selector, label), got ${JSON.stringify(text)}`);
      return { name: v.name, selector: m[1].trim(), label: m[2] };
    });
}

/**
 * Grafana's substitution of dashboard variables ($name, ${name}, ${name:raw}, [[name]]); a
 * variable left unsubstituted throws, since Prometheus would reject or misread it.
 */
export function substitute(expr: string, values: Record<string, string>): string {
  const out = expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (all, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c) as string;
    if (!(name in values)) throw new Error(`no value for dashboard variable $${name} in ${expr}`);
    return values[name];
  });
  return out;
}

interface RuleGroupFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}

export function ruleQueries(): RuleQuery[] {
  const doc = parseYaml(readFileSync(RULES_FILE, 'utf8')) as RuleGroupFile;
  return doc.groups.flatMap((g) => g.rules.map((r) => ({ name: r.alert ?? r.record ?? '?', expr: r.expr })));
}

/** Metric names a PromQL expression reads: identifiers that look like logsift's series names. */
export function metricNames(expr: string): string[] {
  return [...new Set(expr.match(/\blogsift_[a-z0-9_]+/g) ?? [])];
}
