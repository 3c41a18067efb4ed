import fc from "fast-check";
import { z } from "zod";

// Test support only: fast-check arbitraries for fuzzing the API (lib/testing/api-fuzz.int.test.ts).
// Payloads come in three families: anything JSON can say; values shaped by a route's own zod schema
// (through its JSON Schema) with a few fields broken; and bodies or headers no well-behaved client sends.

/** The part of JSON Schema that `z.toJSONSchema` writes for our request schemas. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** A request schema as JSON Schema (its input side), with `$ref`s resolved on the way down. */
export class SchemaNode {
  private constructor(
    readonly node: JsonSchema,
    private readonly defs: Record<string, JsonSchema>,
  ) {}

  static of(schema: z.ZodType): SchemaNode {
    const root = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    return new SchemaNode(root, root.$defs ?? {}).resolved();
  }

  private resolved(): SchemaNode {
    let node = this.node;
    for (let depth = 0; node.$ref && depth < 20; depth++) node = this.defs[node.$ref.replace(/^#\/\$defs\//, "")] ?? {};
    return new SchemaNode(node, this.defs);
  }

  child(node: JsonSchema | undefined): SchemaNode {
    return new SchemaNode(node ?? {}, this.defs).resolved();
  }

  /** The schema of a property or of array items, when the schema says. */
  at(key: string | number): SchemaNode | undefined {
    const n = this.node;
    if (typeof key === "number") return n.items ? this.child(n.items) : undefined;
    return n.properties?.[key] ? this.child(n.properties[key]) : undefined;
  }

  get propertyNames(): string[] {
    return Object.keys(this.node.properties ?? {});
  }
}

/** Arbitraries for named fields whose rule the JSON Schema cannot state (a zod refine): valid values. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const PLAUSIBLE_TEXT = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });

/** Values the schema would mostly accept: its enums, patterns, formats, ranges and shapes, with hints for refined fields. */
export function plausible(schema: SchemaNode, hints: Hints = {}, name?: string, depth = 0): fc.Arbitrary<unknown> {
  if (name !== undefined && hints[name]) return hints[name]!;
  const n = schema.node;
  if (n.const !== undefined) return fc.constant(n.const);
  if (n.enum) return fc.constantFrom(...n.enum);
  const alternatives = n.anyOf ?? n.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => plausible(schema.child(a), hints, name, depth)));
  if (n.allOf?.length) return plausible(schema.child(n.allOf[0]), hints, name, depth);
  const type = Array.isArray(n.type) ? n.type[0] : n.type;
  switch (type) {
    case "string":
      return plausibleString(n);
    case "integer":
      return fc.integer({ min: Math.ceil(n.minimum ?? n.exclusiveMinimum ?? -1000), max: Math.floor(n.maximum ?? n.exclusiveMaximum ?? 100_000) });
    case "number":
      return fc.double({ min: n.minimum ?? -1000, max: n.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = schema.at(0);
      if (!items || depth > 6) return fc.constant([]);
      return fc.array(plausible(items, hints, `${name ?? ""}[]`, depth + 1), { minLength: n.minItems ?? 0, maxLength: Math.min(n.maxItems ?? 4, 4) });
    }
    case "object": {
      if (depth > 6) return fc.constant({});
      const shape = Object.fromEntries(schema.propertyNames.map((key) => [key, plausible(schema.at(key)!, hints, key, depth + 1)]));
      return fc.record(shape, { requiredKeys: (n.required ?? []).filter((k) => k in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function plausibleString(n: JsonSchema): fc.Arbitrary<string> {
  if (n.format === "uuid") return fc.uuid({ version: 4 });
  if (n.format === "date") return fc.date({ min: new Date("2020-01-01"), max: new Date("2040-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (n.format === "date-time") return dateTimeLike;
  if (n.pattern) return fc.stringMatching(new RegExp(n.pattern));
  const min = n.minLength ?? 0;
  const max = Math.max(min, Math.min(n.maxLength ?? 40, 40));
  const text = fc.string({ unit: "grapheme-ascii", minLength: min, maxLength: max }).filter((s) => s.trim().length >= min);
  return min === 0 ? fc.oneof(fc.constant(""), PLAUSIBLE_TEXT.filter((s) => s.length <= max), text) : fc.oneof(text, PLAUSIBLE_TEXT.filter((s) => s.trim().length >= min && s.length <= max));
}

// ---- Hostile values ----

/** Strings that have broken servers: NUL, lone surrogates, direction overrides, long runs, look-alikes of syntax. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff\ud800",
    "\u202e\u0041\u202c",
    "\ufeff",
    "\u200b",
    "e\u0301\u0301\u0301",
    "😀".repeat(50),
    "null",
    "undefined",
    "true",
    "0",
    "-1",
    "NaN",
    "Infinity",
    "1e309",
    "__proto__",
    "constructor",
    "'; drop table users; --",
    "%00",
    "%",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "${7*7}",
    "\\",
    '"',
    "CN\u0000",
    "ｃｎ",
    // Unpaired surrogates: JSON carries them as escapes, PostgreSQL's jsonb refuses them.
    "\ud800",
    "a\udfffb",
    "\ude00\ud83d",
  ),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(200, 201, 1000, 1001, 2000, 2001, 4000, 4001, 102_401, 300_000).chain((length) =>
    fc.constantFrom("x", "é", "日", "😀", "\u0000").map((unit) => unit.repeat(length)),
  ),
);

/** Numbers at and past every boundary our schemas draw, and the ones JavaScript gets wrong. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, 99.999999, 100.000001, 101, 200, 201, 1000, 1001, 3650, 3651, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324, -Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** A value nested `depth` levels deep, in arrays or objects. */
export function nested(depth: number, leaf: unknown = 1, inObjects = false): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = inObjects ? { a: value } : [value];
  return value;
}

/** Any JSON value, including a few of the dangerous ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { "": null }) },
  // Deeper nesting goes as text (hostileJsonText): a value this deep is still one fast-check can print.
  { weight: 1, arbitrary: fc.constantFrom(50, 500).chain((d) => fc.boolean().map((objects) => nested(d, "x", objects))) },
);

/** Keys that reach the prototype if a parser or a merge is careless. */
export const pollutingKeys = ["__proto__", "constructor", "prototype"] as const;

/** Sets an own, enumerable property, even for `__proto__` (plain assignment would replace the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** Date-times as a client might type them: valid, nearly valid, and out of every range. */
export const dateTimeLike: fc.Arbitrary<string> = fc.oneof(
  fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .record({
      y: fc.constantFrom("0000", "0001", "1969", "2026", "9999", "10000", "-001"),
      mo: fc.constantFrom("00", "01", "02", "12", "13", "99"),
      d: fc.constantFrom("00", "01", "28", "29", "30", "31", "32"),
      h: fc.constantFrom("00", "23", "24", "99"),
      mi: fc.constantFrom("00", "59", "60"),
      s: fc.constantFrom("", ":00", ":59", ":60", ":61"),
      fraction: fc.constantFrom("", ".1", ".123456", ".1234567890123456789"),
      zone: fc.constantFrom("", "Z", "+09:00", "-12:00", "+14:59", "+15:00", "+99:99", "z", " UTC"),
    })
    .map(({ y, mo, d, h, mi, s, fraction, zone }) => `${y}-${mo}-${d}T${h}:${mi}${s}${s ? fraction : ""}${zone}`),
  fc.constantFrom("2026-05-01", "now", "today", "1714000000", "2026-05-01 09:00", "infinity", "-infinity", "epoch", "allballs"),
);
