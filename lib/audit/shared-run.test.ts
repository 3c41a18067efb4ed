import { describe, expect, it } from "vitest";
import { sharedRun } from "./shared-run";

describe("a shared run", () => {
  it("gives calls made during a run that run's outcome, and starts a new run once it settled", async () => {
    let runs = 0;
    let finish: (value: number) => void = () => {};
    const run = sharedRun(() => {
      runs += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    });
    const first = run();
    const second = run();
    finish(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(runs).toBe(1);
    const third = run();
    finish(8);
    expect(await third).toBe(8);
    expect(runs).toBe(2);
  });

  it("lets a failed run fail every call that shared it, and the next call run again", async () => {
    let runs = 0;
    const run = sharedRun(async () => {
      runs += 1;
      if (runs === 1) throw new Error("the log could not be read");
      return "sound";
    });
    const shared = [run(), run()];
    for (const call of shared) await expect(call).rejects.toThrow("the log could not be read");
    expect(await run()).toBe("sound");
    expect(runs).toBe(2);
  });
});
