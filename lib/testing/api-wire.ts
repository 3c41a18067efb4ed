import fc from "fast-check";
import { type Hints, SchemaNode, dateTimeLike, hostileString, plausible, setOwn } from "./api-arbitraries";
import { tainted } from "./api-mutations";

// Test support only: fast-check arbitraries for what arrives on the wire when fuzzing the API
// (lib/testing/api-fuzz.int.test.ts): bodies, query strings, headers and path segments.

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
