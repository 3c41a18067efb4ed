import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "./errors";
import { parseCall, parseInput } from "./input";

const schema = z
  .object({
    name: z.string().min(1, "validation.required"),
    count: z.number().int(),
    tags: z.array(z.string()),
  })
  .strict();

function failureOf(value: unknown, root?: string): ValidationError {
  try {
    parseInput(schema, value, root);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("parseInput accepted the value");
}

describe("parseInput", () => {
  it("answers the schema's output for a valid value", () => {
    expect(parseInput(schema, { name: "x", count: 2, tags: ["a"] })).toEqual({ name: "x", count: 2, tags: ["a"] });
  });

  it("names every field path with the schema's own message (a catalogue key), unknown fields included", () => {
    const { fieldErrors } = failureOf({ name: "", count: "three", tags: ["ok", 7], extra: true });
    expect(fieldErrors.map((e) => e.path)).toEqual(expect.arrayContaining(["name", "count", "tags.1"]));
    expect(fieldErrors.find((e) => e.path === "name")?.message).toBe("validation.required");
    // The unknown key is reported under its own name (zod puts the issue on the object that holds it).
    expect(fieldErrors.find((e) => e.path === "extra")?.message).toBe("validation.unknownField");
    expect(fieldErrors.length).toBe(4);
  });

  it("names an unknown field nested in an object by its whole path, each of several by its own", () => {
    const nested = z.object({ item: z.strictObject({ share: z.number() }) }).strict();
    let error: unknown;
    try {
      parseInput(nested, { item: { share: 1, sahre: 2, note: "x" }, other: 1 });
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).fieldErrors).toEqual(
      expect.arrayContaining([
        { path: "item.sahre", message: "validation.unknownField" },
        { path: "item.note", message: "validation.unknownField" },
        { path: "other", message: "validation.unknownField" },
      ]),
    );
  });

  it("refuses U+0000 in any string, naming each path, though the schema accepts the text", () => {
    // PostgreSQL stores U+0000 in neither text nor jsonb: such a body used to reach the INSERT and fail with a 500.
    expect(failureOf({ name: "a\u0000b", count: 1, tags: ["ok", "\u0000"] }).fieldErrors).toEqual([
      { path: "name", message: "validation.nulCharacter" },
      { path: "tags.1", message: "validation.nulCharacter" },
    ]);
  });

  it("refuses an unpaired surrogate in a string or a key, which PostgreSQL's jsonb rejects", () => {
    // JSON allows "\ud800" alone; jsonb refuses it, so such a body reached the INSERT and answered 500 on
    // PostgreSQL. A proper pair is text like any other.
    const value = JSON.parse(String.raw`{"name":"a\ud800","count":1,"tags":["\udc00b","\ud83d\ude00"],"\udfff":1}`);
    const paths = failureOf(value).fieldErrors.filter((e) => e.message === "validation.unpairedSurrogate").map((e) => e.path);
    expect(paths.sort()).toEqual(["name", "tags.0", "\ufffd"]);
    expect(parseInput(schema, { name: "😀", count: 1, tags: [] })).toEqual({ name: "😀", count: 1, tags: [] });
  });

  it("looks for U+0000 in a value nested twenty thousand deep without overflowing the stack", () => {
    const depth = 20_000;
    const value = JSON.parse(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`);
    expect(failureOf(value).fieldErrors.at(-1)?.message).toBe("validation.nulCharacter");
  });

  // A server action's arguments are decoded by React (decodeReply), whose "$1" references make objects
  // shared by several parents, or parents of themselves: no JSON body can, but a form post can.
  it("walks an object reached by many paths once, and ends on an object that contains itself", () => {
    const listed = new Map<object, number>();
    /** An object that counts how often its keys are listed, and refuses to be listed a second time. */
    const counted = (target: Record<string, unknown>) => {
      const proxy: Record<string, unknown> = new Proxy(target, {
        ownKeys(t) {
          const n = (listed.get(proxy) ?? 0) + 1;
          listed.set(proxy, n);
          if (n > 1) throw new Error("listed again");
          return Reflect.ownKeys(t);
        },
      });
      return proxy;
    };
    // Forty levels, each pointing twice to the next: 2^40 paths to the last.
    let chain = counted({ end: "\u0000" });
    for (let i = 0; i < 40; i++) chain = counted({ a: chain, b: chain });
    expect(failureOf({ name: "x", count: 1, tags: [], chain }).fieldErrors).toEqual([
      { path: "chain", message: "validation.unknownField" },
      { path: expect.stringMatching(/^chain(\.[ab]){40}\.end$/), message: "validation.nulCharacter" },
    ]);
    const cycle: Record<string, unknown> = { name: "x", count: 1, tags: [] };
    cycle.self = counted({ back: cycle, again: cycle });
    expect(failureOf(cycle).fieldErrors).toEqual([{ path: "self", message: "validation.unknownField" }]);
    expect([...listed.values()].every((n) => n === 1)).toBe(true);
  });

  it("answers a value of the wrong shape at the top under the root's name", () => {
    expect(failureOf([1, 2]).fieldErrors).toEqual([{ path: "(body)", message: expect.any(String) }]);
    expect(failureOf(null, "(query)").fieldErrors).toEqual([{ path: "(query)", message: expect.any(String) }]);
  });
});

describe("parseCall", () => {
  const envelope = z.object({ id: z.string(), changes: z.unknown() });

  it("checks the envelope only: the body's text is left to the body's own parseInput, under the body's paths", () => {
    const call = parseCall(envelope, { id: "x", changes: { notes: "a\u0000b" } });
    expect(() => parseInput(z.object({ notes: z.string() }), call.changes)).toThrow(ValidationError);
    try {
      parseInput(z.object({ notes: z.string() }), call.changes);
    } catch (error) {
      expect((error as ValidationError).fieldErrors).toEqual([{ path: "notes", message: "validation.nulCharacter" }]);
    }
    expect(() => parseCall(envelope, { changes: {} })).toThrow(ValidationError);
  });
});
