import { createHash } from "node:crypto";

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
 */
export function encodeEvent(e: ChainedFields): string {
  return canonicalJson([
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
    e.details ?? {},
  ]);
}

/** hash(n) = SHA-256(hash(n-1) as 32 bytes ‖ UTF-8 of the canonical encoding), in lowercase hex. */
export function chainHash(previousHash: string, e: ChainedFields): string {
  return createHash("sha256").update(Buffer.from(previousHash, "hex")).update(encodeEvent(e), "utf8").digest("hex");
}
