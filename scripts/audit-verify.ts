// `npm run audit:verify [-- --checkpoint <file> ...] [--public-key <pem> ...]`: recompute the audit chain.
import { createPublicKey } from "node:crypto";
import fs from "node:fs";
import { CheckpointFileError, readCheckpointFile } from "../lib/audit/checkpoint-file";
import { keyIdOf, type Checkpoint } from "../lib/audit/checkpoint-format";
import { trustedPublicKeys } from "../lib/audit/signing-key";
import { verifyChain } from "../lib/audit/verify";
import { threadedRunner } from "../lib/audit/verify-threads";
import { cliArgs } from "./cli";
import { withDatabase } from "./with-database";

const values = cliArgs(
  { checkpoint: { type: "string", multiple: true, default: [] }, "public-key": { type: "string", multiple: true, default: [] } },
  "npm run audit:verify [-- --checkpoint <file> ...] [--public-key <pem file> ...]",
);

let exported: Checkpoint[];
let publicKeys: Map<string, string>;
try {
  exported = values.checkpoint.map(readCheckpointFile);
  // The trusted keys: the server's (and its earlier ones, AUDIT_PREVIOUS_PUBLIC_KEYS), and those given
  // here. Every checkpoint, stored or exported, is checked against them; the key an exported file carries
  // is not trusted for being in it.
  publicKeys = trustedPublicKeys();
  for (const file of values["public-key"]) {
    const pem = fs.readFileSync(file, "utf8");
    publicKeys.set(keyIdOf(createPublicKey(pem)), pem);
  }
} catch (error) {
  console.error(`error: ${error instanceof CheckpointFileError ? error.message : (error as Error).message}`);
  process.exit(2);
}

await withDatabase(async (database) => {
  const started = Date.now();
  let lastReport = started;
  const result = await verifyChain(database.db, {
    exported,
    publicKeys,
    runner: threadedRunner(),
    onProgress: (seq) => {
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        process.stderr.write(`verified through event ${seq}\n`);
      }
    },
  });
  const seconds = (Date.now() - started) / 1000;
  if (result.ok) {
    console.log(
      `audit log sound: ${result.events} events verified through sequence ${result.checkedThrough} in ${seconds.toFixed(1)} s; ` +
        `head ${result.headHash}; ${result.checkpoints} checkpoint(s) checked; ${result.pending} event(s) not yet chained`,
    );
  } else {
    const first = result.firstBad!;
    // A chain recomputed after a change matches nothing up to the checkpoint it no longer matches: that is where it shows.
    const where = first.problem === "checkpoint_mismatch" ? `the chain differs from the checkpoint at sequence ${first.seq}` : `first bad event at sequence ${first.seq}`;
    console.error(`AUDIT LOG TAMPERED: ${where} (${first.problem}): ${first.detail}`);
    // The chain was recomputed whatever the checkpoints' signatures: each one relied on for nothing is named too.
    for (const bad of result.badCheckpoints.filter((b) => b !== first)) console.error(`also at sequence ${bad.seq} (${bad.problem}): ${bad.detail}`);
    process.exitCode = 1;
  }
});
