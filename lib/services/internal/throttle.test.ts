import { describe, expect, it } from "vitest";
import { addressSubject, signInKeys } from "./throttle";

describe("what a client address is counted as", () => {
  it("counts an IPv6 address as its /64, so a subscriber's many addresses share one count", () => {
    expect(addressSubject("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:DB8:1:2::99")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressSubject("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressSubject("::1")).toBe("0:0:0:0::/64");
    const [, first] = signInKeys("a@example.com", "2001:db8::1");
    const [, second] = signInKeys("a@example.com", "2001:db8::ffff:2");
    expect(first).toEqual(second);
    expect(signInKeys("a@example.com", "2001:db8:0:1::1")[1]).not.toEqual(first);
  });

  it("counts IPv4, and IPv4 written as IPv6, as the IPv4 address", () => {
    expect(addressSubject("203.0.113.7")).toBe("203.0.113.7");
    expect(addressSubject("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressSubject("::ffff:cb00:7107")).toBe("203.0.113.7");
    expect(addressSubject("64:ff9b::203.0.113.7")).toBe("64:ff9b:0:0::/64");
  });
});
