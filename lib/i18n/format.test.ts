import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatList, formatNumber, formatPercent, tokyoToday } from "./format";

describe("formatDate", () => {
  it("writes a calendar date in the reader's language", () => {
    expect(formatDate("en", "2027-03-31")).toBe("31 Mar 2027");
    expect(formatDate("ja", "2027-03-31")).toBe("2027/03/31");
  });

  it("never moves the day, whatever the time zone", () => {
    expect(formatDate("en", "2027-01-01")).toBe("1 Jan 2027");
    expect(formatDate("en", "2026-12-31")).toBe("31 Dec 2026");
  });

  it("shows what is not a calendar date as given", () => {
    expect(formatDate("en", "someday")).toBe("someday");
    expect(formatDate("en", "2027-02-30")).toBe("2027-02-30");
  });
});

describe("tokyoToday", () => {
  it("is already the next day in Tokyo between midnight and 9 a.m. (UTC still has the day before)", () => {
    expect(tokyoToday(new Date("2026-05-31T15:30:00Z"))).toBe("2026-06-01");
    expect(tokyoToday(new Date("2026-12-31T23:59:59Z"))).toBe("2027-01-01");
  });

  it("is the same day as UTC from 9 a.m. in Tokyo", () => {
    expect(tokyoToday(new Date("2026-06-01T00:00:00Z"))).toBe("2026-06-01");
    expect(tokyoToday(new Date("2026-06-01T14:59:59Z"))).toBe("2026-06-01");
  });
});

describe("numbers", () => {
  it("group digits and write decimals in the reader's language", () => {
    expect(formatNumber("en", 12345.67)).toBe("12,345.7");
    expect(formatNumber("ja", 12345.67, 0)).toBe("12,346");
  });

  it("write a 0–100 percentage with the locale's sign and spacing", () => {
    expect(formatPercent("en", 71.7)).toBe("71.7%");
    expect(formatPercent("ja", 70)).toBe("70%");
    expect(formatPercent("en", 12.25, 2)).toBe("12.25%");
  });
});

describe("formatList", () => {
  it("joins names as each language writes a list", () => {
    expect(formatList("en", ["Gallium", "Graphite", "Lithium"])).toBe("Gallium, Graphite and Lithium");
    expect(formatList("ja", ["ガリウム", "黒鉛", "リチウム"])).toBe("ガリウム、黒鉛、リチウム");
    expect(formatList("en", ["Gallium"])).toBe("Gallium");
    expect(formatList("en", [])).toBe("");
  });
});

describe("formatDateTime", () => {
  it("shows the moment in Tokyo time", () => {
    expect(formatDateTime("en", "2026-05-31T15:30:00Z")).toBe("1 Jun 2026, 00:30");
  });
});
