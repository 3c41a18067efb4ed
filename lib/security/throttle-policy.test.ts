import { describe, expect, it } from "vitest";
import { parseThrottleConfig, retryAfterSeconds, ThrottleConfigError, waitAfter } from "./throttle-policy";

const { account } = parseThrottleConfig({});
const at = (iso: string) => new Date(iso);

describe("throttle policy", () => {
  it("defaults to back-off after 5 failures and a 15-minute lockout at 10", () => {
    expect(account).toEqual({ backoffAfter: 5, lockoutAfter: 10, lockoutMinutes: 15 });
  });

  it("lets the first failures through, then doubles the wait, then locks for 15 minutes", () => {
    expect([1, 2, 3, 4].map((n) => waitAfter(account, n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map((n) => waitAfter(account, n))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(waitAfter(account, 10)).toBe(15 * 60_000);
    expect(waitAfter(account, 11)).toBe(15 * 60_000);
  });

  it("answers the seconds left, rounded up, from the last failure", () => {
    const state = { failures: 7, lastFailureAt: at("2026-12-01T00:00:00.000Z") };
    expect(retryAfterSeconds(account, state, at("2026-12-01T00:00:00.500Z"))).toBe(4);
    expect(retryAfterSeconds(account, state, at("2026-12-01T00:00:04.000Z"))).toBe(0);
    const locked = { failures: 10, lastFailureAt: at("2026-12-01T00:00:00.000Z") };
    expect(retryAfterSeconds(account, locked, at("2026-12-01T00:01:00.000Z"))).toBe(14 * 60);
    // The lockout over, the count starts again.
    expect(retryAfterSeconds(account, locked, at("2026-12-01T00:15:00.000Z"))).toBe(0);
    expect(retryAfterSeconds(account, null, at("2026-12-01T00:15:00.000Z"))).toBe(0);
  });

  it("takes the address rule from its own variables, else the account's", () => {
    expect(parseThrottleConfig({}).address).toEqual(account);
    expect(parseThrottleConfig({ THROTTLE_ADDRESS_BACKOFF_AFTER: "100", THROTTLE_ADDRESS_LOCKOUT_AFTER: "200" }).address).toEqual({
      backoffAfter: 100,
      lockoutAfter: 200,
      lockoutMinutes: 15,
    });
  });

  it("refuses a bad value with the variable's name", () => {
    expect(() => parseThrottleConfig({ THROTTLE_LOCKOUT_AFTER: "ten" })).toThrow(ThrottleConfigError);
    expect(() => parseThrottleConfig({ THROTTLE_LOCKOUT_AFTER: "ten" })).toThrow(/THROTTLE_LOCKOUT_AFTER/);
    expect(() => parseThrottleConfig({ THROTTLE_BACKOFF_AFTER: "20" })).toThrow(/must not exceed/);
  });
});
