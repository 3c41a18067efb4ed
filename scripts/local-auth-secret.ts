import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const dataRoot = path.resolve(process.env.PGLITE_DIR ? path.dirname(process.env.PGLITE_DIR) : "data");

/** AUTH_SECRET, else the one generated once into the data folder: the demo server and the seed use the same. */
export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataRoot, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataRoot, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log(`generated a local AUTH_SECRET in ${file}`);
  }
  return fs.readFileSync(file, "utf8").trim();
}
