import { describe, expect, it } from "vitest";
import { auditLoopConfig } from "@/lib/audit/background";
import { wholeNumberFrom } from "./env-number";

describe("numbers from the environment", () => {
  it("take a whole number within bounds, the fallback when unset, and refuse anything else by name", () => {
    const env = (value?: string) => ({ NODE_ENV: "test" as const, X: value });
    expect(wholeNumberFrom(env("7"), "X", 3, { min: 1, max: 10 })).toBe(7);
    expect(wholeNumberFrom(env(), "X", 3, { min: 1, max: 10 })).toBe(3);
    expect(wholeNumberFrom(env(" "), "X", 3, { min: 1, max: 10 })).toBe(3);
    for (const bad of ["0", "11", "2.5", "5m", "abc", "1e300"]) {
      expect(() => wholeNumberFrom(env(bad), "X", 3, { min: 1, max: 10 })).toThrow(`X must be a whole number from 1 to 10, not "${bad}".`);
    }
  });

  it("keep the audit loop to a pace it can keep: a unit written in, or an interval Node cannot time, is refused", () => {
    expect(auditLoopConfig({ NODE_ENV: "test" })).toEqual({ intervalMs: 500, everyEvents: 1000, everyMs: 300_000 });
    expect(() => auditLoopConfig({ NODE_ENV: "test", AUDIT_CHECKPOINT_SECONDS: "5m" })).toThrow(/AUDIT_CHECKPOINT_SECONDS/);
    expect(() => auditLoopConfig({ NODE_ENV: "test", AUDIT_SEQUENCE_INTERVAL_MS: "3000000000" })).toThrow(/AUDIT_SEQUENCE_INTERVAL_MS/);
    expect(() => auditLoopConfig({ NODE_ENV: "test", AUDIT_CHECKPOINT_EVERY: "0" })).toThrow(/AUDIT_CHECKPOINT_EVERY/);
  });
});
