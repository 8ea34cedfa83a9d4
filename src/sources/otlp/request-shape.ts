import protobuf from 'protobufjs';
import { HttpInputError, malformed, tooLarge } from '../http/input-error.js';
import { ExportLogsServiceRequest } from './otlp-logs-schema.js';

/**
 * Bounds on a request checked before it is decoded. protobufjs allocates an object (about
 * 50 bytes) for every message it meets, so 64 MiB of two-byte empty messages would become
 * 32 million objects; OTLP/JSON has the same problem with `[[[[...`. Counting first keeps a
 * request's memory proportional to what it can legitimately carry.
 */
export interface ShapeLimits {
  /** Messages (protobuf) or objects and arrays (JSON) in the whole request. */
  maxValues: number;
  /** Nesting of AnyValue (kvlist/array) values. */
  maxValueDepth: number;
}

interface ShapeNode {
  /** Child node per field number, for the fields that hold messages; sparse. */
  readonly children: (ShapeNode | undefined)[];
  /** True for AnyValue: entering one is one level of value nesting. */
  readonly isValue: boolean;
}

/** The message fields of the schema as a tree (cyclic through AnyValue), built once. */
function shapeOf(type: protobuf.Type, seen = new Map<protobuf.Type, ShapeNode>()): ShapeNode {
  const known = seen.get(type);
  if (known) return known;
  const node: ShapeNode = { children: [], isValue: type.name === 'AnyValue' };
  seen.set(type, node);
  for (const field of type.fieldsArray) {
    field.resolve();
    if (field.resolvedType instanceof protobuf.Type) node.children[field.id] = shapeOf(field.resolvedType, seen);
  }
  return node;
}

const REQUEST_SHAPE = shapeOf(ExportLogsServiceRequest);

class ShapeScan {
  values = 0;
  constructor(
    private readonly reader: protobuf.Reader,
    private readonly limits: ShapeLimits,
  ) {}

  /** Walks the message fields between the reader's position and `end` (wire format via protobufjs' Reader). */
  walk(node: ShapeNode, end: number, valueDepth: number): void {
    const r = this.reader;
    while (r.pos < end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      const child = wireType === 2 ? node.children[tag >>> 3] : undefined;
      if (child === undefined) {
        r.skipType(wireType);
        continue;
      }
      const length = r.uint32();
      const childEnd = r.pos + length;
      if (childEnd > end) throw malformed('truncated protobuf: a message runs past its parent');
      if (++this.values > this.limits.maxValues) {
        throw tooLarge(`more than ${this.limits.maxValues} protobuf messages in one request (input.otlp.maxValuesPerRequest)`);
      }
      const depth = child.isValue ? valueDepth + 1 : valueDepth;
      if (depth > this.limits.maxValueDepth) {
        throw malformed(`values nested deeper than ${this.limits.maxValueDepth} levels (input.otlp.maxValueDepth)`);
      }
      this.walk(child, childEnd, depth);
    }
    if (r.pos !== end) throw malformed('truncated protobuf: a field runs past the end of its message');
  }
}

/** Throws HttpInputError (400 truncated or too deep, 413 too many values) or returns the count. */
export function checkProtobufShape(body: Uint8Array, limits: ShapeLimits): number {
  const scan = new ShapeScan(protobuf.Reader.create(body), limits);
  try {
    scan.walk(REQUEST_SHAPE, body.length, 0);
  } catch (err) {
    if (err instanceof HttpInputError) throw err;
    throw malformed(`undecodable protobuf: ${(err as Error).message}`);
  }
  return scan.values;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/**
 * The JSON counterpart: counts objects and arrays and their depth, skipping string contents,
 * before JSON.parse sees the text. Depth is counted in JSON containers: each level of kvlist
 * nesting is four of them (`{"kvlistValue":{"values":[{"key":..,"value":{`), under eight
 * levels of envelope.
 */
export function checkJsonShape(text: string, limits: ShapeLimits): number {
  const maxDepth = 8 + 4 * limits.maxValueDepth;
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++values > limits.maxValues) {
        throw tooLarge(`more than ${limits.maxValues} JSON objects and arrays in one request (input.otlp.maxValuesPerRequest)`);
      }
      if (++depth > maxDepth) throw malformed(`JSON nested deeper than ${maxDepth} levels (input.otlp.maxValueDepth)`);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return values;
}
