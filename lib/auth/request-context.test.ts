import { describe, expect, it } from "vitest";
import { clientIpFrom } from "./request-context";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("clientIpFrom", () => {
  it("takes the first X-Forwarded-For entry, IPv4 or IPv6", () => {
    expect(clientIpFrom(headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientIpFrom(headers({ "x-forwarded-for": " 2001:db8::1 " }))).toBe("2001:db8::1");
  });

  it("falls back to X-Real-IP, and to nothing", () => {
    expect(clientIpFrom(headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIpFrom(headers({}))).toBeUndefined();
  });

  // An oversized address made the lockout's audit event fail validation, which rolled back the
  // failure count with it: guesses went uncounted.
  it("ignores what is not an address, however long", () => {
    expect(clientIpFrom(headers({ "x-forwarded-for": "a".repeat(400) }))).toBeUndefined();
    expect(clientIpFrom(headers({ "x-forwarded-for": "not-an-ip", "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIpFrom(headers({ "x-forwarded-for": "<script>" }))).toBeUndefined();
  });
});
