import { describe, expect, it } from "vitest";
import { officeHoursBreach } from "./office-hours";

const hours = { start: 8, end: 19 };
const at = (iso: string) => officeHoursBreach(new Date(iso), hours);

describe("officeHoursBreach (Asia/Tokyo)", () => {
  it("puts the boundaries in Tokyo time: 08:00 is in, 19:00 is out", () => {
    // Friday 2021-03-05 in Tokyo.
    expect(at("2021-03-05T07:59:59.999+09:00")).toBe("before_hours");
    expect(at("2021-03-05T08:00:00+09:00")).toBeNull();
    expect(at("2021-03-05T18:59:59.999+09:00")).toBeNull();
    expect(at("2021-03-05T19:00:00+09:00")).toBe("after_hours");
    expect(at("2021-03-05T23:59:59+09:00")).toBe("after_hours");
    expect(at("2021-03-05T00:00:00+09:00")).toBe("before_hours");
  });

  it("judges by Tokyo's day, not UTC's", () => {
    // Sunday 23:30 UTC is Monday 08:30 in Tokyo; Friday 16:00 UTC is Saturday 01:00 in Tokyo.
    expect(at("2021-03-07T23:30:00Z")).toBeNull();
    expect(at("2021-03-05T16:00:00Z")).toBe("weekend");
    // Friday 09:59 UTC is 18:59 in Tokyo; 10:00 UTC is 19:00.
    expect(at("2021-03-05T09:59:59Z")).toBeNull();
    expect(at("2021-03-05T10:00:00Z")).toBe("after_hours");
  });

  it("treats the whole weekend as outside office hours, even at noon", () => {
    expect(at("2021-03-06T00:00:00+09:00")).toBe("weekend");
    expect(at("2021-03-06T12:00:00+09:00")).toBe("weekend");
    expect(at("2021-03-07T23:59:59+09:00")).toBe("weekend");
    expect(at("2021-03-08T00:00:00+09:00")).toBe("before_hours");
  });

  it("follows the configured hours", () => {
    expect(officeHoursBreach(new Date("2021-03-05T08:30:00+09:00"), { start: 9, end: 17 })).toBe("before_hours");
    expect(officeHoursBreach(new Date("2021-03-05T23:30:00+09:00"), { start: 0, end: 24 })).toBeNull();
  });
});
