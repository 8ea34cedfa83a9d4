import { Severity } from '../model/severity.js';
import type { LifecycleEvent } from '../model/record.js';
import type { RuleDecision, TemplateEntry } from '../template/template-cache.js';
import type { TemplateCluster } from '../template/template-clusterer.js';
import type { Classification, Classifier } from './classifier.js';
import type { CompiledRule } from './load-rules.js';
import { RuleIndex } from './rule-index.js';
import { ANY_LEVEL, levelAllows, levelRange } from './rule-level.js';
import { STACK_KINDS } from '../group/stack-kinds.js';
import { CALL_FAILED_WORDS, CRASH_WORDS, ERROR_WORDS, failureWords } from './failure-words.js';
import {
  ARTEFACT, CONTINUATION, DEBUG_TEXT, FRAME, HTTP_REQUEST, PASTED_COMMAND, SHELL_TRACE, TRACE_TEXT, UNIT_STATUS_MASK, UNIT_STATUS_SHIFT, USAGE_TEXT,
  chatterShape, httpFailure,
} from './chatter-shape.js';
import { FAILURE_BEYOND_WARNING, FAILURE_VOCABULARY, LIFECYCLE_VOCABULARY, vocabularyBits } from './line-vocabulary.js';
import { UNIT_CONTEXT, UNIT_NOISE, UNIT_RESTART, UNIT_SIGNAL } from './systemctl-status.js';

export interface RuleClassifierOptions {
  repeatWindowMs: number;
  repeatThreshold: number;
  /** A template no rule knows, below WARN, that comes again within this long is chatter (default 10 min). */
  chatterWithinMs?: number;
}

/** Shape flags cached on the entry (chatter-shape.ts), with the vocabulary (line-vocabulary.ts) above them. */
const VOCABULARY_SHIFT = 16;
const FAILURE_SPOKEN = FAILURE_VOCABULARY << VOCABULARY_SHIFT;
const LIFECYCLE_SPOKEN = LIFECYCLE_VOCABULARY << VOCABULARY_SHIFT;
const FAILURE_BEYOND_LEVEL = FAILURE_BEYOND_WARNING << VOCABULARY_SHIFT;

/**
 * The events that end the process itself or report it restarted: a line recurring after one of them
 * belongs to the next start (recurred). Not a kill, OOM or time-out, which mostly end a worker that
 * its master replaces (gunicorn, php-fpm, celery): what recurs then is the loop's own routine output.
 */
const ENDINGS: ReadonlySet<string> = new Set(['crash', 'exit', 'restart', 'backoff']);

const NO_RULE = -1;
/** No rule, and the message says something failed or crashed (failure-words.ts): cached as the entry's rule index. */
const NO_RULE_ERROR_WORDS = -2;
const NO_RULE_CRASH_WORDS = -3;
const NO_RULE_CALL_FAILED = -4;
/** Level ranges (rule-level.ts levelRange): none, then TRACE to FATAL. */
const LEVEL_RANGES = 7;
/** A level range not decided yet (ruleAtLevel): below every rule index and NO_RULE_* value. */
const UNDECIDED = -100;

function fixed(relevance: Classification['relevance'], score: number, rule: string, reason?: string, event?: LifecycleEvent): Classification {
  return Object.freeze(event === undefined ? { relevance, score, rule, reason, severityNumber: 0 } : { relevance, score, rule, reason, event, severityNumber: 0 });
}

/** The decisions on `systemctl status` lines, indexed by their reading (systemctl-status.ts UNIT_*; 0: not one). */
function unitStatusDecisions(): readonly (Classification | undefined)[] {
  const d: (Classification | undefined)[] = new Array<Classification | undefined>((UNIT_STATUS_MASK >> UNIT_STATUS_SHIFT) + 1).fill(undefined);
  d[UNIT_NOISE] = fixed('noise', 10, 'builtin.unit-status', "systemctl status: the unit's file, drop-ins, documentation, counters or process tree, not what happened");
  d[UNIT_CONTEXT] = fixed('context', 40, 'builtin.unit-status', "systemctl status: the unit's state, or a helper command's result");
  d[UNIT_SIGNAL] = fixed('signal', 75, 'builtin.unit-status', 'systemctl status: the unit failed, or its process ended with an error status or a fatal signal');
  d[UNIT_RESTART] = fixed('signal', 75, 'builtin.unit-status', "systemctl status: the unit's process ended and systemd is restarting it (activating, auto-restart)", 'restart');
  return d;
}

/** An unleveled line whose text carries a debug or trace level (chatter-shape.ts): noise, at that severity. */
function levelInText(severityNumber: number, level: string): Classification {
  return Object.freeze({
    relevance: 'noise' as const, score: 15, rule: 'builtin.severity', severityNumber,
    reason: `${level} level, read from the line's own level field`,
  });
}

/**
 * Rules first (evaluated once per template and cached on the template entry, so the regexes
 * run once per distinct message shape, not once per line); without a rule, relevance follows
 * severity, demoted when a template repeats past the rate and raised the first time a template
 * at WARN or above appears.
 */
export class RuleClassifier implements Classifier {
  private readonly fromRules: Classification[];
  private readonly hints = new Map<string, Readonly<Record<string, string | undefined>>>();
  private readonly index: RuleIndex;
  private readonly firstSeen = fixed('signal', 75, 'builtin.first-seen', 'a message never seen before at WARN or above');
  private readonly repetitive: Classification;
  private readonly stack = fixed('signal', 80, 'builtin.stack-trace', 'a stack trace');
  private readonly fatal = fixed('signal', 85, 'builtin.severity', undefined);
  private readonly error = fixed('signal', 70, 'builtin.severity', undefined);
  private readonly warn = fixed('context', 55, 'builtin.severity', undefined);
  private readonly warnFailure = fixed('signal', 60, 'builtin.failure-words', 'a warning that says something failed, again: a failure that keeps happening');
  private readonly info = fixed('context', 35, 'builtin.severity', undefined);
  private readonly unleveled = fixed('context', 30, 'builtin.severity', undefined);
  private readonly debug = fixed('noise', 15, 'builtin.severity', 'debug or trace level');
  private readonly debugFailure = fixed('context', 25, 'builtin.severity', 'debug or trace level, but the first time this message says an error or failure happened');
  private readonly crashWords = fixed('signal', 70, 'builtin.failure-words', 'no level, but the line says the process crashed or aborted');
  private readonly errorWords = fixed('signal', 60, 'builtin.failure-words', 'no level, but the line says something failed');
  private readonly artefact = fixed('noise', 5, 'builtin.artefact', 'a lone paste artefact (a ^C echo, a bare number): nothing to read');
  private readonly shellTrace = fixed('noise', 10, 'builtin.shell-trace', "a start script's shell trace (set -x) of the command it runs; what the command prints follows on its own lines");
  private readonly frame = fixed('signal', 70, 'builtin.frame', 'a stack frame standing alone: part of a crash or error report whose lines were not joined');
  private readonly pasted = fixed('noise', 5, 'builtin.pasted-command', 'a shell prompt and the command typed at it, pasted with the log: nothing the process did');
  private readonly usage = fixed('noise', 5, 'builtin.usage', "a program's usage text (an option and what it does): what the program accepts, not what it did");
  /** By UNIT_* (systemctl-status.ts): what a line of `systemctl status` output says. */
  private readonly unitStatus = unitStatusDecisions();
  private readonly debugText = levelInText(Severity.DEBUG, 'debug');
  private readonly traceText = levelInText(Severity.TRACE, 'trace');
  private readonly chatter: Classification;
  private readonly chatterWithinMs: number;
  /**
   * Records decided a failure so far (a signal that ends the process, at FATAL, or in words of a crash):
   * each template notes the count at its latest record, to tell whether one came between two of them.
   */
  private failures = 0;
  /**
   * Some rule is bound to a kind of record. A shape's cached decision holds for the kind of record
   * it was made for: a rule bound to a kind (`go.panic` on go-panic records) must not follow the
   * shape to a record of another kind, nor miss one (`panic: [group 903] entries unavailable` has
   * the message of the ERROR line logged just before it once `panic: ` is read as its level).
   * Rare, one shape in two kinds: read again for the other kind, without caching.
   */
  private readonly kindBound: boolean;
  /**
   * Some rule is bound to levels (`level:`): a shape's decision holds for the level it was made
   * at, and a record of the shape at another level is decided for that level's range, cached per
   * range beside it (a celery pool process's `WARNING/ForkPoolWorker-1] ...` print and its
   * `ERROR/...` line share a shape; so do a slow request logged at WARNING and at ERROR).
   */
  private readonly levelBound: boolean;
  /** Set by findRule: no rule bound to levels took part in its decision (ANY_LEVEL). */
  private levelFree = true;

  constructor(
    private readonly rules: CompiledRule[],
    private readonly opts: RuleClassifierOptions,
  ) {
    this.fromRules = rules.map((r) =>
      Object.freeze({
        relevance: r.relevance, score: r.score, rule: r.id, event: r.event, reason: r.reason, severityNumber: r.severityNumber,
        extract: r.extract, pack: r.pack, evidence: r.evidence, fallback: r.priority < 0,
      }),
    );
    for (const r of rules) if (r.hints !== undefined) this.hints.set(r.pack, r.hints);
    this.index = new RuleIndex(rules);
    this.kindBound = rules.some((r) => r.kind !== undefined);
    this.levelBound = rules.some((r) => r.levelMask !== 0);
    const perMinute = Math.round((opts.repeatThreshold * 60_000) / opts.repeatWindowMs);
    this.repetitive = fixed('noise', 10, 'builtin.repetitive', `repeats more than ${perMinute} times a minute at WARN or below`);
    this.chatterWithinMs = opts.chatterWithinMs ?? 600_000;
    const within = Math.round(this.chatterWithinMs / 60_000);
    this.chatter = fixed(
      'noise', 15, 'builtin.chatter',
      `routine chatter: the same message came again within ${within > 0 ? `${within} min` : `${this.chatterWithinMs} ms`}, at INFO or below, with no word of failure or lifecycle`,
    );
  }

  classify(entry: TemplateEntry, message: string, severityNumber: number, kind: string, timeMs: number): Classification {
    const c = this.decide(entry, message, severityNumber, kind, timeMs);
    if (c.relevance === 'signal' && ((c.event !== undefined && ENDINGS.has(c.event)) || severityNumber >= Severity.FATAL || entry.ruleIndex === NO_RULE_CRASH_WORDS)) {
      this.failures++;
    }
    return c;
  }

  private decide(entry: TemplateEntry, message: string, severityNumber: number, kind: string, timeMs: number): Classification {
    // Rules per message shape (exact as the masked message), repetition per template cluster.
    // A decision the template cache made for clustering (decisionKey) knew no level: decided again.
    // Level-bound rules see only a level's range, so the decision is kept per range, not per number,
    // or for every level when no level-bound rule took part in it (ANY_LEVEL).
    const level = this.levelBound ? levelRange(severityNumber) : 0;
    if (entry.ruleIndex === undefined || (this.levelBound && entry.ruleLevel === undefined)) {
      entry.ruleIndex = this.findRule(message, kind, severityNumber);
      entry.ruleKind = kind;
      entry.ruleLevel = this.levelFree ? ANY_LEVEL : level;
      entry.levelRules = undefined;
    }
    const template = entry.cluster;
    const failedBetween = template.failuresAtLast !== this.failures;
    template.failuresAtLast = this.failures;
    const previousMs = this.countRepetition(template, timeMs);
    const ruleIndex =
      this.kindBound && entry.ruleKind !== kind
        ? this.findRule(message, kind, severityNumber)
        : this.levelBound && entry.ruleLevel !== level && entry.ruleLevel !== ANY_LEVEL
          ? this.ruleAtLevel(entry, message, kind, severityNumber, level)
          : entry.ruleIndex;
    if (ruleIndex >= 0) return this.fromRules[ruleIndex];
    if (STACK_KINDS.has(kind)) return this.stack;
    const sev = severityNumber;
    // What the paste carries around the log (a prompt, systemctl's status) is read before its words.
    const shape = sev < Severity.WARN ? this.shapeOf(entry, message) : 0;
    if ((shape & PASTED_COMMAND) !== 0) return this.pasted;
    if ((shape & USAGE_TEXT) !== 0) return this.usage;
    const unit = this.unitStatus[(shape & UNIT_STATUS_MASK) >> UNIT_STATUS_SHIFT];
    if (unit !== undefined) return unit;
    // What a tool printed around the log (journalctl's catalog text, a placeholder) tells of the line it frames, whatever its words.
    if ((shape & ARTEFACT) !== 0 && kind === 'single') return this.artefact;
    if (sev === 0 && ruleIndex !== NO_RULE) {
      if (ruleIndex === NO_RULE_CRASH_WORDS) return this.crashWords;
      return template.windowCount > this.opts.repeatThreshold ? this.repetitive : this.errorWords;
    }
    if (sev >= Severity.WARN && template.seen === 1) return this.firstSeen;
    if (sev >= Severity.WARN && sev < Severity.ERROR) {
      const warned = this.warned(entry, message, ruleIndex);
      if (warned !== undefined) return warned;
    }
    if (sev < Severity.WARN) {
      const chatter = this.structural(entry, shape, message, sev, timeMs - previousMs, kind, failedBetween);
      if (chatter !== undefined) return chatter;
    }
    if (sev < Severity.ERROR && template.windowCount > this.opts.repeatThreshold) return this.repetitive;
    if (sev >= Severity.FATAL) return this.fatal;
    if (sev >= Severity.ERROR) return this.error;
    if (sev >= Severity.WARN) return this.warn;
    if (sev >= Severity.INFO) return this.info;
    if (sev === 0) return this.unleveled;
    // A debug message that says `error`, `failed` or a crash (failure-words.ts), the first time:
    // some programs log a failure they swallow (a version check's error) only at debug, and that
    // line may be all there is of it. Its repeats are noise as any debug line.
    if (template.seen === 1 && ruleIndex !== NO_RULE && ruleIndex !== NO_RULE_CALL_FAILED) return this.debugFailure;
    return this.debug;
  }

  /**
   * The structural decision for a line below WARN that no rule decides: what its shape and its
   * template's recurrence show (chatter-shape.ts, line-vocabulary.ts). Words of failure, a stack
   * frame's or a continuation's shape keep a line out of it; words of lifecycle keep it from being
   * chatter (a loop's boots recur too). Undefined: the severity decides as before.
   */
  private structural(
    entry: TemplateEntry, shape: number, message: string, sev: number, sincePreviousMs: number, kind: string, failedBetween: boolean,
  ): Classification | undefined {
    if (shape === 0) return this.recurred(entry, sincePreviousMs, failedBetween) ? this.chatterOrRate(entry) : undefined;
    // An artefact heads no record: lines joined under one (a bare time, then the lines it stamps) are
    // read as the record (a lone artefact was decided before the level was read).
    if ((shape & ARTEFACT) !== 0) return undefined;
    // A flood of unjoined frames is still a flood: the repetition rate holds for them too.
    if ((shape & FRAME) !== 0) return entry.cluster.windowCount > this.opts.repeatThreshold ? this.repetitive : this.frame;
    if ((shape & FAILURE_SPOKEN) !== 0) return undefined;
    if ((shape & SHELL_TRACE) !== 0) return this.shellTrace;
    if ((shape & CONTINUATION) !== 0) return undefined;
    if (sev === 0 && (shape & DEBUG_TEXT) !== 0) return (shape & TRACE_TEXT) !== 0 ? this.traceText : this.debugText;
    if ((shape & LIFECYCLE_SPOKEN) !== 0) return undefined;
    if ((shape & HTTP_REQUEST) !== 0 && httpFailure(message)) return undefined;
    return this.recurred(entry, sincePreviousMs, failedBetween) ? this.chatterOrRate(entry) : undefined;
  }

  /**
   * A WARN line seen before, that no rule knows: a stack frame is a frame at any level (a logger
   * that writes its header on each line of a traceback, as celery's `[time: WARNING/MainProcess]`
   * does, gives every frame the record's level and the same template); and a warning that says
   * something failed (failure-words.ts: `failed`, `error`, `exception`, `died`, `killed`, not
   * negated) is a signal as an unleveled line saying so is, until it repeats past the rate.
   * Undefined: the severity decides.
   */
  private warned(entry: TemplateEntry, message: string, ruleIndex: number): Classification | undefined {
    const flood = entry.cluster.windowCount > this.opts.repeatThreshold;
    const shape = this.shapeOf(entry, message);
    if ((shape & FRAME) !== 0) return flood ? this.repetitive : this.frame;
    if (ruleIndex <= NO_RULE_ERROR_WORDS || (shape & FAILURE_BEYOND_LEVEL) !== 0) {
      return flood ? this.repetitive : this.warnFailure;
    }
    return undefined;
  }

  /** The shape flags and vocabulary of the entry's message shape, read once per shape. */
  private shapeOf(entry: TemplateEntry, message: string): number {
    let shape = entry.shape;
    if (shape === undefined) entry.shape = shape = chatterShape(message) | (vocabularyBits(message) << VOCABULARY_SHIFT);
    return shape;
  }

  /** Chatter, or past the repetition rate the rate's own decision (its explanation is the more telling). */
  private chatterOrRate(entry: TemplateEntry): Classification {
    return entry.cluster.windowCount > this.opts.repeatThreshold ? this.repetitive : this.chatter;
  }

  /**
   * The template's previous record came within chatterWithinMs of this one (on event time), with no
   * failure between them (`failedBetween`): a line that comes again after a crash or an exit
   * belongs to the next start of what failed (a looping container's banner and start-up detail), and
   * that start is what the failure is about, not routine chatter. Once per failure and template.
   */
  private recurred(entry: TemplateEntry, sincePreviousMs: number, failedBetween: boolean): boolean {
    return !failedBetween && entry.cluster.seen > 1 && Math.abs(sincePreviousMs) <= this.chatterWithinMs;
  }

  classifyException(entry: TemplateEntry, exception: string): Classification | undefined {
    // The line as it would be alone; repetition is counted on the traceback's own template.
    if (entry.ruleIndex === undefined) {
      entry.ruleIndex = this.findRule(exception, 'single');
      entry.ruleKind = 'single';
      entry.ruleLevel = this.levelFree ? ANY_LEVEL : 0;
    }
    if (entry.ruleIndex < 0) return undefined;
    const c = this.fromRules[entry.ruleIndex];
    return c.event !== undefined && c.relevance === 'signal' ? c : undefined;
  }

  /**
   * The decision for a record of the shape at a level range other than the one its decision was
   * made at (and of the same kind), made once per range: a shape logged at two levels would
   * otherwise search the rules at every record of the second (4,766 searches, ~0.1 ms each, on
   * the 2M-line realistic workload, for its `Slow request` lines at WARNING and ERROR).
   */
  private ruleAtLevel(entry: TemplateEntry, message: string, kind: string, severityNumber: number, level: number): number {
    const byLevel = (entry.levelRules ??= new Int32Array(LEVEL_RANGES).fill(UNDECIDED));
    if (byLevel[level] === UNDECIDED) byLevel[level] = this.findRule(message, kind, severityNumber);
    return byLevel[level];
  }

  /** The deciding rule's id, or how no rule decided (-1, or the failure words' -2 / -3 / -4). */
  decisionKey(decided: RuleDecision, message: string, kind: string): string {
    if (decided.ruleIndex === undefined) {
      decided.ruleIndex = this.findRule(message, kind);
      // Made without a level: it stands for the record's own level only when no level-bound rule
      // took part; else classify decides again at the record's level.
      decided.ruleLevel = this.levelFree ? ANY_LEVEL : undefined;
    }
    const i = decided.ruleIndex;
    return i >= 0 ? this.rules[i].id : String(i);
  }

  hintFor(pack: string, cause: string): string | undefined {
    const h = this.hints.get(pack);
    return h !== undefined && Object.hasOwn(h, cause) ? h[cause] : undefined;
  }

  /**
   * `severityNumber`: the record's own level; NaN when it is not known (rules bound to levels are
   * passed over). Sets `levelFree`: the decision is the same at every level when no level-bound
   * candidate was passed over for its level and none matched (one that was tried and failed would
   * fail at any level).
   */
  private findRule(message: string, kind: string, severityNumber = NaN): number {
    this.index.scan(message);
    // The candidates in rule order: the first that matches is the first of all rules that does.
    const candidates = this.index.candidates();
    let levelFree = true;
    for (let k = 0; k < candidates.length; k++) {
      const i = candidates[k];
      const r = this.rules[i];
      if (r.kind !== undefined && r.kind !== kind) continue;
      if (r.levelMask !== 0) {
        if (!levelAllows(r.levelMask, severityNumber)) {
          levelFree = false;
          continue;
        }
        if (r.matches(message)) {
          this.levelFree = false;
          return i;
        }
        continue;
      }
      if (r.matches(message)) {
        this.levelFree = levelFree;
        return i;
      }
    }
    this.levelFree = levelFree;
    const words = failureWords(message);
    if (words === CRASH_WORDS) return NO_RULE_CRASH_WORDS;
    return words === ERROR_WORDS ? NO_RULE_ERROR_WORDS : words === CALL_FAILED_WORDS ? NO_RULE_CALL_FAILED : NO_RULE;
  }

  /**
   * A tumbling window per template on event time; a jump backwards past a window restarts it.
   * Returns the time of the template's previous record (what recurrence is measured from).
   */
  private countRepetition(e: TemplateCluster, timeMs: number): number {
    e.seen++;
    const previousMs = e.lastMs;
    e.lastMs = timeMs;
    const w = this.opts.repeatWindowMs;
    if (timeMs - e.windowStartMs >= w || timeMs < e.windowStartMs - w) {
      e.windowStartMs = timeMs;
      e.windowCount = 0;
    }
    e.windowCount++;
    return previousMs;
  }
}
