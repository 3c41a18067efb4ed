import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, chainHash, encodeEvent, GENESIS_HASH, type ChainedFields } from "./canonical";

const event: ChainedFields = {
  seq: 7,
  id: 42,
  occurredAt: "2026-11-28T01:02:03.456789Z",
  actorUserId: "00000000-0000-4000-8000-000000000001",
  actorOrgId: null,
  actorRole: "auditor",
  action: "audit.verify",
  targetType: null,
  targetId: null,
  targetOrgId: null,
  outcome: "allowed",
  purpose: "quarterly \"check\"",
  requestId: "req-1",
  clientIp: "10.0.0.1",
  userAgent: "UA/1.0 (ünïcode)",
  details: { z: 1, a: { y: [true, null], b: "x" } },
};

/** Encoding v1 as documented: every field through the key-sorting encoder, in order. */
function referenceEncoding(e: ChainedFields): string {
  return canonicalJson([1, e.seq, e.id, e.occurredAt, e.actorUserId, e.actorOrgId, e.actorRole, e.action, e.targetType, e.targetId, e.targetOrgId, e.outcome, e.purpose, e.requestId, e.clientIp, e.userAgent, e.details]);
}

describe("canonical encoding v1", () => {
  it("matches the published vector byte for byte", () => {
    expect(encodeEvent(event)).toBe(
      '[1,7,42,"2026-11-28T01:02:03.456789Z","00000000-0000-4000-8000-000000000001",null,"auditor","audit.verify",null,null,null,"allowed","quarterly \\"check\\"","req-1","10.0.0.1","UA/1.0 (ünïcode)",{"a":{"b":"x","y":[true,null]},"z":1}]',
    );
    expect(chainHash(GENESIS_HASH, event)).toBe("7c6d7118e1976851f1b7d11fe5167833adcc13e45f0f7e16b19a5d544768cf94");
  });

  it("chains: the hash covers the previous hash's 32 bytes, then the encoding", () => {
    const previous = chainHash(GENESIS_HASH, event);
    const next = { ...event, seq: 8, id: 43 };
    const expected = createHash("sha256").update(Buffer.from(previous, "hex")).update(encodeEvent(next), "utf8").digest("hex");
    expect(chainHash(previous, next)).toBe(expected);
    expect(chainHash(previous, next)).not.toBe(chainHash(GENESIS_HASH, next));
  });

  it("equals the reference encoder for any event", () => {
    const text = fc.option(fc.string({ unit: "binary" }), { nil: null });
    const json = fc.jsonValue().filter((v) => typeof v === "object" && v !== null && !Array.isArray(v));
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.integer({ min: 1 }),
          id: fc.integer({ min: 1 }),
          occurredAt: fc.string(),
          actorUserId: text,
          actorOrgId: text,
          actorRole: text,
          action: fc.string(),
          targetType: text,
          targetId: text,
          targetOrgId: text,
          outcome: fc.string(),
          purpose: text,
          requestId: text,
          clientIp: text,
          userAgent: text,
          details: fc.oneof(json, fc.constant({})),
        }),
        (e) => encodeEvent(e) === referenceEncoding(e),
      ),
      { numRuns: 500 },
    );
  });

  it("encodes null details as null, not as an empty object: two stored values, two encodings", () => {
    expect(encodeEvent({ ...event, details: null }).endsWith(',"UA/1.0 (ünïcode)",null]')).toBe(true);
    expect(encodeEvent({ ...event, details: null })).not.toBe(encodeEvent({ ...event, details: {} }));
  });
});
