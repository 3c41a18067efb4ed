import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUsers } from "@/lib/demo/seed-demo";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { UnauthenticatedError, ValidationError } from "./errors";
import { listAnomalies } from "./list-anomalies";
import { expectAuditReadRefused } from "@/lib/testing/audit-refusals";

// The anomaly list as a service: its range and thresholds, its input, who may ask. What each rule flags, over
// crafted events: list-anomalies.int.test.ts.

const AUDITOR = "auditor@oversight.example";
const user = (email: string) => demoUsers.find((u) => u.email === email)!;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("listAnomalies, the service", () => {
  it("answers the range, the thresholds and no flags for a quiet period", async () => {
    const report = await listAnomalies({ ctx: await t.ctxFor(AUDITOR), input: { from: "2020-06-01T00:00:00+09:00", to: "2020-06-30T00:00:00+09:00" } });
    expect(report).toEqual({
      from: "2020-06-01T00:00:00+09:00",
      to: "2020-06-30T00:00:00+09:00",
      thresholds: { readsPerHour: 50, denials: 10, denialMinutes: 10, signInFailures: 5, signInMinutes: 15, officeHours: { start: 8, end: 19 } },
      flags: [],
      truncated: [],
    });
  });

  it("defaults to the last seven days", async () => {
    const before = Date.now();
    const report = await listAnomalies({ ctx: await t.ctxFor(AUDITOR), input: {} });
    const [from, to] = [Date.parse(report.from), Date.parse(report.to)];
    expect(to).toBeGreaterThanOrEqual(before - 1000);
    expect(to - from).toBe(7 * 86_400_000);
  });

  async function rejected(input: Record<string, unknown>): Promise<ValidationError> {
    const error = await listAnomalies({ ctx: await t.ctxFor(AUDITOR), input }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }

  it("refuses bad input: reversed, longer than 31 days, malformed, unknown fields", async () => {
    expect((await rejected({ from: "2021-03-02T00:00:00Z", to: "2021-03-01T00:00:00Z" })).fieldErrors).toEqual([
      { path: "to", message: "The end of the time range must not be before its start." },
    ]);
    expect((await rejected({ from: "2021-01-01T00:00:00Z", to: "2021-02-01T00:00:00.000001Z" })).fieldErrors).toEqual([
      { path: "to", message: "The time range may span 31 days at most." },
    ]);
    expect((await rejected({ from: "2020-01-01T00:00:00Z" })).fieldErrors.map((e) => e.path)).toEqual(["from"]);
    expect((await rejected({ from: "yesterday", to: "2021-13-01T00:00:00Z" })).fieldErrors.map((e) => e.path).sort()).toEqual(["from", "to"]);
    expect((await rejected({ limit: "5" })).fieldErrors).toEqual([{ path: "limit", message: "This filter is not known." }]);
    const report = await listAnomalies({ ctx: await t.ctxFor(AUDITOR), input: { from: "2021-01-01T00:00:00Z", to: "2021-02-01T00:00:00Z" } });
    expect(report.flags).toEqual([]);
  });

  it.each(["officer@hoshino.example", "approver@esb.example", "admin@kakehashi.example"])(
    "answers %s with NotFoundError, before reading the input, and records the refusal",
    (email) => expectAuditReadRefused(t, email, (ctx) => listAnomalies({ ctx, input: { colour: "teal" } }), { actorUserId: user(email).id }),
  );

  it("refuses an anonymous caller", async () => {
    await expect(listAnomalies({ ctx: await t.ctxFor(null), input: {} })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
