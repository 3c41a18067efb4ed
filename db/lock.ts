import fs from "node:fs";
import path from "node:path";

export class DataFolderLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database folder ${dir} is in use by process ${pid}. ` +
        "PGlite cannot be shared between processes: stop that process first, or point DATABASE_URL at a PostgreSQL server.",
    );
    this.name = "DataFolderLockedError";
  }
}

// The locks this process took (their paths): one naming this process's id that is not among them was left
// by an earlier process that had the same id.
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes an exclusive, process-wide lock on a PGlite data folder. PGlite has no lock of its own across
 * processes, and a second process writing the same folder loses writes silently. A lock left by a dead
 * process is taken over, and so is one that names this process without this process having taken it: a
 * restarted container's server is often given the process id its predecessor had (1, say), and then
 * refused every start. Known limit: two processes taking over the same stale lock at the same instant
 * could both succeed (Node has no flock); starting two servers on one folder at once is not supported.
 */
export function lockDataFolder(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "kakehashi.lock");
  const key = path.resolve(lockPath);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldHere.add(key);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(key);
        process.removeListener("exit", release);
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      const stale = holder === process.pid && !heldHere.has(key);
      if (Number.isInteger(holder) && holder > 0 && !stale && isAlive(holder)) {
        throw new DataFolderLockedError(dir, holder);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}
