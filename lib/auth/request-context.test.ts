import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address";
import { clientIpFrom, requestIdFrom, trustedProxyHops } from "./request-context";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("clientIpFrom", () => {
  // A client may send the header itself; each proxy appends the address it was reached from.
  it("takes the entry the trusted proxies added, not the ones the client wrote before them", () => {
    const forged = headers({ "x-forwarded-for": "198.51.100.99, 203.0.113.7" });
    expect(clientIpFrom(forged, 1)).toBe("203.0.113.7");
    expect(clientIpFrom(headers({ "x-forwarded-for": "198.51.100.99, 203.0.113.7, 10.0.0.1" }), 2)).toBe("203.0.113.7");
    expect(clientIpFrom(headers({ "x-forwarded-for": " 2001:db8::1 " }), 1)).toBe("2001:db8::1");
  });

  it("takes the leftmost entry when fewer proxies wrote than are trusted, and nothing without the header", () => {
    expect(clientIpFrom(headers({ "x-forwarded-for": "203.0.113.7" }), 2)).toBe("203.0.113.7");
    expect(clientIpFrom(headers({}), 1)).toBeUndefined();
    // X-Real-IP is the client's to write where no proxy overwrites it: never read.
    expect(clientIpFrom(headers({ "x-real-ip": "198.51.100.2" }), 1)).toBeUndefined();
  });

  // The server writes the connection's address under its own name before Next.js sees the request
  // (lib/http/method-guard.ts): it ends the chain, after every proxy's entry.
  it("counts the connection's own address as the last hop: with no proxy trusted, the client's header is never read", () => {
    const direct = headers({ "x-forwarded-for": "198.51.100.99", [PEER_ADDRESS_HEADER]: "203.0.113.7" });
    expect(clientIpFrom(direct, 0)).toBe("203.0.113.7");
    expect(clientIpFrom(headers({ [PEER_ADDRESS_HEADER]: "2001:db8::5" }), 0)).toBe("2001:db8::5");
    // Behind one proxy the connection is the proxy's; the client is the entry it appended.
    const proxied = headers({ "x-forwarded-for": "198.51.100.99, 203.0.113.7", [PEER_ADDRESS_HEADER]: "10.0.0.2" });
    expect(clientIpFrom(proxied, 1)).toBe("203.0.113.7");
    expect(clientIpFrom(headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2" }), 1)).toBe("10.0.0.2");
    // Without the connection's address (a handler called directly) and no proxy trusted: no address.
    expect(clientIpFrom(headers({ "x-forwarded-for": "198.51.100.99" }), 0)).toBeUndefined();
  });

  // An oversized address made the lockout's audit event fail validation, which rolled back the
  // failure count with it: guesses went uncounted.
  it("ignores what is not an address, however long", () => {
    expect(clientIpFrom(headers({ "x-forwarded-for": "a".repeat(400) }), 1)).toBeUndefined();
    expect(clientIpFrom(headers({ "x-forwarded-for": "198.51.100.2, not-an-ip" }), 1)).toBeUndefined();
    expect(clientIpFrom(headers({ "x-forwarded-for": "<script>" }), 1)).toBeUndefined();
  });
});

describe("trustedProxyHops", () => {
  it("is 1 unless set, and refuses what is not 0 to 10", () => {
    expect(trustedProxyHops({ NODE_ENV: "test" })).toBe(1);
    expect(trustedProxyHops({ NODE_ENV: "test", TRUSTED_PROXY_HOPS: "2" })).toBe(2);
    expect(trustedProxyHops({ NODE_ENV: "test", TRUSTED_PROXY_HOPS: "0" })).toBe(0);
    for (const bad of ["-1", "11", "1.5", "two"]) expect(() => trustedProxyHops({ NODE_ENV: "test", TRUSTED_PROXY_HOPS: bad })).toThrow("TRUSTED_PROXY_HOPS must be a whole number from 0 to 10");
  });
});

describe("requestIdFrom", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  it("keeps a well-formed id from the client, and makes one for anything else", () => {
    expect(requestIdFrom(headers({ "x-request-id": "trace-2026.12_06" }))).toBe("trace-2026.12_06");
    expect(requestIdFrom(headers({}))).toMatch(uuid);
    for (const bad of ["short", "a".repeat(101), "has space here", "semi;colon-id"]) expect(requestIdFrom(headers({ "x-request-id": bad })), bad).toMatch(uuid);
  });

  it("never lets a client pose as the operator's command line, whose events the anomaly rules treat apart", () => {
    expect(requestIdFrom(headers({ "x-request-id": "cli-0123456789abcdef" }))).toMatch(uuid);
    expect(requestIdFrom(headers({ "x-request-id": "client-0123456789" }))).toBe("client-0123456789");
  });
});
