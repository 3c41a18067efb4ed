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
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

// ---- Mutations of a plausible value ----

type Path = (string | number)[];
interface Spot {
  path: Path;
  schema: SchemaNode | undefined;
  value: unknown;
}

function spotsOf(value: unknown, schema: SchemaNode | undefined, path: Path = [], out: Spot[] = []): Spot[] {
  out.push({ path, schema, value });
  if (Array.isArray(value)) value.forEach((v, i) => spotsOf(v, schema?.at(i), [...path, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) spotsOf(v, schema?.at(k), [...path, k], out);
  return out;
}

const mutationKinds = ["replace", "boundary", "remove", "unknownField", "pollute", "deepen", "overfill", "wrapInArray"] as const;
type MutationKind = (typeof mutationKinds)[number];

interface Mutation {
  kind: MutationKind;
  at: number;
  value: unknown;
  key: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...mutationKinds),
  at: fc.nat(),
  value: hostileValue,
  key: fc.oneof(fc.constantFrom(...pollutingKeys, "id", "organisationId", "status", "role", "revision", "createdBy", "isAdmin"), fc.string({ maxLength: 12 })),
});

/**
 * A string kept as it was but for a character that text handling gets wrong. Half of them add U+0000,
 * which PostgreSQL stores in neither text nor jsonb.
 */
const taints: ((text: string, at: number) => string)[] = [
  (t, at) => `${t.slice(0, at)}\u0000${t.slice(at)}`,
  (t) => `${t}\u0000`,
  (t) => `\u0000${t}`,
  (t, at) => `${t.slice(0, at)}\u0000\u0000${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}\u0000${t.slice(at)}`,
  (t) => `${t}\u0000`,
  (t) => `\u0000${t}`,
  (t, at) => `${t.slice(0, at)}\ud800${t.slice(at)}`,
  (t) => `\u202e${t}`,
  (t) => `${t}\u200b`,
  (t) => `\ufeff${t}`,
  (t) => `${t}\u0301`,
  (t) => `${t}😀`,
  (t) => t.normalize("NFD"),
  (t) => t.toUpperCase(),
  (t) => ` ${t} `,
  (t) => `${t}\n\r\t`,
];

function taint(text: string, pick: number): string {
  return taints[pick % taints.length]!(text, text.length ? pick % (text.length + 1) : 0);
}

/** Values just inside and just outside the bounds the schema states for this spot. */
function boundaryValue(schema: SchemaNode | undefined, pick: number): unknown {
  const n = schema?.node ?? {};
  const candidates: unknown[] = [];
  if (n.maxLength !== undefined) candidates.push("x".repeat(n.maxLength), "x".repeat(n.maxLength + 1), "日".repeat(n.maxLength + 1), ` ${"x".repeat(n.maxLength)} `);
  if (n.minLength !== undefined) candidates.push("x".repeat(Math.max(0, n.minLength - 1)), " ".repeat(n.minLength + 1));
  if (n.maximum !== undefined) candidates.push(n.maximum, n.maximum + 1e-9, n.maximum + 1);
  if (n.minimum !== undefined) candidates.push(n.minimum, n.minimum - 1e-9, n.minimum - 1);
  if (n.maxItems !== undefined) candidates.push(Array.from({ length: n.maxItems + 1 }, () => null));
  if (n.enum) candidates.push(...n.enum.map((e) => (typeof e === "string" ? e.toUpperCase() : e)), ...n.enum.map((e) => (typeof e === "string" ? ` ${e}` : e)));
  if (candidates.length === 0) candidates.push("", 0, null);
  return candidates[pick % candidates.length];
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

// What an overfilled array is filled with: a copy of one of its entries when that is small, else null. A
// list of 200 copies of a 300,000-character string or a 500-deep nest is a body far over the size limit
// that tests nothing the other cases do not, and 1,000 runs of such values exhausted the heap.
const SMALL_FILLER_CHARS = 200;
function smallFiller(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= SMALL_FILLER_CHARS ? value : null;
}

function applyMutation(root: unknown, schema: SchemaNode, m: Mutation): unknown {
  const spots = spotsOf(root, schema);
  const spot = spots[m.at % spots.length]!;
  const replaceAt = (value: unknown): unknown => {
    if (spot.path.length === 0) return value;
    let parent = root as Record<string | number, unknown>;
    for (const key of spot.path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    setOwn(parent as Record<string, unknown>, String(spot.path.at(-1)), value);
    return root;
  };
  switch (m.kind) {
    // Values from the mutation are copied in: the mutations after this one change the body in place, and
    // must not change a value fast-check keeps (and shrinks from).
    case "replace":
      return replaceAt(clone(m.value));
    case "boundary":
      return replaceAt(boundaryValue(spot.schema, m.at));
    case "remove": {
      if (spot.path.length === 0) return undefined;
      let parent = root as Record<string | number, unknown>;
      for (const key of spot.path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const last = spot.path.at(-1)!;
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      return root;
    }
    case "unknownField":
    case "pollute": {
      const objects = spots.filter((s) => s.value && typeof s.value === "object" && !Array.isArray(s.value));
      const target = objects.length ? (objects[m.at % objects.length]!.value as Record<string, unknown>) : null;
      const key = m.kind === "pollute" ? pollutingKeys[m.at % pollutingKeys.length]! : m.key;
      const value = m.kind === "pollute" ? { polluted: "yes", isAdmin: true } : clone(m.value);
      if (!target) return { ...(root as object), [key]: value };
      setOwn(target, key, value);
      return root;
    }
    case "deepen":
      return replaceAt(nested(100 + (m.at % 400), spot.value ?? 1, m.at % 2 === 0));
    case "overfill": {
      const arrays = spots.filter((s) => Array.isArray(s.value));
      if (!arrays.length) {
        const filler = smallFiller(spot.value);
        return replaceAt(Array.from({ length: 250 }, () => clone(filler)));
      }
      const chosen = arrays[m.at % arrays.length]!;
      const list = chosen.value as unknown[];
      const filler = smallFiller(list.length ? list[m.at % list.length] : m.value);
      list.push(...Array.from({ length: (chosen.schema?.node.maxItems ?? 200) + 1 - list.length }, () => clone(filler)));
      return root;
    }
    case "wrapInArray":
      return replaceAt([spot.value]);
  }
}

/** A plausible value with one of its strings (or a string value itself) tainted, everything else as it was. */
export function tainted(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.nat(), fc.nat()).map(([value, which, how]) => {
    const out = clone(value);
    const strings = spotsOf(out, undefined).filter((s) => typeof s.value === "string");
    if (!strings.length) return out;
    const spot = strings[which % strings.length]!;
    const text = taint(spot.value as string, how);
    if (spot.path.length === 0) return text;
    let parent = out as Record<string | number, unknown>;
    for (const key of spot.path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    setOwn(parent as Record<string, unknown>, String(spot.path.at(-1)), text);
    return out;
  });
}

/** A plausible value with one to three fields broken. */
export function mutated(schema: SchemaNode, base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => {
    let out = clone(value);
    for (const m of mutations) out = applyMutation(out, schema, m);
    return out;
  });
}

// ---- Bodies as they arrive on the wire ----

/** What is sent: a JSON value (serialised by the harness) or text with a content type of our choosing. */
export type WireBody =
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string; contentType: string | undefined }
  | { kind: "none"; contentType: string | undefined };

const jsonContentTypes = ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/problem+json", "application/merge-patch+json"];
const otherContentTypes = [
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/jsonp",
  "application/xml",
  "application/octet-stream",
  "",
  "*/*",
  "json",
];

/** JSON text that JSON.stringify never writes: syntax errors, duplicate and prototype keys, extreme nesting. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "{",
    "}",
    "[",
    "{'a': 1}",
    '{"a": 1,}',
    "[1, 2,]",
    "NaN",
    "Infinity",
    "undefined",
    "1e999",
    "-",
    '"\\ud800"',
    '"\\u0000"',
    "\ufeff{}",
    "{}garbage",
    "null",
    "true",
    '"text"',
    "0",
    "[]",
    '{"__proto__": {"polluted": "yes"}}',
    '{"constructor": {"prototype": {"polluted": "yes"}}}',
    '{"__proto__": null, "a": 1}',
    '{"a": 1, "a": {"b": 2}}',
  ),
  fc.constantFrom(1000, 10_000, 100_000).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.constantFrom(1000, 10_000).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
  fc.constantFrom(1000, 100_000).map((depth) => "[".repeat(depth)),
  fc.string({ unit: "binary", maxLength: 60 }),
  // A value over the 1 MiB limit.
  fc.constant(JSON.stringify({ notes: "x".repeat(1024 * 1024 + 10) })),
);

/** Takes a JSON value with prototype keys to text that keeps them. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** A body for a route that reads JSON: random JSON, the route's own shape broken, or malformed on the wire. */
export function wireBody(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<WireBody> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value): WireBody => ({ kind: "json", value })) },
    { weight: 5, arbitrary: shaped.map((value): WireBody => ({ kind: "json", value })) },
    {
      weight: 1,
      arbitrary: fc.record({ text: hostileJsonText, contentType: fc.constantFrom(...jsonContentTypes) }).map((b): WireBody => ({ kind: "text", ...b })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ value: shaped, contentType: fc.constantFrom(undefined, ...otherContentTypes) })
        .map(({ value, contentType }): WireBody => ({ kind: "text", text: jsonText(value), contentType })),
    },
    { weight: 1, arbitrary: fc.constantFrom(undefined, ...jsonContentTypes).map((contentType): WireBody => ({ kind: "none", contentType })) },
  );
}

/** A body for a route that reads none: whatever a client might send anyway. */
export const ignoredBody: fc.Arbitrary<WireBody> = fc.oneof(
  fc.constant<WireBody>({ kind: "none", contentType: undefined }),
  fc.jsonValue({ maxDepth: 2 }).map((value): WireBody => ({ kind: "json", value })),
  fc.record({ text: hostileJsonText, contentType: fc.constantFrom(undefined, ...jsonContentTypes, ...otherContentTypes) }).map((b): WireBody => ({ kind: "text", ...b })),
);

// ---- Query strings, headers, path segments ----

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

/** Reporting periods, valid and not. */
export const periodLike: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("2026-H1", "2026-H2", "2025-H2", "2027-H1", "0000-H1", "9999-H2", "2026-H3", "2026-H0", "2026-h1", "2026H1", "2026-Q1", " 2026-H1"),
  fc.stringMatching(/^[0-9]{4}-H[0-9]$/),
);

/** Page sizes: numbers as text, and text that coerces to a number in surprising ways. */
export const limitLike: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -5, max: 250 }).map(String),
  fc.constantFrom("", " ", "0", "-0", "1.5", "1e2", "0x10", "0b11", "1_000", "Infinity", "-Infinity", "NaN", "+5", " 5 ", "5abc", "9".repeat(400), "1e400", "9007199254740993"),
);

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const idLike = fc.oneof(fc.uuid(), fc.constantFrom("0", "1", "-1", "999999999999999999999", "9007199254740993", "-".repeat(36), "f".repeat(36), "00000000-0000-0000-0000-000000000000", "g".repeat(36)));

/** Cursors: random text, and the encodings of our three cursor formats with their parts out of range. */
export const cursorLike: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.base64String({ maxLength: 80 }),
  fc
    .record({ prefix: fc.constantFrom("1", "d1", "a1", "2", ""), at: dateTimeLike, id: idLike, extra: fc.constantFrom("", "|", "|x") })
    .map(({ prefix, at, id, extra }) => base64url(`${prefix}|${at}|${id}${extra}`)),
  fc
    .record({ prefix: fc.constantFrom("1", "d1", "a1"), digits: fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/), id: idLike })
    .map(({ prefix, digits, id }) => base64url(`${prefix}|${digits}|${id}`)),
);

/** Any value a query parameter might carry. */
export const queryValueLike: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString.filter((s) => s.length <= 5000) },
  { weight: 1, arbitrary: dateTimeLike },
  { weight: 1, arbitrary: periodLike },
  { weight: 1, arbitrary: limitLike },
  { weight: 1, arbitrary: cursorLike },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom("true", "false", "1", "yes", "TRUE") },
);

export type Query = Record<string, string | string[]>;

function asQueryValue(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : jsonText(v)));
  return typeof value === "string" ? value : jsonText(value);
}

/** A query string the schema would mostly accept, as text (a list is the parameter repeated). */
export function plausibleQuery(schema: SchemaNode, hints: Hints = {}): fc.Arbitrary<Query> {
  return (plausible(schema, hints) as fc.Arbitrary<Record<string, unknown>>).map((q) =>
    Object.fromEntries(
      Object.entries(q ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, asQueryValue(v)]),
    ),
  );
}

/**
 * Query strings for a list endpoint: its parameters with plausible values, some of them broken,
 * repeated or unknown; and random parameters.
 */
export function queryLike(schema: SchemaNode, hints: Hints = {}): fc.Arbitrary<Query> {
  const keys = schema.propertyNames;
  const shaped = plausibleQuery(schema, hints);
  const key = keys.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }) : fc.string({ maxLength: 10 });
  const change = fc.record({
    key,
    value: fc.oneof({ weight: 4, arbitrary: queryValueLike }, { weight: 1, arbitrary: fc.array(queryValueLike, { minLength: 2, maxLength: 3 }) }),
  });
  return fc.oneof(
    { weight: 3, arbitrary: shaped },
    { weight: 2, arbitrary: tainted(shaped) as fc.Arbitrary<Query> },
    {
      weight: 4,
      arbitrary: fc.tuple(shaped, fc.array(change, { minLength: 1, maxLength: 3 })).map(([q, changes]) => {
        const out: Query = { ...q };
        for (const c of changes) setOwn(out, c.key, c.value);
        return out;
      }),
    },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), queryValueLike, { maxKeys: 4 }) },
  );
}

/** If-Match values: absent, the revisions a resource is likely at, and everything RFC 9110 would not call an entity tag. */
export const ifMatchLike: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }).chain((n) => fc.constantFrom(`"${n}"`, `"${n}"`, `W/"${n}"`, String(n), ` "${n}" `)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", "*", '""', '"-1"', '"1.5"', '"999999999"', '"1234567890"', '"99999999999999999999"', '"1", "2"', 'W/""', '"abc"', "W/", '"1'),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 20 }).map((s) => s.replace(/[\0\r\n]/g, "")) },
);

/**
 * A path segment naming a resource: the ones that exist, a well-formed one that names nothing, and junk.
 * Never a lone surrogate: a URL carries UTF-8, and Next.js refuses a path that does not decode.
 */
export function idSegment(known: readonly string[]): fc.Arbitrary<string> {
  return segment(known).filter((s) => s.isWellFormed());
}

function segment(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((id) => id.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((id) => `${id} `) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        hostileString.filter((s) => s.length > 0 && s.length <= 8000),
        fc.constantFrom("0", "1", "-1", "1.0", "1e3", "9".repeat(30), "00000000-0000-0000-0000-000000000000", "not-a-uuid", "."),
        fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
        // Long and incompressible: an index entry of it would not fit PostgreSQL's B-tree page.
        fc.string({ unit: "grapheme-ascii", minLength: 2_000, maxLength: 4_000 }),
      ),
    },
  );
}

/** Header values that the Headers class accepts (no NUL, CR or LF). */
export const headerSafe = (value: string) => value.replace(/[\0\r\n]/g, "");
