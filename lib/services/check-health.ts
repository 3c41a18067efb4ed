import { sql } from "drizzle-orm";
import { getDatabase, type DatabaseKind } from "@/db/client";

/** Whether the database answers, and which kind it is. Open to anyone: it reveals nothing else. */
export async function checkHealth(): Promise<{ status: "ok"; database: DatabaseKind }> {
  const database = await getDatabase();
  await database.db.execute(sql`select 1`);
  return { status: "ok", database: database.kind };
}
