import { afterEach, describe, expect, it, vi } from "vitest";

// The audit loop's passes with the database's work stubbed: what one failing step leaves undone.
vi.mock("@/db/client", () => ({ getDb: vi.fn(async () => ({})) }));
vi.mock("./sequencer", () => ({ sequenceAll: vi.fn(async () => 5) }));
vi.mock("./partitions", () => ({ ensureAuditPartitions: vi.fn(async () => 0) }));
vi.mock("./access-rollup", () => ({ rollUpAllAccesses: vi.fn(async () => 0) }));

const { startAuditLoop } = await import("./background");
const { rollUpAllAccesses } = await import("./access-rollup");
const { sequenceAll } = await import("./sequencer");

type GlobalWithLoop = typeof globalThis & { __kakehashiAuditLoop?: NodeJS.Timeout };

describe("the audit loop", () => {
  afterEach(() => {
    const g = globalThis as GlobalWithLoop;
    clearInterval(g.__kakehashiAuditLoop);
    delete g.__kakehashiAuditLoop;
    vi.restoreAllMocks();
  });

  it("goes on chaining and rolling up while no checkpoint can be asked for (the job queue down), and says so", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const requestCheckpoint = vi.fn(async () => {
      throw new Error("the job queue has not started yet");
    });
    startAuditLoop(requestCheckpoint, { NODE_ENV: "test", AUDIT_SEQUENCE_INTERVAL_MS: "50", AUDIT_CHECKPOINT_EVERY: "1" });
    await vi.waitFor(() => expect(requestCheckpoint.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    // Asked again at the next pass, and the rollup ran all the same.
    expect(vi.mocked(sequenceAll).mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(vi.mocked(rollUpAllAccesses)).toHaveBeenCalled();
    expect(quiet).toHaveBeenCalledWith(expect.stringMatching(/^audit loop: no checkpoint could be asked for/), expect.any(Error));
  });
});
