import { Type, type Static } from '@sinclair/typebox';
import { LIFECYCLE_EVENTS } from '../model/record.js';

const Level = Type.Union(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].map((l) => Type.Literal(l)));

export const RuleSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]*$', description: 'unique id, reported as logsift.rule' }),
    match: Type.String({ minLength: 1, description: "JavaScript regular expression tested against the message (the line's text after its timestamp/level prefix)" }),
    ignoreCase: Type.Boolean({ default: false }),
    relevance: Type.Union([Type.Literal('signal'), Type.Literal('context'), Type.Literal('noise')]),
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    event: Type.Optional(Type.Union(LIFECYCLE_EVENTS.map((e) => Type.Literal(e)))),
    severity: Type.Optional(Level),
    reason: Type.Optional(Type.String({ description: 'one-line explanation shown in reports (required for noise rules)' })),
    level: Type.Optional(
      Type.Array(Level, {
        minItems: 1,
        description:
          "only for records whose own level is one of these (the level the line's header gave, or the sender's severity); " +
          'a record with no level of its own never matches (e.g. [WARN]: a pool process\'s redirected print, not its ERROR lines)',
      }),
    ),
    kind: Type.Optional(Type.String({ description: 'only for multi-line groups of this kind (python-traceback, python-warning, java-stack, indented, go-panic, go-fatal, go-stack, node-fatal, node-uncaught, ruby-exception, ruby-backtrace, jul, single)' })),
    evidence: Type.Optional(
      Type.Union([Type.Literal('starved_workers'), Type.Literal('stop_requested'), Type.Literal('exit_unless_stopped'), Type.Literal('respawn'), Type.Literal('death_report'), Type.Literal('shutdown_begins')], {
        description:
          'evidence for a restart-loop cause beyond the line\'s event: starved_workers for "every worker is busy" ' +
          "(Apache MaxRequestWorkers, php-fpm pm.max_children), for servers that log no worker timeout, or a kill that a timeout forced (sidekiq's busy threads); " +
          'stop_requested for a line that asks the pod to stop (compose "Gracefully stopping..."), exit_unless_stopped for an exit that is a signal ' +
          'unless a stop was requested shortly before (compose "x exited with code 0"; state/lifecycle-episodes.ts); ' +
          'respawn for a supervisor starting a child again (supervisord "spawned:", pm2 "starting in -fork mode-") before the child says it is up: ' +
          'after a failure it is the restart even when the child dies again before its ready line; ' +
          'death_report for a service manager\'s report of how a process ended (systemd "Main process exited, code=killed"): ' +
          'after the death\'s own line (a kernel OOM kill, a crash record) it tells the same death again; ' +
          'shutdown_begins for the first line of a shutdown (a stop signal received, a stop job begun: supervisord "received SIGTERM indicating exit request", ' +
          'systemd "Stopping x...", dumb-init "Received signal 15."): it carries the exit, and the lines that tell the same shutdown after it do not',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RulePackSchema = Type.Object(
  {
    pack: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$' }),
    description: Type.String(),
    priority: Type.Integer({ default: 0, description: 'packs with a higher priority are tried first' }),
    hints: Type.Optional(
      Type.Object(
        Object.fromEntries(
          ['starved_workers', 'oom', 'app_error', 'probe', 'crash_loop'].map((c) => [c, Type.Optional(Type.String())]),
        ),
        {
          additionalProperties: false,
          description:
            "what to check, in this server's own terms, when a restart loop of this cause is evidenced by this pack's rules " +
            '(e.g. starved_workers: "raise puma worker_timeout ..."); keyed by loop cause',
        },
      ),
    ),
    rules: Type.Array(RuleSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Rule = Static<typeof RuleSchema>;
export type RulePack = Static<typeof RulePackSchema>;
