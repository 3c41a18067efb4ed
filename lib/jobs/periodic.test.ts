import { afterEach, describe, expect, it, vi } from "vitest";
import { startPeriodic, startUntilUp } from "./periodic";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startPeriodic", () => {
  it("runs first after firstMs, then every everyMs, once per name, and goes on after a failed pass", async () => {
    vi.useFakeTimers();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const name = `test-${Math.random()}`;
    let calls = 0;
    const work = vi.fn(async () => {
      calls += 1;
      if (calls === 2) throw new Error("pass two fails");
    });
    startPeriodic(name, { firstMs: 1000, everyMs: 5000 }, work);
    startPeriodic(name, { firstMs: 1000, everyMs: 5000 }, work);
    await vi.advanceTimersByTimeAsync(999);
    expect(work).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(work).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(work).toHaveBeenCalledTimes(2);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]![0])).toContain(name);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(work).toHaveBeenCalledTimes(4);
  });

  it("skips a pass that falls due while the previous one still runs", async () => {
    vi.useFakeTimers();
    let finish: () => void = () => {};
    const work = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    startPeriodic(`slow-${Math.random()}`, { firstMs: 10, everyMs: 100 }, work);
    await vi.advanceTimersByTimeAsync(10 + 300);
    expect(work).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(work).toHaveBeenCalledTimes(2);
  });
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
