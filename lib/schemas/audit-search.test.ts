import { describe, expect, it } from "vitest";
import {
  auditExportSchema,
  auditSearchSchema,
  decodeCursor,
  encodeCursor,
  epochMicros,
  normaliseDateTime,
  tokyoInputValue,
  queryObject,
} from "./audit-search";
import { fieldErrorsOf } from "./field-errors";

const uuid = "00000000-0000-4000-8000-000000000101";

function errorsOf(input: unknown) {
  const result = auditSearchSchema.safeParse(input);
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!, "(query)");
}

describe("auditSearchSchema", () => {
  it("defaults to 50 events per page and no filters", () => {
    expect(auditSearchSchema.parse({})).toEqual({ limit: 50 });
  });

  it("accepts every filter, coercing the page size from a query string", () => {
    const cursor = encodeCursor({ occurredAt: "2026-05-01T00:00:00.123456Z", id: 17 });
    const parsed = auditSearchSchema.parse({
      actor: uuid,
      organisation: uuid,
      action: "auth.sign_in",
      targetType: "company_profile",
      targetId: "any text, even with spaces",
      outcome: "denied",
      from: "2026-05-01T00:00:00Z",
      to: "2026-05-02T00:00:00.5+09:00",
      limit: "200",
      cursor,
    });
    expect(parsed).toEqual({
      actor: uuid,
      organisation: uuid,
      action: ["auth.sign_in"],
      targetType: "company_profile",
      targetId: "any text, even with spaces",
      outcome: "denied",
      from: "2026-05-01T00:00:00Z",
      to: "2026-05-02T00:00:00.500000+09:00",
      limit: 200,
      cursor: { occurredAt: "2026-05-01T00:00:00.123456Z", id: 17 },
    });
  });

  it("treats empty fields, as a GET form sends them, as absent", () => {
    expect(auditSearchSchema.parse({ actor: "", organisation: "", action: "", targetType: "", targetId: "", outcome: "", from: "", to: "", limit: "", cursor: "" })).toEqual({
      limit: 50,
    });
  });

  it("refuses the range check quietly when a bound itself is malformed", () => {
    expect(errorsOf({ from: "nonsense", to: "2026-05-01T00:00Z" })).toEqual([{ path: "from", message: "validation.dateTime" }]);
  });

  it("reads a date-time without an offset (a datetime-local input) as Tokyo time", () => {
    const parsed = auditSearchSchema.parse({ from: "2026-05-01T09:00", to: "2026-05-01T09:30:15" });
    expect(parsed.from).toBe("2026-05-01T09:00:00+09:00");
    expect(parsed.to).toBe("2026-05-01T09:30:15+09:00");
    expect(Date.parse(parsed.from!)).toBe(Date.parse("2026-05-01T00:00:00Z"));
  });

  it.each([
    [{ actor: "not-a-uuid" }, "actor", "validation.uuid"],
    [{ organisation: "1234" }, "organisation", "validation.uuid"],
    [{ action: "auth sign in" }, "action", "validation.action"],
    [{ action: "DROP TABLE;" }, "action", "validation.action"],
    [{ action: "a".repeat(101) }, "action", "validation.action"],
    [{ action: "auth.sign_in,a b" }, "action", "validation.action"],
    [{ action: "auth.sign_in," }, "action", "validation.action"],
    [{ action: ",auth.sign_in" }, "action", "validation.action"],
    [{ action: "auth.sign_in,,auth.sign_out" }, "action", "validation.action"],
    [{ action: ["auth.sign_in", "auth.sign_out"] }, "action", "validation.action"],
    [{ action: Array.from({ length: 11 }, (_, i) => `test.a${i}`).join(",") }, "action", "validation.tooManyActions"],
    [{ targetId: "x".repeat(201) }, "targetId", "validation.tooLong"],
    [{ targetType: ["a", "b"] }, "targetType", "validation.text"],
    [{ outcome: "maybe" }, "outcome", "validation.outcome"],
    [{ from: "yesterday" }, "from", "validation.dateTime"],
    [{ from: "2026-02-30T00:00Z" }, "from", "validation.dateTime"],
    [{ to: "2026-05-01" }, "to", "validation.dateTime"],
    [{ to: "0000-01-01T00:00Z" }, "to", "validation.dateTime"],
    [{ to: "2026-05-01T24:00Z" }, "to", "validation.dateTime"],
    [{ to: "2026-05-01T09:00+25:00" }, "to", "validation.dateTime"],
    [{ to: "2026-05-01T09:00:00 +09:00" }, "to", "validation.dateTime"],
    [{ limit: "0" }, "limit", "validation.pageSize"],
    [{ limit: "500" }, "limit", "validation.pageSize"],
    [{ limit: "ten" }, "limit", "validation.integer"],
    [{ limit: "2.5" }, "limit", "validation.integer"],
    [{ cursor: "!!!" }, "cursor", "validation.cursor"],
    // PostgreSQL refuses U+0000 in a text parameter: the search failed with a 500.
    [{ targetId: "a\u0000b" }, "targetId", "validation.nulCharacter"],
    [{ targetType: "\u0000" }, "targetType", "validation.nulCharacter"],
  ])("refuses %j", (input, path, message) => {
    expect(errorsOf(input)).toEqual([{ path, message }]);
  });

  it("takes several actions separated by commas, spaces around them ignored, each once, up to 10", () => {
    expect(auditSearchSchema.parse({ action: "disclosure.read, profile.read ,disclosure.read" }).action).toEqual(["disclosure.read", "profile.read"]);
    const ten = Array.from({ length: 10 }, (_, i) => `test.a${i}`);
    expect(auditSearchSchema.parse({ action: ten.join(",") }).action).toEqual(ten);
    // Eleven given, ten distinct: the limit counts the actions searched for.
    expect(auditSearchSchema.parse({ action: [...ten, ten[0]].join(",") }).action).toEqual(ten);
  });

  it("refuses a time range whose start is after its end, on the end", () => {
    expect(errorsOf({ from: "2026-05-02T00:00:00Z", to: "2026-05-01T00:00:00Z" })).toEqual([{ path: "to", message: "validation.dateRange" }]);
    // The same instant written in two zones is not reversed; one microsecond is.
    expect(auditSearchSchema.safeParse({ from: "2026-05-01T09:00+09:00", to: "2026-05-01T00:00Z" }).success).toBe(true);
    expect(errorsOf({ from: "2026-05-01T00:00:00.000002Z", to: "2026-05-01T00:00:00.000001Z" })).toEqual([{ path: "to", message: "validation.dateRange" }]);
  });

  it("names every unknown field", () => {
    expect(errorsOf({ action: "auth.sign_in", page: "2", sort: "asc" })).toEqual([
      { path: "page", message: "validation.unknownFilter" },
      { path: "sort", message: "validation.unknownFilter" },
    ]);
  });

  it("reports every problem at once", () => {
    const paths = errorsOf({ actor: "x", limit: "500", outcome: "nope", extra: "1" }).map((e) => e.path);
    expect(paths.sort()).toEqual(["actor", "extra", "limit", "outcome"]);
  });
});

describe("auditExportSchema", () => {
  it("takes the filters but no paging", () => {
    expect(auditExportSchema.parse({ action: "audit.export", outcome: "" })).toEqual({ action: ["audit.export"] });
    expect(auditExportSchema.parse({ action: "audit.export,audit.search" })).toEqual({ action: ["audit.export", "audit.search"] });
    const result = auditExportSchema.safeParse({ limit: "10", cursor: "abc" });
    expect(fieldErrorsOf(result.error!, "(query)").map((e) => e.path).sort()).toEqual(["cursor", "limit"]);
  });
});

describe("the cursor", () => {
  it("round-trips the microsecond time and the id", () => {
    const cursor = { occurredAt: "2026-05-01T00:00:00.000001Z", id: 9_007_199_254_740_991 };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ["", "empty"],
    ["!!!", "not base64url"],
    ["a".repeat(201), "too long"],
    [Buffer.from("hello").toString("base64url"), "not a cursor"],
    [Buffer.from("1|2026-05-01T00:00:00.000001Z|0").toString("base64url"), "id zero"],
    [Buffer.from("1|2026-05-01T00:00:00.000001Z|99999999999999999").toString("base64url"), "id beyond a safe integer"],
    [Buffer.from("1|2026-13-01T00:00:00.000001Z|5").toString("base64url"), "no such month"],
    [Buffer.from("2|2026-05-01T00:00:00.000001Z|5").toString("base64url"), "another version"],
    // Instants JavaScript's Date.parse rolls over or accepts but PostgreSQL refuses (a 500 before).
    [Buffer.from("1|2026-02-30T00:00:00.000001Z|5").toString("base64url"), "no such day"],
    [Buffer.from("1|0000-01-01T00:00:00.000001Z|5").toString("base64url"), "year zero"],
    [Buffer.from("1|2026-05-01T00:00:00.000001Z|5'; drop table x").toString("base64url"), "trailing text"],
    [`${Buffer.from("1|2026-05-01T00:00:00.000001Z|5").toString("base64url")}=`, "padding"],
  ])("refuses %j (%s)", (value) => {
    expect(decodeCursor(value)).toBeNull();
  });
});

describe("date-time helpers", () => {
  it("shows a range's start rounded down and its end rounded up to the second, in Tokyo time, so a search again loses nothing", () => {
    const at = "2026-05-01T00:00:01.123456Z"; // an event's time, as a flag links to it
    expect(tokyoInputValue(at)).toBe("2026-05-01T09:00:01");
    expect(tokyoInputValue(at, "up")).toBe("2026-05-01T09:00:02");
    // Read back, the shown range still holds the event.
    expect(Date.parse(normaliseDateTime(tokyoInputValue(at, "up"))!)).toBeGreaterThanOrEqual(Date.parse(at));
    expect(Date.parse(normaliseDateTime(tokyoInputValue(at))!)).toBeLessThanOrEqual(Date.parse(at));
    // A whole second stays as it is; nothing to show for nothing or for what is no time.
    expect(tokyoInputValue("2026-05-01T09:00:01+09:00", "up")).toBe("2026-05-01T09:00:01");
    expect(tokyoInputValue("2026-05-01T00:00:01.000000Z", "up")).toBe("2026-05-01T09:00:01");
    expect(tokyoInputValue("")).toBe("");
    expect(tokyoInputValue("yesterday")).toBe("");
  });

  it("normalises offsets and precision", () => {
    expect(normaliseDateTime("2026-05-01T09:00")).toBe("2026-05-01T09:00:00+09:00");
    expect(normaliseDateTime("2026-05-01T09:00:01.1234567Z")).toBe("2026-05-01T09:00:01.123456Z");
    expect(normaliseDateTime("2026-05-01T09:00:01-05:00")).toBe("2026-05-01T09:00:01-05:00");
    expect(normaliseDateTime("2026-05-01T09:00+09:00")).toBe("2026-05-01T09:00:00+09:00");
    expect(normaliseDateTime("2024-02-29T00:00Z")).toBe("2024-02-29T00:00:00Z");
    expect(normaliseDateTime("2025-02-29T00:00Z")).toBeNull();
    // Years 1–99 are years of the calendar (not 1901–1999); year 0 is not (PostgreSQL has none).
    expect(normaliseDateTime("0001-01-03T00:00Z")).toBe("0001-01-03T00:00:00Z");
    expect(normaliseDateTime("0099-12-31T00:00Z")).toBe("0099-12-31T00:00:00Z");
    expect(normaliseDateTime("0000-12-31T00:00Z")).toBeNull();
  });

  it("compares to the microsecond", () => {
    expect(epochMicros("2026-05-01T00:00:00.000001Z")! - epochMicros("2026-05-01T00:00:00Z")!).toBe(1n);
    expect(epochMicros("2026-05-01T09:00:00+09:00")).toBe(epochMicros("2026-05-01T00:00:00Z"));
    expect(epochMicros("not a time")).toBeNull();
  });
});

describe("queryObject", () => {
  it("keeps single parameters as strings and repeated ones as lists, which the schema refuses", () => {
    const query = queryObject(new URLSearchParams("action=auth.sign_in&outcome=denied&outcome=allowed"));
    expect(query).toEqual({ action: "auth.sign_in", outcome: ["denied", "allowed"] });
    expect(auditSearchSchema.safeParse(query).success).toBe(false);
  });
});
