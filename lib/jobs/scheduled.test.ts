import { describe, expect, it } from "vitest";
import { ANOMALY_ALERT_PERIODS } from "@/lib/audit/anomalies/config";
import { cronEvery, SCHEDULED_QUEUES, scheduledJobs } from "./scheduled";

const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...vars });

describe("cronEvery", () => {
  it.each([
    [1, "* * * * *"],
    [10, "*/10 * * * *"],
    [30, "*/30 * * * *"],
    [60, "0 * * * *"],
    [120, "0 */2 * * *"],
    [720, "0 */12 * * *"],
    [1440, "0 0 * * *"],
  ])("runs every %i minutes as %j", (minutes, cron) => {
    expect(cronEvery(minutes)).toBe(cron);
  });

  it("keeps every allowed period exactly: minutes that divide an hour, hours that divide a day", () => {
    for (const minutes of ANOMALY_ALERT_PERIODS) {
      if (minutes < 60) expect(60 % minutes, `${minutes}`).toBe(0);
      else expect([1440 % minutes, minutes % 60], `${minutes}`).toEqual([0, 0]);
      expect(cronEvery(minutes)).toMatch(/^(\*|\*\/\d+|0) (\*|\*\/\d+|0) \* \* \*$/);
    }
  });
});

describe("scheduledJobs", () => {
  it("has one pass per scheduled queue, on the README's periods", () => {
    const jobs = scheduledJobs(env());
    expect(jobs.map((j) => j.queue).sort()).toEqual([...SCHEDULED_QUEUES].sort());
    expect(Object.fromEntries(jobs.map((j) => [j.queue, j.cron]))).toEqual({
      "review-notices": "* * * * *",
      "anomaly-alerts": "*/10 * * * *",
      retention: "5 * * * *",
      "token-reminders": "10 * * * *",
    });
  });

  it("takes a pass a setting turns off off the schedule", () => {
    const jobs = scheduledJobs(env({ ANOMALY_ALERT_MINUTES: "0", TOKEN_EXPIRY_REMINDER_DAYS: "0" }));
    expect(jobs.filter((j) => j.cron === null).map((j) => j.queue).sort()).toEqual(["anomaly-alerts", "token-reminders"]);
  });

  it.each([
    ["ANOMALY_ALERT_MINUTES", "7"],
    ["ANOMALY_READS_PER_HOUR", "many"],
    ["RETENTION_SESSION_DAYS", "-1"],
    ["TOKEN_EXPIRY_REMINDER_DAYS", "366"],
  ])("refuses %s=%s, naming it", (name, value) => {
    expect(() => scheduledJobs(env({ [name]: value }))).toThrow(name);
  });
});
