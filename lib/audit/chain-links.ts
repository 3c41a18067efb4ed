import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { copyOutFor, rowsOf, type CopyOut, type Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { chainDigest, GENESIS_HASH, type ChainedFields } from "./canonical";
import { chainedBatches, copyColumns } from "./chain-rows";
import { CopyLinkChecker, type Link } from "./copy-links";

export type { Link };

// Sequence numbers per COPY statement: each statement has a snapshot of its own, so none is held for the
// whole run (a long snapshot would stall the sequencer).
const COPY_RANGE = 250_000;

/**
 * Every link of the chain in sequence order, recomputed: on PostgreSQL straight from COPY's bytes, elsewhere
 * from keyset pages of rows. `onLink` returns false to stop; `onProgress` is called between batches.
 */
export async function forEachLink(db: Executor, onLink: (link: Link) => boolean, options: { batchSize: number; onProgress?: () => void }): Promise<void> {
  const copyOut = copyOutFor(db);
  if (copyOut) return copiedLinks(db, copyOut, onLink, options.onProgress);
  let previous: Buffer = Buffer.from(GENESIS_HASH, "hex");
  for await (const rows of chainedBatches(db, 1, options.batchSize)) {
    for (const row of rows) {
      const digest = chainDigest(previous, row as ChainedFields);
      const matches = row.hash !== null && digest.equals(Buffer.from(row.hash, "hex"));
      if (matches) previous = digest;
      if (!onLink({ seq: row.seq!, id: row.id, chainVersion: row.chainVersion, hash: row.hash, matches })) return;
    }
    options.onProgress?.();
  }
}

async function copiedLinks(db: Executor, copyOut: CopyOut, onLink: (link: Link) => boolean, onProgress?: () => void): Promise<void> {
  const [head] = rowsOf<{ seq: string | number | null }>(await db.execute(sql`select max(${auditEvents.seq}) as seq from ${auditEvents}`));
  const lastSeq = Number(head?.seq ?? 0);
  const checker = new CopyLinkChecker(Buffer.from(GENESIS_HASH, "hex"));
  for (let from = 1; from <= lastSeq; from += COPY_RANGE) {
    const statement = new PgDialect().sqlToQuery(sql`copy (select ${copyColumns} from ${auditEvents}
      where ${auditEvents.seq} >= ${sql.raw(String(from))} and ${auditEvents.seq} < ${sql.raw(String(from + COPY_RANGE))}
      order by ${auditEvents.seq}) to stdout`);
    if (statement.params.length > 0) throw new Error("COPY statements take no parameters");
    for await (const chunk of copyOut(statement.sql)) {
      if (!checker.push(chunk, onLink)) return;
    }
    if (checker.pendingBytes > 0) throw new Error("the COPY stream ended in the middle of a row");
    onProgress?.();
  }
}
