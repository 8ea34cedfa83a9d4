import { RegExpParser, type AST } from '@eslint-community/regexpp';

const parser = new RegExpParser({ ecmaVersion: 2024 });

/** Characters tried, in order, for a negated class or set. */
const FILLERS = ['x', 'a', '0', ' ', '_', '/', ':', '-', '.', 'Z'];

/**
 * Short texts a pattern matches: one taking the first alternative everywhere, then one per other
 * alternative of each disjunction, each also with a space at every word boundary (`died\b.{0,60}`
 * needs one). Used to find rules that claim another rule's lines (`rules check`) and to build
 * near-miss lines for the linear-time sweep. Best effort: a text that does not match its own
 * pattern (lookaround, odd assertions) is dropped by the caller's check.
 */
export function ruleExamples(source: string, max = 24): string[] {
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false });
  } catch {
    return [];
  }
  const disjunctions: (AST.Pattern | AST.Group | AST.CapturingGroup)[] = [];
  collect(pattern, disjunctions);
  const out = new Set<string>();
  const add = (pick: AST.Node | undefined, alt: number) => {
    for (const boundary of ['', ' ']) if (out.size < max) out.add(generate(pattern, pick, alt, boundary));
  };
  add(undefined, 0);
  for (const d of disjunctions) for (let alt = 1; alt < d.alternatives.length; alt++) add(d, alt);
  return [...out];
}

function collect(node: AST.Node, into: (AST.Pattern | AST.Group | AST.CapturingGroup)[]): void {
  if (node.type === 'Pattern' || node.type === 'Group' || node.type === 'CapturingGroup') {
    if (node.alternatives.length > 1) into.push(node);
    for (const a of node.alternatives) for (const e of a.elements) collect(e, into);
  } else if (node.type === 'Quantifier') collect(node.element, into);
}

function generate(node: AST.Node, pick: AST.Node | undefined, alt: number, boundary: string): string {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup': {
      const a = node.alternatives[node === pick ? alt : 0];
      return a.elements.map((e) => generate(e, pick, alt, boundary)).join('');
    }
    case 'Quantifier':
      return node.max === 0 ? '' : generate(node.element, pick, alt, boundary).repeat(Math.max(node.min, 1));
    case 'Character':
      return String.fromCharCode(node.value);
    case 'CharacterSet':
      return setExample(node);
    case 'CharacterClass':
      return classExample(node);
    case 'Assertion':
      return node.kind === 'word' && !node.negate ? boundary : '';
    default:
      return ''; // backreferences
  }
}

function setExample(s: AST.CharacterSet): string {
  if (s.kind === 'any') return 'x';
  const re = new RegExp(s.raw);
  return FILLERS.find((c) => re.test(c)) ?? 'x';
}

function classExample(c: AST.CharacterClass): string {
  const first = c.elements[0];
  if (!c.negate && first) {
    if (first.type === 'Character') return String.fromCharCode(first.value);
    if (first.type === 'CharacterClassRange') return String.fromCharCode(first.min.value);
  }
  let re: RegExp;
  try {
    re = new RegExp(c.raw);
  } catch {
    return 'x';
  }
  return FILLERS.find((ch) => re.test(ch)) ?? 'x';
}
