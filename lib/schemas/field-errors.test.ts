import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf } from "./field-errors";

const errorsOf = (schema: z.ZodType, value: unknown) => fieldErrorsOf(schema.safeParse(value).error!, "(body)");

describe("fieldErrorsOf", () => {
  it("names each unknown field by its path, at most twenty of one object, as well-formed text", () => {
    const schema = z.strictObject({ item: z.strictObject({ share: z.number() }) });
    expect(errorsOf(schema, { item: { share: 1, sahre: 2 }, other: 1 })).toEqual([
      { path: "item.sahre", message: "validation.unknownField" },
      { path: "other", message: "validation.unknownField" },
    ]);
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    expect(errorsOf(z.strictObject({}), many)).toHaveLength(20);
    expect(errorsOf(z.strictObject({}), { "a\ud800": 1 })).toEqual([{ path: "a\ufffd", message: "validation.unknownField" }]);
  });

  it("calls an unknown name a field of a body, and a filter of a query", () => {
    const query = z.strictObject({ period: z.string().optional() }).safeParse({ colour: "red" }).error!;
    expect(fieldErrorsOf(query, "(query)")).toEqual([{ path: "colour", message: "validation.unknownFilter" }]);
    expect(fieldErrorsOf(query, "(body)")).toEqual([{ path: "colour", message: "validation.unknownField" }]);
  });

  it("answers a problem of the whole value under the root's name", () => {
    expect(errorsOf(z.object({ a: z.string() }), "text")).toEqual([{ path: "(body)", message: expect.any(String) }]);
  });
});
