import { afterEach, describe, expect, it, vi } from "vitest";
import { backgroundSettings } from "./start";

// The settings checked before the server starts its background work: one bad value stops it there,
// with the setting named, instead of failing later in a request or a loop.
describe("backgroundSettings", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("accepts the defaults", () => {
    expect(() => backgroundSettings()).not.toThrow();
  });

  it.each([
    ["SESSION_IDLE_MINUTES_COMPANY", "8h"],
    ["SESSION_IDLE_MINUTES_GOVERNMENT", "0"],
    ["SESSION_IDLE_MINUTES_GOVERNMENT", "721"],
    ["EMAIL_BATCH_SIZE", "0.5"],
    ["AUDIT_CHECKPOINT_SECONDS", "5m"],
    ["TRUSTED_PROXY_HOPS", "-1"],
  ])("refuses %s=%s, naming it", (name, value) => {
    vi.stubEnv(name, value);
    expect(() => backgroundSettings()).toThrow(name);
  });
});
