import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { AuditOutcome } from "@/db/schema/audit";

// Test support only: audit events written straight into the table, with the times a test needs.

export interface CraftedEvent {
  /** ISO 8601, to the microsecond if need be. */
  occurredAt: string;
  action: string;
  outcome?: AuditOutcome;
  actorUserId?: string | null;
  actorOrgId?: string | null;
  actorRole?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  targetOrgId?: string | null;
  purpose?: string | null;
  clientIp?: string | null;
  /** "crafted" unless given. */
  requestId?: string;
  details?: Record<string, unknown>;
}

export async function insertAuditEvents(db: Db, events: CraftedEvent[]): Promise<number[]> {
  // The log is partitioned by month, and a month must exist before events can be written in it.
  const times = events.map((e) => new Date(e.occurredAt).getTime()).filter(Number.isFinite);
  if (times.length > 0) {
    await db.execute(sql`select audit_ensure_partitions(${new Date(Math.min(...times)).toISOString()}::timestamptz, ${new Date(Math.max(...times)).toISOString()}::timestamptz)`);
  }
  const rows = await db
    .insert(auditEvents)
    .values(
      events.map((e) => ({
        occurredAt: sql`${e.occurredAt}::timestamptz` as unknown as Date,
        action: e.action,
        outcome: e.outcome ?? "allowed",
        actorUserId: e.actorUserId ?? null,
        actorOrgId: e.actorOrgId ?? null,
        actorRole: e.actorRole ?? null,
        targetType: e.targetType ?? null,
        targetId: e.targetId ?? null,
        targetOrgId: e.targetOrgId ?? null,
        purpose: e.purpose ?? null,
        requestId: e.requestId ?? "crafted",
        clientIp: e.clientIp ?? null,
        details: e.details ?? {},
      })),
    )
    .returning({ id: auditEvents.id });
  return rows.map((r) => r.id);
}

/** RFC 4180 records (CRLF-separated, quoted fields may hold anything), for reading an export back. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
    } else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else if (c === "\r" || c === "\n" || c === '"') {
      throw new Error(`Bare ${JSON.stringify(c)} outside quotes at offset ${i}.`);
    } else {
      field += c;
    }
  }
  if (field !== "" || record.length > 0) throw new Error("The last record does not end with CRLF.");
  return records;
}
