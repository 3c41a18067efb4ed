import { sql } from "drizzle-orm";
import { getDatabase, readReplicaOf, type Database, type DatabaseKind, type Db } from "@/db/client";

export interface Health {
  status: "ok";
  database: DatabaseKind;
  /** With a read replica (DATABASE_REPLICA_URL) only: whether it answered within a second. */
  auditReplica?: "ok" | "unreachable";
}

const REPLICA_PATIENCE_MS = 1000;

/**
 * Whether the database answers, and which kind it is. Open to anyone: it reveals nothing else. A read
 * replica is reported, never failed on: everyone but the auditors is served without it, so a load
 * balancer must not take the server out for it.
 */
export async function checkHealth(database?: Database): Promise<Health> {
  const { db, kind } = database ?? (await getDatabase());
  const replica = readReplicaOf(db);
  const [, replicaAnswers] = await Promise.all([db.execute(sql`select 1`), replica ? answersWithin(replica, REPLICA_PATIENCE_MS) : null]);
  return { status: "ok", database: kind, ...(replica ? { auditReplica: replicaAnswers ? "ok" : "unreachable" } : {}) };
}

function answersWithin(db: Db, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    db.execute(sql`select 1`).then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}
