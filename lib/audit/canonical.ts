import { hash } from "node:crypto";

/** The version of the canonical encoding below; stored with every chained event. */
export const CHAIN_VERSION = 1;
export const GENESIS_HASH = "0".repeat(64);

/** An audit event as the chain sees it: every recorded field, times as text to the microsecond. */
export interface ChainedFields {
  seq: number;
  id: number;
  occurredAt: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetOrgId: string | null;
  outcome: string;
  purpose: string | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  details: unknown;
}

/** JSON with object keys sorted (by UTF-16 code units) at every depth, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("non-finite number in audit details");
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * Canonical encoding, version 1: a JSON array in this fixed order —
 * [1, seq, id, occurredAt, actorUserId, actorOrgId, actorRole, action, targetType, targetId, targetOrgId,
 *  outcome, purpose, requestId, clientIp, userAgent, details] — with details in canonical JSON.
 * Every field but details is a string, a number or null, for which JSON.stringify already is canonical;
 * only details goes through the key-sorting encoder (`{}` directly, the common case). Details are encoded
 * as stored, as verification's COPY reader (copy-links.ts) encodes them: a JSON null is `null`, never `{}`
 * (the database keeps details to objects since migration 0024; before it, the two verifiers disagreed).
 */
export function encodeEvent(e: ChainedFields): string {
  const fields = JSON.stringify([
    CHAIN_VERSION,
    e.seq,
    e.id,
    e.occurredAt,
    e.actorUserId,
    e.actorOrgId,
    e.actorRole,
    e.action,
    e.targetType,
    e.targetId,
    e.targetOrgId,
    e.outcome,
    e.purpose,
    e.requestId,
    e.clientIp,
    e.userAgent,
  ]);
  const details = e.details;
  const isEmpty = typeof details === "object" && details !== null && !Array.isArray(details) && Object.keys(details).length === 0;
  return `${fields.slice(0, -1)},${isEmpty ? "{}" : canonicalJson(details)}]`;
}

let scratch = Buffer.allocUnsafe(64 * 1024);

/** hash(n) = SHA-256(hash(n-1) as 32 bytes ‖ UTF-8 of the canonical encoding), as bytes. */
export function chainDigest(previous: Buffer, e: ChainedFields): Buffer {
  const encoded = encodeEvent(e);
  // One-shot hashing of one buffer is about twice as fast as a Hash object fed twice (it matters to verification).
  const size = 32 + Buffer.byteLength(encoded, "utf8");
  if (size > scratch.length) scratch = Buffer.allocUnsafe(size * 2);
  previous.copy(scratch, 0, 0, 32);
  scratch.write(encoded, 32, "utf8");
  return hash("sha256", scratch.subarray(0, size), "buffer");
}

/** The same hash in lowercase hex, the form stored in the log. */
export function chainHash(previousHash: string, e: ChainedFields): string {
  return chainDigest(Buffer.from(previousHash, "hex"), e).toString("hex");
}
