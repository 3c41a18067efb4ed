import { describe, expect, it } from "vitest";
import { anomalyQuerySchema } from "./anomaly-query";

const issues = (input: unknown) => {
  const parsed = anomalyQuerySchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join(".") || (i.code === "unrecognized_keys" ? i.keys.join() : ""), i.message]);
};

describe("anomalyQuerySchema", () => {
  it("normalises the range; a time without an offset is Tokyo's", () => {
    expect(anomalyQuerySchema.parse({ from: "2026-05-01T09:00", to: "2026-05-02T00:00:00Z" })).toEqual({
      from: "2026-05-01T09:00:00+09:00",
      to: "2026-05-02T00:00:00Z",
    });
  });

  it("defaults to the seven days before `to`, and `to` to now", () => {
    expect(anomalyQuerySchema.parse({ to: "2026-05-08T00:00:00Z" })).toEqual({ from: "2026-05-01T00:00:00.000Z", to: "2026-05-08T00:00:00Z" });
    const { from, to } = anomalyQuerySchema.parse({ from: "", to: "" });
    expect(Math.abs(Date.parse(to) - Date.now())).toBeLessThan(5000);
    expect(Date.parse(to) - Date.parse(from)).toBe(7 * 86_400_000);
    // Never before year 1, which the database would refuse (there is no year 0).
    expect(anomalyQuerySchema.parse({ to: "0001-01-03T00:00:00Z" })).toEqual({ from: "0001-01-01T00:00:00.000Z", to: "0001-01-03T00:00:00Z" });
  });

  it("allows 31 days exactly, not a microsecond more", () => {
    expect(issues({ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" })).toEqual([]);
    expect(issues({ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00.000001Z" })).toEqual([["to", "anomalies.rangeTooLong"]]);
  });

  it("refuses a reversed range, malformed times and unknown fields", () => {
    expect(issues({ from: "2026-01-02T00:00:00Z", to: "2026-01-01T23:59:59Z" })).toEqual([["to", "validation.dateRange"]]);
    expect(issues({ from: "2026-02-30T00:00:00Z" })).toEqual([["from", "validation.dateTime"]]);
    expect(issues({ to: ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"] })).toEqual([["to", "validation.dateTime"]]);
    expect(issues({ to: "2026-01-01T00:00:00Z", rule: "x" })).toEqual([["rule", "validation.unknownFilter"]]);
  });
});
