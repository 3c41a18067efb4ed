import { describe, expect, it } from "vitest";
import { decodeAdvisoryCursor } from "./advisory";
import { isCursorInstant } from "./cursor";
import { decodeDisclosureCursor } from "./disclosure";

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
