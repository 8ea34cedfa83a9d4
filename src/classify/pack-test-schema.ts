import { Type, type Static } from '@sinclair/typebox';
import { LIFECYCLE_EVENTS } from '../model/record.js';

/*
 * `config/rules/tests/<pack>.yaml`: the cases a rule pack ships with (the format agreed in the
 * team notes; `logsift rules test` runs them). Unknown keys are refused so a typo (`expected:`)
 * fails loudly instead of checking nothing.
 */

const strict = { additionalProperties: false } as const;

const Pod = Type.Object(
  {
    namespace: Type.Optional(Type.String({ minLength: 1 })),
    pod: Type.Optional(Type.String({ minLength: 1 })),
    container: Type.Optional(Type.String({ minLength: 1 })),
  },
  { ...strict, description: 'identity for lines that carry none (default test/test/app)' },
);

const Event = Type.Union([...LIFECYCLE_EVENTS, 'none'].map((e) => Type.Literal(e)));

export const CaseExpectSchema = Type.Object(
  {
    relevance: Type.Optional(Type.Union([Type.Literal('signal'), Type.Literal('context'), Type.Literal('noise')])),
    event: Type.Optional(Event),
    severity: Type.Optional(
      Type.Union(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNSPECIFIED'].map((s) => Type.Literal(s)), {
        description: "the record's severityText without its offset digit (ERROR2 counts as ERROR)",
      }),
    ),
    rule: Type.Optional(Type.String({ minLength: 1, description: 'the deciding rule id (or a builtin.* id)' })),
    format: Type.Optional(Type.String({ minLength: 1 })),
    reason: Type.Optional(Type.String({ description: "a substring of the record's reason" })),
  },
  strict,
);

export const PackCaseSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    line: Type.Optional(Type.String({ description: 'one physical line' })),
    lines: Type.Optional(Type.String({ description: 'several physical lines that must form one record' })),
    pod: Type.Optional(Pod),
    expect: CaseExpectSchema,
  },
  strict,
);

export const PackSequenceSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    pod: Type.Optional(Pod),
    input: Type.String({ minLength: 1, description: 'the lines as a log file would hold them' }),
    expect: Type.Object(
      {
        counts: Type.Optional(
          Type.Object(Object.fromEntries(LIFECYCLE_EVENTS.map((e) => [e, Type.Optional(Type.Integer({ minimum: 0 }))])), {
            ...strict,
            description: 'per-pod event totals; the listed ones are checked exactly',
          }),
        ),
        loop: Type.Optional(
          Type.Object({ active: Type.Boolean(), cause: Type.Optional(Type.String({ minLength: 1 })) }, strict),
        ),
        hint: Type.Optional(Type.String({ minLength: 1, description: "a substring of the loop's hint" })),
      },
      strict,
    ),
  },
  strict,
);

export const PackTestFileSchema = Type.Object(
  {
    pack: Type.String({ minLength: 1, description: 'the pack under test: each of its rules must decide at least one case' }),
    rule_files: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'more pack files to load, relative to this file; the shipped packs are always loaded',
    }),
    cases: Type.Array(PackCaseSchema, { default: [] }),
    sequences: Type.Array(PackSequenceSchema, { default: [] }),
  },
  strict,
);

export type PackCase = Static<typeof PackCaseSchema>;
export type PackSequence = Static<typeof PackSequenceSchema>;
export type PackTestFile = Static<typeof PackTestFileSchema>;
