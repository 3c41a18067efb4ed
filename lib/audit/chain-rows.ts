import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { ChainedFields } from "./canonical";

export type ChainRow = Omit<ChainedFields, "seq"> & { seq: number | null; hash: string | null; chainVersion: number | null };

// Times are read as text to the microsecond, ids as numbers: both drivers then hand the chain the same values.
const columns = sql`
  ${auditEvents.id}::float8 as "id",
  ${auditEvents.seq}::float8 as "seq",
  to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredAt",
  ${auditEvents.actorUserId}::text as "actorUserId",
  ${auditEvents.actorOrgId}::text as "actorOrgId",
  ${auditEvents.actorRole} as "actorRole",
  ${auditEvents.action} as "action",
  ${auditEvents.targetType} as "targetType",
  ${auditEvents.targetId} as "targetId",
  ${auditEvents.targetOrgId}::text as "targetOrgId",
  ${auditEvents.outcome} as "outcome",
  ${auditEvents.purpose} as "purpose",
  ${auditEvents.requestId} as "requestId",
  ${auditEvents.clientIp} as "clientIp",
  ${auditEvents.userAgent} as "userAgent",
  ${auditEvents.details} as "details",
  ${auditEvents.hash} as "hash",
  ${auditEvents.chainVersion} as "chainVersion"`;

/** Audit rows with every field the chain covers, in a form identical on PGlite and postgres.js. */
export async function selectChainRows(db: Executor, where: SQL, orderBy: SQL, limit: number): Promise<ChainRow[]> {
  const rows = rowsOf<ChainRow & { details: unknown }>(
    await db.execute(sql`select ${columns} from ${auditEvents} where ${where} order by ${orderBy} limit ${limit}`),
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    seq: r.seq === null ? null : Number(r.seq),
    chainVersion: r.chainVersion === null ? null : Number(r.chainVersion),
    details: typeof r.details === "string" ? JSON.parse(r.details) : r.details,
  }));
}
