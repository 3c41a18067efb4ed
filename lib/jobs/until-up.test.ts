import { afterEach, describe, expect, it, vi } from "vitest";
import { startUntilUp } from "./until-up";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startUntilUp", () => {
  it("starts at once, retries every retryMs while starting fails, and answers only once it is up", async () => {
    vi.useFakeTimers();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    let attempts = 0;
    const queue = startUntilUp("test queue", 10_000, async () => {
      attempts += 1;
      if (attempts < 3) throw new Error("permission denied for schema pgboss");
      return "the queue";
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toBe(1);
    expect(() => queue.current()).toThrow("test queue has not started yet");
    expect(String(logged.mock.calls[0]![0])).toContain("test queue could not start; retrying in 10 s");
    await vi.advanceTimersByTimeAsync(9_999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(2);
    expect(() => queue.current()).toThrow();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempts).toBe(3);
    expect(queue.current()).toBe("the queue");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toBe(3);
  });
});
