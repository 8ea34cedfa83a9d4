import type { LogRecord, PodIdentity, RawEntry } from '../model/record.js';
import { flatCopy } from '../model/flat-copy.js';
import { Severity, severityText } from '../model/severity.js';
import { decodeContainerLine, type ContainerLine } from '../decode/container-line.js';
import type { PrefixIdentity } from '../decode/line-prefix.js';
import { stripLinePrefix, stripLinePrefixOrTentative } from '../decode/line-prefixes.js';
import { PrefixRuns, type HeldLine } from '../decode/prefix-runs.js';
import { PartialAssembler, type PendingPiece } from '../decode/partial-assembler.js';
import { parseAppLine } from '../parse/app-line.js';
import { StreamHeaders } from '../parse/stream-header.js';
import { eventTime } from './event-time.js';
import { MultilineGrouper, type GroupLine, type LineGroup } from '../group/multiline-grouper.js';
import { failureLine } from '../group/failure-line.js';
import { isBlank } from '../group/line-shape.js';
import { STACK_KINDS } from '../group/stack-kinds.js';
import { WHOLE_BODY_KINDS } from '../group/whole-body-kinds.js';
import { TemplateCache } from '../template/template-cache.js';
import type { Classification, Classifier } from '../classify/classifier.js';
import { classifierFromSources } from '../classify/create-classifier.js';
import type { LiveSettings, ReconfigureResult } from './live-settings.js';
import { PodStateStore, type LoopTransition } from '../state/pod-state-store.js';
import type { PodStateCheckpoint } from '../state/pod-state-checkpoint.js';
import type { SelfTelemetry } from '../telemetry/self-telemetry.js';
import type { PipelineConfig } from './pipeline-config.js';
import { parseDuration } from '../config/duration.js';
import { loopRecord } from './loop-record.js';
import { RecordCounts } from './record-counts.js';
import { podKey } from '../state/pod-key.js';
import { ruleCaptures } from '../classify/rule-captures.js';
import { ContainerInstances } from '../state/container-instances.js';
import { LifecycleEpisodes, verdictReason, type EpisodeVerdict } from '../state/lifecycle-episodes.js';
import { subjectPid } from '../state/subject-pid.js';
import { KUBECTL_PODS, readPodRow } from '../parse/kubectl-pods.js';
import { diesOnFatal } from './fatal-level-exit.js';
import { PodTableRows } from '../state/pod-table-rows.js';
import { OomExitCodes } from '../state/oom-exit-codes.js';

export interface PipelineDeps {
  config: PipelineConfig;
  classifier: Classifier;
  telemetry: SelfTelemetry;
  /** Identity for lines that carry none. */
  defaultPod: PodIdentity;
  /** Arrival clock (ms); injected so windows and flushes are testable without sleeping. */
  clock?: () => number;
}

/**
 * The synchronous core: decode → group → parse → template → classify → count. Sources push
 * arrays of raw entries; tagged records come out through `output`, one call per `process`.
 */
export class Pipeline {
  readonly pods: PodStateStore;
  private readonly assembler: PartialAssembler;
  private readonly grouper: MultilineGrouper;
  private readonly templates: TemplateCache;
  /** Headers learned per stream (pod container) for lines no format claims as they stand. */
  private readonly headers: StreamHeaders<PodIdentity>;
  private readonly clock: () => number;
  private readonly maxLineBytes: number;
  private readonly flushAfterMs: number;
  private readonly groupKeys = new GroupKeys();
  private out: LogRecord[] = [];
  /** assembler.cutLines when its evicted pieces were last taken. */
  private cutSeen = 0;
  private now = 0;
  /** Swapped by `reconfigure`; everything else the pipeline holds survives a reload. */
  private classifier: Classifier;
  private defaultPod: PodIdentity;
  /** Container instance per pod (RawEntry.containerId); a new one is a restart. */
  readonly instances: ContainerInstances;
  /** What came before each pod's lifecycle lines: boots after failures, repeated starts and failures. */
  readonly episodes: LifecycleEpisodes;
  /** The last (pod, container id) seen: lines of one instance come in runs. */
  private instancePod: PodIdentity | undefined;
  private instanceId: string | undefined;
  /** Identity of prefixed lines that carry no pod of their own: the prefix over the defaults. */
  private prefixPods = new WeakMap<PrefixIdentity, PodIdentity>();
  /** Lines with a tentative prefix, each waiting for its stream's next line (prefix-runs.ts). */
  private readonly prefixRuns: PrefixRuns<RawEntry>;
  /** Records out, indexed by relevance x severity number; `logsift.log.records` reads it. */
  readonly recordCounts = new RecordCounts();
  /** Per pod, the last row of a pasted `kubectl get pods` table, and OOM kills in describe blocks. */
  private readonly podRows: PodTableRows;
  private readonly oomExitCodes: OomExitCodes;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly output: (records: LogRecord[]) => void,
  ) {
    const c = deps.config;
    this.clock = deps.clock ?? Date.now;
    this.classifier = deps.classifier;
    this.defaultPod = deps.defaultPod;
    this.maxLineBytes = c.maxLineBytes;
    this.flushAfterMs = parseDuration(c.multiline.flushAfter);
    this.assembler = new PartialAssembler({
      maxBytes: c.maxLineBytes,
      maxKeys: c.multiline.maxStreams,
      maxHeldBytes: Math.max(8 * c.maxLineBytes, MAX_HELD_PIECE_BYTES),
    });
    this.grouper = new MultilineGrouper(
      {
        maxLines: c.multiline.maxLines,
        maxBytes: c.multiline.maxBytes,
        flushAfterMs: this.flushAfterMs,
        maxStreams: c.multiline.maxStreams,
      },
      (group) => this.onGroup(group),
    );
    this.templates = new TemplateCache(c.templates.maxTemplates);
    this.headers = new StreamHeaders<PodIdentity>(podKey);
    this.pods = new PodStateStore({
      windows: c.windows.map((label) => ({ label, ms: parseDuration(label) })),
      loop: {
        windowMs: parseDuration(c.restartLoop.window),
        minRestarts: c.restartLoop.minRestarts,
        quietPeriodMs: parseDuration(c.restartLoop.quietPeriod),
      },
      maxPods: c.pods.maxPods,
      idleTimeoutMs: parseDuration(c.pods.idleTimeout),
      // Read at each loop description, so a classifier swapped in later brings its packs' hints.
      hintFor: (pack, cause) => this.classifier.hintFor?.(pack, cause),
    });
    this.instances = new ContainerInstances(c.pods.maxPods);
    this.episodes = new LifecycleEpisodes({ maxPods: c.pods.maxPods, cycleMs: parseDuration(c.restartLoop.window) });
    this.prefixRuns = new PrefixRuns(c.multiline.maxStreams);
    this.podRows = new PodTableRows(c.pods.maxPods);
    this.oomExitCodes = new OomExitCodes(c.pods.maxPods);
  }

  /** Processes a batch of raw entries; emits the records that are complete. */
  process(entries: RawEntry[]): void {
    this.now = this.clock();
    for (let i = 0; i < entries.length; i++) this.processEntry(entries[i]);
    this.emit();
  }

  /**
   * `process` of the entries `{ line, pod, streamKey, containerId }` for each of `lines` (a file
   * or stdin read by the CLI), with one entry object for all of them instead of one per line:
   * nothing keeps an entry past its line (a held one is copied, as for a worker's reused entries).
   */
  processLines(lines: string[], pod: PodIdentity | undefined, streamKey: string, containerId?: string): void {
    this.now = this.clock();
    const entry = this.lineEntry;
    entry.pod = pod;
    entry.streamKey = streamKey;
    entry.containerId = containerId;
    for (let i = 0; i < lines.length; i++) {
      entry.line = lines[i];
      this.processEntry(entry);
    }
    entry.line = '';
    entry.pod = undefined;
    entry.containerId = undefined;
    this.emit();
  }

  /** Scratch for processLines (every RawEntry field, so its shape never changes). */
  private readonly lineEntry: RawEntry = {
    line: '', timeMs: undefined, pod: undefined, streamKey: undefined, stream: undefined, unwrapped: false, containerId: undefined, severityNumber: undefined,
  };

  private processEntry(entry: RawEntry): void {
    let line = entry.line;
    const truncated = line.length > this.maxLineBytes;
    if (truncated) {
      line = line.slice(0, this.maxLineBytes);
      this.deps.telemetry.truncatedLines.add('line');
    }
    let decoded = decodeContainerLine(line, entry.unwrapped === true);
    if (truncated) decoded.truncated = true;
    const transportPod = decoded.pod ?? entry.pod;
    const pod = transportPod ?? this.defaultPod;
    // Lines that name their pod (a Fluent Bit record) group per pod even when one file mixes pods.
    const key = decoded.pod !== undefined ? podKey(pod) : (entry.streamKey ?? podKey(pod));
    // CRI `P` lines and Fluent Bit `_p: P` records are pieces of one long line.
    const whole = this.assembler.push(key, decoded, this.now);
    if (this.assembler.cutLines !== this.cutSeen) this.emitPieces(this.assembler.takeEvicted());
    if (!whole) return;
    decoded = stripLinePrefixOrTentative(whole);
    if (decoded.tentative === true || this.prefixRuns.holds(key)) {
      // A prefix its shape alone does not prove: the stream's next line decides (prefix-runs.ts).
      // The entry may be held past this batch: a copy, since a worker reuses its entry objects.
      const settled: HeldLine<RawEntry>[] = [];
      this.prefixRuns.offer(key, whole, decoded, { ...entry }, this.now, settled);
      this.placeSettled(settled);
      return;
    }
    this.placeLine(decoded, entry, key, transportPod, pod);
  }

  /** One complete line, its prefix settled, to its pod's multi-line grouper. */
  private placeLine(decoded: ContainerLine, entry: RawEntry, key: string, transportPod: PodIdentity | undefined, pod: PodIdentity): void {
    let groupKey = key;
    if (decoded.prefix !== undefined) {
      // Several containers merged into one stream (compose, kubectl --prefix, stern): each its own groups.
      if (transportPod === undefined) groupKey = podKey((pod = this.prefixPod(decoded.prefix)));
      else groupKey = key + '\u0001' + decoded.prefix.key;
    }
    const containerId = decoded.containerId ?? entry.containerId;
    if (containerId !== undefined && (pod !== this.instancePod || containerId !== this.instanceId)) {
      this.noteInstance(pod, containerId, key, decoded, entry.timeMs);
    }
    // The pod rides along as the group's context: one less object per line.
    const groupLine: GroupLine = {
      // A copy of the line's text, not a slice of the input chunk it was read in: what outlives
      // the batch (a pending group, state read from the line) would otherwise keep the whole
      // chunk alive and promote it to the old generation. On the realistic workload the copy
      // cut what scavenges promote from 125 to 14 MB per 2M lines and peak RSS by ~40 MiB.
      text: flatCopy(decoded.text),
      timeMs: decoded.timeMs ?? entry.timeMs,
      stream: decoded.stream ?? entry.stream,
      observedMs: this.now,
      severityNumber: entry.severityNumber,
      context: pod,
      truncated: decoded.truncated === true,
    };
    if (!this.grouper.place(this.groupKeys.get(groupKey, groupLine.stream), groupLine)) this.onRecord(groupLine, 1, groupLine.text, 'single');
  }

  /** Held lines of unconfirmed prefixes that waited since `limitMs` (all, without) go on as written. */
  private releaseHeld(limitMs?: number): void {
    if (this.prefixRuns.size === 0) return;
    const settled: HeldLine<RawEntry>[] = [];
    this.prefixRuns.release(settled, limitMs);
    this.placeSettled(settled);
  }

  /** Held lines whose prefix is settled (taken or refused), in their stream's order. */
  private placeSettled(settled: HeldLine<RawEntry>[]): void {
    for (const h of settled) {
      const transportPod = h.stripped.pod ?? h.entry.pod;
      this.placeLine(h.stripped, h.entry, h.key, transportPod, transportPod ?? this.defaultPod);
    }
  }

  /**
   * A line whose container id differs from the last one seen for its pod. A new instance is a
   * restart: the previous instance's pending groups are closed first, so that its last records
   * are the evidence for this restart; the restart is dated by the new instance's first line.
   */
  private noteInstance(pod: PodIdentity, id: string, streamKey: string, first: ContainerLine, transportMs: number | undefined): void {
    this.instancePod = pod;
    this.instanceId = id;
    const key = podKey(pod);
    const change = this.instances.classify(key, id);
    if (change === 'first') this.instances.advance(key, id, streamKey);
    if (change !== 'new') return;
    const previous = this.instances.streamKeyOf(key);
    if (previous !== undefined) this.flushStream(previous);
    const before = this.instances.advance(key, id, streamKey);
    const ref = first.timeMs ?? transportMs;
    const timeMs = eventTime(parseAppLine(first.text, ref ?? this.now).timeMs, ref) ?? NaN;
    const t = this.pods.observeRestart(pod, timeMs, this.now, before);
    this.episodes.restart(key, pod, Number.isFinite(timeMs) ? timeMs : this.now);
    if (t) this.onLoopTransition(t);
  }

  /** The pod state and the container instances as one plain-data checkpoint (PodStateCheckpoint). */
  checkpoint(nowMs: number): PodStateCheckpoint {
    return { ...this.pods.checkpoint(nowMs), instances: this.instances.checkpoint(), episodes: this.episodes.checkpoint() };
  }

  /** Loads a checkpoint into an empty pipeline; refuses (throws) as PodStateStore.restore does. */
  restore(data: unknown, nowMs: number): { pods: number; windows: boolean; skipped: number } {
    const result = this.pods.restore(data, nowMs);
    this.instances.restore((data as { instances?: unknown }).instances);
    this.episodes.restore((data as { episodes?: unknown }).episodes, podKey);
    return result;
  }

  /** Emits the pending multi-line groups of one stream key (each of its streams). */
  private flushStream(key: string): void {
    this.grouper.flushKey(key);
    this.grouper.flushKey(key + '\u0000stdout');
    this.grouper.flushKey(key + '\u0000stderr');
  }

  private prefixPod(prefix: PrefixIdentity): PodIdentity {
    let pod = this.prefixPods.get(prefix);
    if (pod === undefined) {
      const d = this.defaultPod;
      pod = Object.freeze({
        namespace: prefix.namespace ?? d.namespace,
        pod: prefix.pod ?? d.pod,
        container: prefix.container ?? d.container,
        ...(d.node !== undefined ? { node: d.node } : {}),
      });
      this.prefixPods.set(prefix, pod);
    }
    return pod;
  }

  /** Periodic work in a live service: idle group flush, loop clearing, pod expiry. */
  tick(): void {
    this.now = this.clock();
    // An unterminated CRI `P` chain goes out after the same quiet interval as a pending group.
    this.emitPieces(this.assembler.flushIdle(this.now, this.flushAfterMs));
    this.releaseHeld(this.now - this.flushAfterMs);
    this.grouper.flushIdle(this.now);
    for (const t of this.pods.tick(this.now)) this.onLoopTransition(t);
    this.emit();
  }

  /** End of input: emit everything pending. */
  flush(): void {
    this.now = this.clock();
    this.emitPieces(this.assembler.drain());
    this.releaseHeld();
    this.grouper.flushAll();
    this.emit();
  }

  /**
   * Live reload, called between batches: a new classifier built from the settings' pack texts
   * (a pack that fails to compile leaves the running one in place). Pod windows, totals, loop
   * state, pending multi-line groups and template statistics are kept; only the rule decisions
   * cached on templates are forgotten, since they index the old rule list.
   */
  reconfigure(live: LiveSettings): ReconfigureResult {
    let classifier: Classifier;
    try {
      classifier = classifierFromSources(live.classify, live.rules);
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    this.classifier = classifier;
    this.defaultPod = live.defaultPod;
    this.prefixPods = new WeakMap();
    this.templates.forgetRuleDecisions();
    return { ok: true, rules: live.rules.length };
  }

  /** Unfinished lines the assembler let go (quiet, bounds, end of input) continue down the pipeline. */
  private emitPieces(pieces: PendingPiece[]): void {
    this.cutSeen = this.assembler.cutLines;
    for (const piece of pieces) {
      const line = stripLinePrefix(piece.line);
      const pod = piece.pod ?? (line.prefix !== undefined ? this.prefixPod(line.prefix) : this.defaultPod);
      this.grouper.push(this.groupKeys.get(piece.key, line.stream), { text: line.text, timeMs: line.timeMs, stream: line.stream, observedMs: this.now, context: pod, truncated: line.truncated });
    }
  }

  private emit(): void {
    if (this.out.length === 0) return;
    const batch = this.out;
    this.out = [];
    this.output(batch);
  }

  private onGroup(group: LineGroup): void {
    const lines = group.lines;
    this.onRecord(group.first, lines.length, lines.length === 1 ? lines[0] : lines.join('\n'), group.kind, group.truncated === true);
  }

  /** One record: `body` is the group's lines joined, `first` the values of its first line. */
  private onRecord(first: GroupLine, lineCount: number, body: string, kind: string, truncated = first.truncated === true): void {
    let pod = first.context as PodIdentity;
    // The transport's time dates lines that carry no year (klog, syslog).
    // A kind whose header spans its lines (java.util.logging's) is parsed whole.
    const app = this.headers.parse(WHOLE_BODY_KINDS.has(kind) ? body : first.text, first.timeMs ?? first.observedMs, pod);
    const timeFromLine = app.timeMs !== undefined;
    let timeMs = eventTime(app.timeMs, first.timeMs) ?? this.now;
    // A header with a level and no text after it is not a blank line (Spring Boot's failure
    // reporter logs `ERROR ... : ` and its report on the lines after): its level is its message.
    const message = app.severityNumber > 0 && isBlank(app.message) ? (app.levelText ?? first.text) : app.message;
    const template = this.templates.get(message, kind, this.classifier);
    // The line's own level first, then the sender's (an OTLP record's severity), then a rule's.
    const lineSeverity = app.severityNumber || (first.severityNumber ?? 0);
    let c = this.classifier.classify(template, message, lineSeverity, kind, timeMs);
    const row = app.format === KUBECTL_PODS ? readPodRow(message) : undefined;
    if (row !== undefined) {
      // A pod table row: its pod (when the input names none), its time and its event come from
      // the rows before it (pod-table-rows.ts).
      const d = this.podRows.decide(row, pod, pod !== this.defaultPod, timeMs);
      ({ pod, timeMs } = d);
      c = d.classification;
    } else if (c.pack === 'kubernetes') {
      c = this.oomExitCodes.decide(podKey(pod), c);
    }
    if (c.event === undefined && c.relevance === 'signal' && diesOnFatal(app.format, app.levelText)) c = diedOnFatal(c);
    const failure = failureLine(kind, body);
    // A Python traceback says what failed on its last line: a rule that knows that exception counts it.
    if (kind === 'python-traceback' && failure !== undefined && c.event === undefined && this.classifier.classifyException !== undefined) {
      c = this.classifier.classifyException(this.templates.get(failure, 'single', this.classifier), failure) ?? c;
    }
    let loopStart: LoopTransition | undefined;
    const stack = STACK_KINDS.has(kind);
    if (c.event) {
      // A kill that a timeout forced with no line of its own (sidekiq's busy threads) is both.
      if (c.evidence === 'starved_workers') this.pods.noteSaturation(pod, timeMs, this.now, c.pack);
      const verdict = this.episodes.judge(podKey(pod), pod, {
        // Arrival time says nothing of how far apart a replayed file's lines were: no verdict then.
        event: c.event, signal: c.relevance === 'signal', timeMs: timeFromLine || first.timeMs !== undefined ? timeMs : NaN, orderMs: timeMs,
        pid: subjectPid(message), templateId: template.cluster.id, evidence: c.evidence,
      });
      if (verdict !== undefined) c = judged(c, verdict);
      if (c.event) {
        loopStart = this.pods.observe(pod, c.event, timeMs, this.now, c.pack, c.fallback);
        if (c.relevance !== 'signal' && this.pods.isLooping(pod)) c = inLoop(c);
      }
    } else if (stack) {
      this.pods.noteTraceback(pod, timeMs, this.now, c.pack);
    } else if (c.evidence === 'starved_workers') {
      this.pods.noteSaturation(pod, timeMs, this.now, c.pack);
    } else if (c.evidence === 'stop_requested') {
      this.episodes.stopRequested(podKey(pod), pod, timeMs);
    } else if (c.evidence === 'respawn') {
      this.episodes.respawn(podKey(pod), pod);
      loopStart = this.pods.observeRespawn(pod, timeMs, this.now);
    }
    const severityNumber = lineSeverity || c.severityNumber;
    if (c.relevance === 'signal' && this.instances.size > 0) {
      // What the container printed last is the evidence for its next restart.
      const error = c.event === undefined && (stack || severityNumber >= Severity.ERROR);
      this.instances.noteSignal(podKey(pod), failure ?? message, error, c.pack);
    }
    const record: LogRecord = {
      timeMs,
      timeFromSource: timeFromLine || first.timeMs !== undefined,
      observedMs: this.now,
      body,
      lineCount,
      pod,
      severityNumber,
      severityText: severityText(severityNumber),
      relevance: c.relevance,
      score: c.score,
      rule: c.rule,
      reason: c.reason,
      event: c.event,
      templateId: template.cluster.id,
      template: template.cluster.text,
      format: app.format,
      logger: app.logger,
      thread: app.thread,
      pid: app.pid,
      stream: first.stream,
    };
    if (c.extract !== undefined) {
      const captured = ruleCaptures(c.extract, message);
      if (captured !== undefined) record.attributes = truncated ? { ...captured, ...TRUNCATED } : captured;
    }
    if (truncated && record.attributes === undefined) record.attributes = TRUNCATED;
    this.out.push(record);
    this.countRecord(record);
    if (loopStart) this.onLoopTransition(loopStart);
  }

  private onLoopTransition(t: LoopTransition): void {
    if (t.kind !== 'start') return;
    const record = loopRecord(t, this.now);
    this.out.push(record);
    this.countRecord(record);
  }

  private countRecord(r: LogRecord): void {
    this.recordCounts.add(r.relevance, r.severityNumber);
  }
}

/**
 * Group keys per stream: stdout and stderr of one container interleave, and multi-line groups
 * never span them. Built once per (key, stream) rather than concatenated for every line, which
 * would also make the grouper hash a new string each time. Bounded: cleared when it grows past
 * the cap (a flood of stream keys costs a rebuild, not memory).
 */
class GroupKeys {
  private readonly byKey = new Map<string, { stdout?: string; stderr?: string; other?: Map<string, string> }>();

  get(key: string, stream: string | undefined): string {
    if (stream === undefined) return key;
    let k = this.byKey.get(key);
    if (k === undefined) {
      if (this.byKey.size >= 50_000) this.byKey.clear();
      k = {};
      this.byKey.set(key, k);
    }
    if (stream === 'stdout') return (k.stdout ??= key + '\u0000stdout');
    if (stream === 'stderr') return (k.stderr ??= key + '\u0000stderr');
    k.other ??= new Map();
    let o = k.other.get(stream);
    if (o === undefined) {
      if (k.other.size >= 16) k.other.clear();
      o = key + '\u0000' + stream;
      k.other.set(stream, o);
    }
    return o;
  }
}

/** Shared by every truncated record; sinks only read attributes. */
const TRUNCATED: Readonly<Record<string, boolean>> = Object.freeze({ 'logsift.truncated': true });
/** Pieces of unfinished CRI lines held across all streams at most (or 8 lines' limit, if more). */
const MAX_HELD_PIECE_BYTES = 32 * 1024 * 1024;

/**
 * A lifecycle line as its pod's history makes it (state/lifecycle-episodes.ts): a boot after a
 * failure is a signal, a start or failure reported again carries no second event, an exit is
 * routine after a requested stop and a signal without one.
 */
function judged(c: Classification, v: EpisodeVerdict): Classification {
  const reason = verdictReason(v);
  switch (v.kind) {
    case 'boot-after-failure':
    case 'unrequested-exit':
      return c.relevance === 'signal' ? c : { ...c, relevance: 'signal', score: Math.max(c.score, 80), reason };
    case 'same-start':
      return { ...c, event: undefined, relevance: 'context', score: Math.min(c.score, 50), reason };
    case 'repeat':
    case 'same-end':
      return { ...c, event: undefined, reason };
    case 'stopped':
      return { ...c, relevance: 'context', score: Math.min(c.score, 50), reason };
  }
}

/**
 * A classification changed the same way for every record that shares it (rules and shapes share
 * theirs): made once, frozen, and kept beside the one it came from.
 */
function variantOf(cache: WeakMap<Classification, Classification>, c: Classification, make: (c: Classification) => Classification): Classification {
  let v = cache.get(c);
  if (v === undefined) {
    v = Object.freeze(make(c));
    cache.set(c, v);
  }
  return v;
}

const fatalCache = new WeakMap<Classification, Classification>();
/** A Go logger's fatal line (fatal-level-exit.ts): the process dies with it. */
function diedOnFatal(c: Classification): Classification {
  return variantOf(fatalCache, c, (c) => ({
    ...c,
    event: 'crash',
    reason: `${c.reason}; the logger exits the process at its fatal level (klog, logrus, zap, zerolog)`,
  }));
}

const inLoopCache = new WeakMap<Classification, Classification>();
/** A lifecycle line that is context alone is a signal while its pod is in a restart loop. */
function inLoop(c: Classification): Classification {
  return variantOf(inLoopCache, c, (c) => ({ ...c, relevance: 'signal', score: Math.max(c.score, 80), reason: 'part of an active restart loop' }));
}
