import { describe, expect, it } from "vitest";
import { AnomalyConfigError, anomalyAlertMinutes, parseAnomalyConfig } from "./config";

describe("parseAnomalyConfig", () => {
  it("takes the documented defaults when nothing is set, or a variable is empty", () => {
    const defaults = { readsPerHour: 50, denials: 10, denialMinutes: 10, signInFailures: 5, signInMinutes: 15, officeHours: { start: 8, end: 19 } };
    expect(parseAnomalyConfig({})).toEqual(defaults);
    expect(parseAnomalyConfig({ ANOMALY_DENIALS: "", ANOMALY_OFFICE_HOURS: "" })).toEqual(defaults);
  });

  it("reads every variable", () => {
    expect(
      parseAnomalyConfig({
        ANOMALY_READS_PER_HOUR: "200",
        ANOMALY_DENIALS: " 3 ",
        ANOMALY_DENIAL_MINUTES: "1",
        ANOMALY_SIGNIN_FAILURES: "20",
        ANOMALY_SIGNIN_MINUTES: "60",
        ANOMALY_OFFICE_HOURS: "09:00-17:00",
      }),
    ).toEqual({ readsPerHour: 200, denials: 3, denialMinutes: 1, signInFailures: 20, signInMinutes: 60, officeHours: { start: 9, end: 17 } });
    expect(parseAnomalyConfig({ ANOMALY_OFFICE_HOURS: "0-24" }).officeHours).toEqual({ start: 0, end: 24 });
  });

  it.each([
    ["ANOMALY_READS_PER_HOUR", "fifty"],
    ["ANOMALY_READS_PER_HOUR", "0"],
    ["ANOMALY_DENIALS", "-1"],
    ["ANOMALY_DENIALS", "2.5"],
    ["ANOMALY_DENIAL_MINUTES", "1441"],
    ["ANOMALY_SIGNIN_FAILURES", "1e3"],
    ["ANOMALY_SIGNIN_MINUTES", "15m"],
    ["ANOMALY_OFFICE_HOURS", "19-08"],
    ["ANOMALY_OFFICE_HOURS", "8-25"],
    ["ANOMALY_OFFICE_HOURS", "08:30-19"],
    ["ANOMALY_OFFICE_HOURS", "office"],
  ])("refuses %s=%s with an error naming the variable and the value", (name, value) => {
    const parse = () => parseAnomalyConfig({ [name]: value });
    expect(parse).toThrow(AnomalyConfigError);
    expect(parse).toThrow(new RegExp(`${name} must be .*\\(got ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\)`));
  });

  it("names every bad variable at once", () => {
    expect(() => parseAnomalyConfig({ ANOMALY_DENIALS: "x", ANOMALY_OFFICE_HOURS: "y" })).toThrow(/ANOMALY_DENIALS .*; ANOMALY_OFFICE_HOURS /);
  });
});

describe("anomalyAlertMinutes", () => {
  it("is 10 when unset or empty, and takes 0 (off) or a period a schedule keeps exactly", () => {
    expect(anomalyAlertMinutes({})).toBe(10);
    expect(anomalyAlertMinutes({ ANOMALY_ALERT_MINUTES: " " })).toBe(10);
    expect(anomalyAlertMinutes({ ANOMALY_ALERT_MINUTES: "0" })).toBe(0);
    expect(anomalyAlertMinutes({ ANOMALY_ALERT_MINUTES: " 1440 " })).toBe(1440);
    expect(anomalyAlertMinutes({ ANOMALY_ALERT_MINUTES: "15" })).toBe(15);
    expect(anomalyAlertMinutes({ ANOMALY_ALERT_MINUTES: "120" })).toBe(120);
  });

  // 7 and 90 fit no clock: every 7 minutes of an hour leaves 4 before the next hour's first; 90 divides no day.
  it.each(["-1", "1441", "5.5", "often", "7", "90", "100"])("refuses %j, naming the variable", (value) => {
    expect(() => anomalyAlertMinutes({ ANOMALY_ALERT_MINUTES: value })).toThrow(AnomalyConfigError);
    expect(() => anomalyAlertMinutes({ ANOMALY_ALERT_MINUTES: value })).toThrow(/ANOMALY_ALERT_MINUTES/);
  });
});
