import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import { advisoryListQuerySchema, decodeAdvisoryCursor } from "./advisory";
import { isCursorInstant } from "./cursor";
import { accessLogQuerySchema, decodeDisclosureCursor, disclosureListQuerySchema } from "./disclosure";

const decoders = { advisory: { prefix: "a1", decode: decodeAdvisoryCursor }, disclosure: { prefix: "d1", decode: decodeDisclosureCursor } };
const id = "00000000-0000-4000-8000-000000000101";

describe("list cursors", () => {
  // Each of these decoded, and the list then failed on the cast to timestamptz or uuid with a 500.
  it.each(
    Object.entries(decoders).flatMap(([name, { prefix, decode }]) =>
      [
        [`${prefix}|0000-00-00T00:00:00.000000Z|${id}`, "no such date"],
        [`${prefix}|9999-99-99T99:99:99.999999Z|${id}`, "no such instant"],
        [`${prefix}|2026-02-30T00:00:00.000000Z|${id}`, "no such day"],
        [`${prefix}|2026-11-28T25:02:03.456789Z|${id}`, "no such hour"],
        [`${prefix}|--------------------|${id}`, "dashes for a time"],
        [`${prefix}|2026-11-28T01:02:03.456789Z|${"-".repeat(36)}`, "dashes for a uuid"],
      ].map(([text, why]) => ({ name, decode, text: text!, why: why! })),
    ),
  )("the $name cursor refuses $text ($why), which PostgreSQL could not read", ({ decode, text }) => {
    expect(decode(Buffer.from(text, "utf8").toString("base64url"))).toBeNull();
  });

  it("takes only instants on the calendar, to the microsecond, from year 1", () => {
    expect(isCursorInstant("2026-11-28T01:02:03.456789Z")).toBe(true);
    expect(isCursorInstant("0001-01-01T00:00:00.000000Z")).toBe(true);
    expect(isCursorInstant("2028-02-29T23:59:59.999999Z")).toBe(true);
    for (const text of ["0000-01-01T00:00:00.000000Z", "2026-02-29T00:00:00.000000Z", "2026-04-31T00:00:00.000000Z", "2026-01-01T24:00:00.000000Z", "2026-01-01T00:60:00.000000Z", "2026-01-01T00:00:00.000Z", "2026-01-01 00:00:00.000000Z"]) {
      expect(isCursorInstant(text), text).toBe(false);
    }
  });
});

describe("page sizes", () => {
  // The message names the list's own bound: the disclosure and advisory lists once said "1 to 200" of a
  // size they refuse above 100.
  const lists = [
    { name: "disclosures", schema: disclosureListQuerySchema, max: 100, message: "validation.pageSizeTo100" },
    { name: "advisories", schema: advisoryListQuerySchema, max: 100, message: "validation.pageSizeTo100" },
    { name: "access log", schema: accessLogQuerySchema, max: 200, message: "validation.pageSize" },
  ];
  it.each(lists)("the $name list takes 1 to $max and refuses the rest with $message", ({ schema, max, message }) => {
    expect(schema.parse({ limit: String(max) })).toMatchObject({ limit: max });
    expect(schema.parse({ limit: "1" })).toMatchObject({ limit: 1 });
    for (const limit of [String(max + 1), "0", "2.5", "many"]) {
      const result = schema.safeParse({ limit });
      expect(result.success, limit).toBe(false);
      expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["limit", message]]);
    }
  });

  it("names each bound in both languages", () => {
    for (const messages of [en, ja]) {
      expect(messages.validation.pageSizeTo100).toContain("100");
      expect(messages.validation.pageSize).toContain("200");
    }
  });
});
