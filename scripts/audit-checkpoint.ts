// `npm run audit:checkpoint [-- --out <file>]`: seal the chain head and print the newest checkpoint as JSON.
import fs from "node:fs";
import path from "node:path";
import { createCheckpoint, exportCheckpoint, latestCheckpoint, NothingToSealError } from "../lib/audit/checkpoint";
import { existingSigningKey } from "../lib/audit/signing-key";
import { CliError, cliArgs } from "./cli";
import { withDatabase } from "./with-database";
import { operatorContext } from "../lib/services/context";

const values = cliArgs({ out: { type: "string" } }, "npm run audit:checkpoint [-- --out <file>]");

function writableFile(file: string): void {
  const target = path.resolve(file);
  try {
    fs.accessSync(path.dirname(target), fs.constants.W_OK);
  } catch {
    throw new CliError(`cannot write ${file}: its folder does not exist or cannot be written`);
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new CliError(`cannot write ${file}: it is a folder`);
}

await withDatabase(async (database) => {
  // The server's key only: a key made here on the spot would sign a checkpoint no one else can check, and
  // every later verification would report it as a bad signature.
  const key = existingSigningKey();
  if (!key) throw new CliError("no audit signing key here: set AUDIT_SIGNING_KEY to the server's key (or run where its data folder is)");
  // A stored checkpoint this key signed shows it is the server's; rows that do not verify under it are no
  // evidence either way (the application's role may insert junk), unless no row verifies at all.
  const newest = (await latestCheckpoint(database.db, key.publicKeyPem)) ?? (await latestCheckpoint(database.db));
  if (newest && newest.keyId !== key.keyId) {
    throw new CliError(`the newest checkpoint was signed with key ${newest.keyId}, not this one (${key.keyId}): set AUDIT_SIGNING_KEY to the server's key`);
  }
  // Where the file goes is checked before anything is sealed: a folder that can be written, and no folder itself.
  if (values.out) writableFile(values.out);
  const ctx = operatorContext(database.db, "audit:checkpoint");
  const { checkpoint, created } = await createCheckpoint(database.db, ctx, key).catch((error: unknown) => {
    throw error instanceof NothingToSealError ? new CliError(error.message) : error;
  });
  const json = JSON.stringify(exportCheckpoint(checkpoint, key), null, 2);
  if (values.out) {
    try {
      fs.writeFileSync(values.out, json + "\n");
    } catch (error) {
      // Sealed already: the checkpoint is in the database, and `npm run audit:checkpoint` prints it again.
      throw new CliError(`checkpoint at sequence ${checkpoint.seq} sealed, but ${values.out} could not be written (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    console.error(`${created ? "sealed" : "newest"} checkpoint at sequence ${checkpoint.seq} written to ${values.out}`);
  } else {
    console.log(json);
  }
});
