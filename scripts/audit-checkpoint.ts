// `npm run audit:checkpoint [-- --out <file>]`: seal the chain head and print the newest checkpoint as JSON.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createCheckpoint, exportCheckpoint } from "../lib/audit/checkpoint";
import { signingKey } from "../lib/audit/signing-key";
import { withDatabase } from "./with-database";

const { values } = parseArgs({ options: { out: { type: "string" } } });

await withDatabase(async (database) => {
  const key = signingKey();
  const ctx = { db: database.db, actor: null, requestId: `cli-${randomUUID()}`, userAgent: "audit:checkpoint" };
  const { checkpoint, created } = await createCheckpoint(database.db, ctx, key);
  const json = JSON.stringify(exportCheckpoint(checkpoint, key), null, 2);
  if (values.out) {
    fs.writeFileSync(values.out, json + "\n");
    console.error(`${created ? "sealed" : "newest"} checkpoint at sequence ${checkpoint.seq} written to ${values.out}`);
  } else {
    console.log(json);
  }
});
