import fs from "node:fs";
import { exportedCheckpointSchema } from "@/lib/schemas/audit-verification";
import type { Checkpoint } from "./checkpoint-format";

export class CheckpointFileError extends Error {}

/** Reads an exported checkpoint; a missing, unreadable or malformed file is a CheckpointFileError. */
export function readCheckpointFile(file: string): Checkpoint {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CheckpointFileError(`cannot read the checkpoint file ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CheckpointFileError(`the checkpoint file ${file} is not JSON`);
  }
  const parsed = exportedCheckpointSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join(".") || "(file)").join(", ");
    throw new CheckpointFileError(`the checkpoint file ${file} is not a Kakehashi checkpoint (bad: ${where})`);
  }
  const { seq, headHash, createdAt, keyId, signature, publicKey } = parsed.data;
  return { seq, headHash, createdAt, keyId, signature, publicKey };
}
