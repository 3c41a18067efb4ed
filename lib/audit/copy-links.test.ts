import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chainHash, GENESIS_HASH, type ChainedFields } from "./canonical";
import { CopyLinkChecker, type Link } from "./copy-links";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

const int8 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};
const int2 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const uuid = (u: string | null) => (u === null ? null : Buffer.from(u.replace(/-/g, ""), "hex"));
const utf8 = (s: string | null) => (s === null ? null : Buffer.from(s, "utf8"));
/** "2026-11-28T01:02:03.456789Z" as binary timestamptz: microseconds since 2000-01-01 UTC. */
function timestamptz(iso: string): Buffer {
  const ms = Date.parse(iso.slice(0, 23) + "Z");
  return int8((ms - POSTGRES_EPOCH_MS) * 1000 + Number(iso.slice(23, 26)));
}

/** JSON as jsonb prints it: keys shorter first, then by bytes; ": " and ", " between parts. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const keys = Object.keys(value).sort((a, b) => {
    const x = Buffer.from(a, "utf8");
    const y = Buffer.from(b, "utf8");
    return x.length - y.length || Buffer.compare(x, y);
  });
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((value as Record<string, unknown>)[k])}`).join(", ")}}`;
}

/** One row as PostgreSQL's binary COPY sends it (the columns of copyColumns; details as jsonb's text). */
function copyRow(e: ChainedFields, hash: string): Buffer {
  const fields: (Buffer | null)[] = [
    int8(e.id), int8(e.seq), timestamptz(e.occurredAt), uuid(e.actorUserId), uuid(e.actorOrgId), utf8(e.actorRole), utf8(e.action),
    utf8(e.targetType), utf8(e.targetId), uuid(e.targetOrgId), utf8(e.outcome), utf8(e.purpose), utf8(e.requestId), utf8(e.clientIp),
    utf8(e.userAgent), Buffer.from(jsonbText(e.details), "utf8"), utf8(hash), int2(1),
  ];
  const parts: Buffer[] = [int2(fields.length)];
  for (const f of fields) {
    const length = Buffer.alloc(4);
    length.writeInt32BE(f === null ? -1 : f.length);
    parts.push(length, ...(f ? [f] : []));
  }
  return Buffer.concat(parts);
}

/** A whole binary COPY stream: signature, flags, header extension, rows, trailer. */
function copyStream(rows: Buffer[]): Buffer {
  return Buffer.concat([SIGNATURE, Buffer.alloc(8), ...rows, int2(-1)]);
}

const text = fc.option(fc.string({ unit: "grapheme" }), { nil: null });
const awkwardText = fc.stringMatching(/^[\\\t\n\r"\x01-\x1f a-zé日本✓]{0,12}$/);
const awkward = fc.option(awkwardText, { nil: null });
const event = fc.record({
  // Numbers below 2^31 and above it are written by different arithmetic.
  seq: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 + 10 }), fc.integer({ min: 1, max: 2 ** 40 })),
  id: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 + 10 }), fc.integer({ min: 1, max: 2 ** 40 })),
  occurredAt: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).chain((d) =>
    fc.integer({ min: 0, max: 999 }).map((micro) => `${d.toISOString().slice(0, 23)}${String(micro).padStart(3, "0")}Z`),
  ),
  actorUserId: fc.option(fc.uuid(), { nil: null }),
  actorOrgId: fc.option(fc.uuid(), { nil: null }),
  actorRole: text,
  action: fc.string({ minLength: 1 }),
  targetType: awkward,
  targetId: awkward,
  targetOrgId: fc.option(fc.uuid(), { nil: null }),
  outcome: fc.constantFrom("allowed", "denied", "error"),
  purpose: fc.oneof(text, awkward),
  requestId: text,
  clientIp: text,
  userAgent: fc.oneof(text, awkward),
  details: fc.oneof(
    fc.constant({}),
    // Refused by the database since migration 0024, and encoded alike by both encoders all the same.
    fc.constant(null),
    // The shapes the fast lane re-encodes without parsing, and everything else.
    fc.dictionary(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_.]{0,11}$/), fc.oneof(fc.string(), awkwardText, fc.integer(), fc.constantFrom(true, false, null), fc.maxSafeInteger())),
    fc.dictionary(fc.string(), fc.jsonValue()),
  ),
});

describe("checking chain links from COPY bytes", () => {
  it("computes exactly the hash of the canonical encoding, for any event, split across chunks anywhere", () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 97 }), (events, cut) => {
        let previous = GENESIS_HASH;
        const rows = events.map((e) => {
          previous = chainHash(previous, e);
          return copyRow(e, previous);
        });
        const bytes = copyStream(rows);
        const checker = new CopyLinkChecker(Buffer.from(GENESIS_HASH, "hex"));
        const links: Omit<Link, "headHash">[] = [];
        for (let at = 0; at < bytes.length; at += cut) checker.push(bytes.subarray(at, at + cut), (l) => links.push({ seq: l.seq, id: l.id, chainVersion: l.chainVersion, matches: l.matches }) > 0);
        expect(checker.complete).toBe(true);
        expect(checker.headHash).toBe(previous);
        expect(links.map((l) => l.matches)).toEqual(events.map(() => true));
        expect(links.map((l) => l.seq)).toEqual(events.map((e) => e.seq));
      }),
      { numRuns: 300 },
    );
  });

  it("encodes details stored as JSON null exactly as the chain's encoder does (null, not {})", () => {
    const e: ChainedFields = { seq: 1, id: 7, occurredAt: "2026-11-28T01:02:03.000000Z", actorUserId: null, actorOrgId: null, actorRole: "auditor", action: "audit.verify", targetType: null, targetId: null, targetOrgId: null, outcome: "allowed", purpose: null, requestId: null, clientIp: null, userAgent: null, details: null };
    const hash = chainHash(GENESIS_HASH, e);
    const checker = new CopyLinkChecker(Buffer.from(GENESIS_HASH, "hex"));
    const matches: boolean[] = [];
    checker.push(copyStream([copyRow(e, hash)]), (l) => matches.push(l.matches) > 0);
    expect(matches).toEqual([true]);
  });

  it("reports a changed field as a link that does not match, and stops when told", () => {
    const e: ChainedFields = { seq: 1, id: 7, occurredAt: "2026-11-28T01:02:03.000000Z", actorUserId: null, actorOrgId: null, actorRole: "auditor", action: "audit.verify", targetType: null, targetId: null, targetOrgId: null, outcome: "allowed", purpose: "p", requestId: null, clientIp: null, userAgent: null, details: {} };
    const hash = chainHash(GENESIS_HASH, e);
    const tampered = copyRow({ ...e, purpose: "q" }, hash);
    const links: Omit<Link, "headHash">[] = [];
    const checker = new CopyLinkChecker(Buffer.from(GENESIS_HASH, "hex"));
    expect(checker.push(copyStream([tampered, tampered]), (l) => (links.push({ seq: l.seq, id: l.id, chainVersion: l.chainVersion, matches: l.matches }), false))).toBe(false);
    expect(links).toEqual([{ seq: 1, id: 7, chainVersion: 1, matches: false }]);
    expect(checker.headHash).toBe(GENESIS_HASH);
    const genuine = new CopyLinkChecker(Buffer.from(GENESIS_HASH, "hex"));
    expect(genuine.push(copyStream([copyRow(e, hash)]), () => true)).toBe(true);
    expect(genuine.headHash).toBe(hash);
  });
});
