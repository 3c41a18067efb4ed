import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chainHash, GENESIS_HASH, type ChainedFields } from "./canonical";
import { CopyLinkChecker, type Link } from "./copy-links";

/** A field as PostgreSQL's COPY text format prints it. */
function copyText(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(/[\\\b\f\n\r\t\v]/g, (c) => ({ "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" })[c]!);
}

/** "2026-11-28T01:02:03.456700Z" as a timestamptz prints in UTC, ISO style: trailing zeros of the fraction dropped. */
function copyTime(iso: string): string {
  const fraction = iso.slice(20, 26).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""}+00`;
}

function copyLine(e: ChainedFields, hash: string): string {
  const fields = [String(e.id), String(e.seq), copyTime(e.occurredAt), e.actorUserId, e.actorOrgId, e.actorRole, e.action, e.targetType, e.targetId, e.targetOrgId, e.outcome, e.purpose, e.requestId, e.clientIp, e.userAgent];
  return [...fields.map((f, i) => (i < 3 ? f! : copyText(f))), copyText(JSON.stringify(e.details)), hash, "1"].join("\t");
}

const text = fc.option(fc.string({ unit: "grapheme" }), { nil: null });
const awkward = fc.option(fc.stringMatching(/^[\\\t\n\r"\x01-\x1f a-zé日本✓]{0,12}$/), { nil: null });
const event = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  id: fc.integer({ min: 1, max: 2 ** 40 }),
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
  details: fc.oneof(fc.constant({}), fc.dictionary(fc.string(), fc.jsonValue())),
});

describe("checking chain links from COPY bytes", () => {
  it("computes exactly the hash of the canonical encoding, for any event, split across chunks anywhere", () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 97 }), (events, cut) => {
        let previous = GENESIS_HASH;
        const lines = events.map((e) => {
          previous = chainHash(previous, e);
          return copyLine(e, previous);
        });
        const bytes = Buffer.from(lines.join("\n") + "\n", "utf8");
        const checker = new CopyLinkChecker(Buffer.from(GENESIS_HASH, "hex"));
        const links: Link[] = [];
        for (let at = 0; at < bytes.length; at += cut) checker.push(bytes.subarray(at, at + cut), (l) => links.push(l) > 0);
        expect(checker.pendingBytes).toBe(0);
        expect(links.map((l) => l.matches)).toEqual(events.map(() => true));
        expect(links.map((l) => l.seq)).toEqual(events.map((e) => e.seq));
      }),
      { numRuns: 300 },
    );
  });

  it("reports a changed field as a link that does not match, and stops when told", () => {
    const e: ChainedFields = { seq: 1, id: 7, occurredAt: "2026-11-28T01:02:03.000000Z", actorUserId: null, actorOrgId: null, actorRole: "auditor", action: "audit.verify", targetType: null, targetId: null, targetOrgId: null, outcome: "allowed", purpose: "p", requestId: null, clientIp: null, userAgent: null, details: {} };
    const hash = chainHash(GENESIS_HASH, e);
    const tampered = copyLine({ ...e, purpose: "q" }, hash);
    const links: Link[] = [];
    const checker = new CopyLinkChecker(Buffer.from(GENESIS_HASH, "hex"));
    expect(checker.push(Buffer.from(`${tampered}\n${tampered}\n`), (l) => (links.push(l), false))).toBe(false);
    expect(links).toEqual([{ seq: 1, id: 7, chainVersion: 1, hash, matches: false }]);
  });
});
