import { flatCopy } from '../model/flat-copy.js';
import { clusterTokens } from './cluster-tokens.js';
import { lastShapeCheck, lastShapeHash, nameKey, shapeKey } from './fingerprint.js';
import { TemplateClusterer, type TemplateCluster } from './template-clusterer.js';
import { hasKeptNumber } from './token-match.js';

/**
 * What the cache asks of the rules (the classifier) for a new shape with a number kept for its
 * meaning: their decision on the message, as a key equal for equal decisions (a rule id), or
 * undefined when it cannot say. Shapes decided alike may share a template across that number.
 * The decider caches its decision in `decided.ruleIndex` (the shape's entry), as classifying does,
 * with `decided.ruleLevel` when the decision holds at every level (rule-level.ts ANY_LEVEL), so
 * the rules still run once per shape.
 */
export interface RuleDecider {
  decisionKey?(decided: RuleDecision, message: string, kind: string): string | undefined;
}

/** A rule decision cached on a shape's entry (TemplateEntry.ruleIndex, ruleLevel). */
export interface RuleDecision {
  ruleIndex?: number;
  ruleLevel?: number;
}

/**
 * One message shape (the message with its digit-bearing words masked, fingerprint.ts) and what is
 * cached for it: the rule decision, and the template cluster it belongs to. Rules are decided per
 * shape, not per cluster, so two shapes that cluster together (`Invalid user admin from <*>`,
 * `Invalid user test from <*>`) still get each their own rule decision: a cluster never hands one
 * shape's rule to another.
 */
export interface TemplateEntry {
  /** Rule decision, computed once per shape: undefined = not yet evaluated. */
  ruleIndex?: number;
  /** The kind of record ruleIndex was decided for (a rule may be bound to a kind). */
  ruleKind?: string;
  /**
   * The level range ruleIndex was decided for (rule-level.ts levelRange; a rule may be bound to
   * levels); 0: no level; ANY_LEVEL (-1): every level, no rule bound to levels took part.
   */
  ruleLevel?: number;
  /**
   * Decisions of the shape at level ranges other than ruleLevel's, by range (rule-classifier.ts
   * ruleAtLevel); undefined until a record of the shape comes at another level.
   */
  levelRules?: Int32Array;
  /** The classifier's reading of the shape when no rule decides it (rule-classifier.ts), once per shape. */
  shape?: number;
  /** The template the shape belongs to (id, text, repetition counters). */
  cluster: TemplateCluster;
  epoch: number;
  /** The shape hash's other 32 bits (fingerprint.ts lastShapeCheck): a key shared by two shapes is told apart. */
  readonly check: number;
  /**
   * The names with a digit of the shape's first message (fingerprint.ts nameKey), which its
   * template shows although the shape masks them; 0 once another name came (or none was there).
   */
  names: number;
}

/**
 * Bounded maps from message shape to entry and of template clusters, both LRU. Recency is tracked
 * in epochs instead of on every hit (a delete+set per line would double the map work on the hot
 * path): an entry is moved to the young end at most once per epoch, and the oldest entries are
 * evicted past the cap.
 *
 * Ids: a cluster's id is the hash of its first template, so the same first message shape gives
 * the same id in every process and after every restart, and later shapes that join the cluster
 * get that id too. When a cluster is evicted (the least recently used, past `maxTemplates`), its
 * shapes cluster again on their next line: the new cluster's id is the hash of that line's
 * template, which is the old id when the same shape comes back first; repetition counts restart.
 * When two clusters converge (one's template comes to cover the other's), the one created first
 * keeps its id and takes the other's counts; the other's shapes move to it on their next record.
 */
export class TemplateCache {
  /**
   * Keyed by 31 bits of the shape's hash (a small integer: a hit costs one scan of the message, one
   * integer-keyed lookup and no allocation), each entry checked against 32 more bits.
   */
  private readonly shapes = new Map<number, TemplateEntry>();
  /**
   * The rare shapes whose 31-bit key another shape holds, by their 53-bit hash; capped, oldest
   * first out (a shape dropped here is decided again on its next record, like an evicted one).
   */
  private readonly collided = new Map<number, TemplateEntry>();
  private readonly maxCollided: number;
  private readonly clusters = new Set<TemplateCluster>();
  private readonly clusterer = new TemplateClusterer();
  private epoch = 0;
  private insertsThisEpoch = 0;
  private readonly epochLength: number;
  evictions = 0;

  constructor(private readonly maxTemplates: number) {
    this.epochLength = Math.max(16, maxTemplates >> 2);
    this.maxCollided = Math.max(16, maxTemplates >> 4);
  }

  /** Shapes remembered. */
  get size(): number {
    return this.shapes.size + this.collided.size;
  }

  /** Template clusters remembered. */
  get clusterCount(): number {
    return this.clusters.size;
  }

  /**
   * After a rule reload: every shape is evaluated again against the new rules on its next record.
   * Clusters (ids, text, repetition counters) are kept: rules live on shapes, not on clusters.
   */
  forgetRuleDecisions(): void {
    for (const e of this.shapes.values()) e.ruleIndex = e.levelRules = undefined;
    for (const e of this.collided.values()) e.ruleIndex = e.levelRules = undefined;
  }

  /**
   * The entry of the message's shape. `kind` (the record's group kind) and `rules` are read only
   * for a new shape with a kept number (`signal 9`, `status code 403`, fingerprint.ts): the
   * template generalises that number across shapes the rules decide alike, and keeps it where a
   * rule tells the values apart (template-clusterer.ts `assign`). Rule decisions themselves stay
   * per shape, so exact per value, either way. Without `rules` a kept number never generalises.
   * The decision a cluster was formed with is not revisited after a rule reload: shapes decided
   * otherwise by the new rules form clusters of their own from then on.
   */
  get(message: string, kind = 'single', rules?: RuleDecider): TemplateEntry {
    const key = shapeKey(message);
    const check = lastShapeCheck();
    let e = this.shapes.get(key);
    if (e !== undefined) {
      if (e.check !== check) return this.getCollided(message, check, kind, rules);
      if (e.epoch !== this.epoch) {
        this.shapes.delete(key);
        this.shapes.set(key, e);
        e.epoch = this.epoch;
      }
      return this.current(e, message, kind, rules);
    }
    e = this.newEntry(message, check, kind, rules);
    if (this.shapes.size >= this.maxTemplates) {
      const oldest = this.shapes.keys().next().value as number;
      this.shapes.delete(oldest);
      this.evictions++;
    }
    this.shapes.set(key, e);
    this.tick();
    return e;
  }

  /** A shape whose 31-bit key another shape holds (about one in 10^5 at the default cap). */
  private getCollided(message: string, check: number, kind: string, rules: RuleDecider | undefined): TemplateEntry {
    const key = lastShapeHash();
    let e = this.collided.get(key);
    if (e !== undefined) return this.current(e, message, kind, rules);
    e = this.newEntry(message, check, kind, rules);
    if (this.collided.size >= this.maxCollided) this.collided.delete(this.collided.keys().next().value as number);
    this.collided.set(key, e);
    return e;
  }

  private newEntry(message: string, check: number, kind: string, rules: RuleDecider | undefined): TemplateEntry {
    const decided: RuleDecision = { ruleIndex: undefined, ruleLevel: undefined };
    const cluster = this.place(message, kind, rules, decided);
    return {
      ruleIndex: decided.ruleIndex, ruleKind: decided.ruleIndex === undefined ? undefined : kind, ruleLevel: decided.ruleLevel, levelRules: undefined,
      shape: undefined, cluster, epoch: this.epoch, check, names: nameKey(message),
    };
  }

  /** The entry, its cluster followed if merged away (moved) or marked as used this epoch. */
  private current(e: TemplateEntry, message: string, kind: string, rules: RuleDecider | undefined): TemplateEntry {
    const c = e.cluster;
    if (!c.alive) e.cluster = this.moved(e, message, kind, rules);
    else if (c.epoch !== this.epoch) this.touch(c);
    if (e.names !== 0) this.checkNames(e, message);
    return e;
  }

  /**
   * A shape whose messages carry names with a digit (`via interface ee0`): the shape masks them,
   * the template shows the first one. When another name comes (`alt0`), the name is a value of
   * the event: the template text takes `<*>` there, under the same id (grouping is the shape's,
   * unchanged). Costs a second scan per record only for shapes with such a name, until then.
   */
  private checkNames(e: TemplateEntry, message: string): void {
    if (nameKey(message) === e.names) return;
    e.names = 0;
    this.clusterer.widen(e.cluster, clusterTokens(flatCopy(message)));
  }

  private tick(): void {
    if (++this.insertsThisEpoch >= this.epochLength) {
      this.epoch++;
      this.insertsThisEpoch = 0;
    }
  }

  private touch(c: TemplateCluster): void {
    this.clusters.delete(c);
    this.clusters.add(c);
    c.epoch = this.epoch;
  }

  /** Where a shape whose cluster is gone belongs: the cluster it merged into, else clustered again. */
  private moved(e: TemplateEntry, message: string, kind: string, rules: RuleDecider | undefined): TemplateCluster {
    let to = e.cluster.mergedInto;
    while (to !== undefined && !to.alive) to = to.mergedInto;
    if (to === undefined) return this.place(message, kind, rules, e);
    if (to.epoch !== this.epoch) this.touch(to);
    return to;
  }

  /** Clusters a shape not seen (or whose cluster was evicted). */
  private place(message: string, kind: string, rules: RuleDecider | undefined, decided: RuleDecision): TemplateCluster {
    // Tokens from a copy: the message is often a slice of a large input chunk, and a cluster keeps
    // its tokens (and merged ones) alive for as long as it lives.
    const tokens = clusterTokens(flatCopy(message));
    const decision = rules?.decisionKey !== undefined && tokens.some(hasKeptNumber) ? rules.decisionKey(decided, message, kind) : undefined;
    const { cluster, created, merged } = this.clusterer.assign(tokens, decision);
    for (const m of merged) this.clusters.delete(m);
    if (!created) {
      this.touch(cluster);
      return cluster;
    }
    cluster.epoch = this.epoch;
    if (this.clusters.size >= this.maxTemplates) {
      const oldest = this.clusters.values().next().value as TemplateCluster;
      this.clusters.delete(oldest);
      this.clusterer.remove(oldest);
    }
    this.clusters.add(cluster);
    return cluster;
  }
}
