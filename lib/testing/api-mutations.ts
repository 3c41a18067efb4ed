import fc from "fast-check";
import { SchemaNode, hostileValue, nested, pollutingKeys, setOwn } from "./api-arbitraries";

// Test support only: fast-check arbitraries that break a plausible value (lib/testing/api-arbitraries.ts) in
// one to three places, for fuzzing the API (lib/testing/api-fuzz.int.test.ts).

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

