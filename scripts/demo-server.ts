// The demo server on an empty data folder of its own, for scripts that measure the running app
// (`npm run bench`, `npm run lighthouse`): `scripts/demo.ts` as `npm run demo` runs it (migrate, seed the
// demo world, build if stale unless SKIP_BUILD=1, `next start`), stopped and its folder removed after.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Seconds from the spawn to the first 200 from `readyPath`. */
  startSeconds: number;
  stop: () => Promise<void>;
}

/** Whether nothing listens on the port (on the loopback address the servers bind). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** The first free port in [from, to]; the measuring scripts keep to 3300–3399. */
export async function freePort(from = 3300, to = 3399, taken: number[] = []): Promise<number> {
  for (let port = from; port <= to; port++) if (!taken.includes(port) && (await portIsFree(port))) return port;
  throw new Error(`no free port in ${from}–${to}`);
}

/**
 * Starts `scripts/demo.ts` on `port` with a fresh PGlite folder (DATABASE_URL cleared, so never a
 * configured server), and waits until `readyPath` answers 200. Rejects, with the server's last output,
 * if it exits or is not ready within `timeoutMs`.
 */
export async function startDemoServer(options: { port: number; readyPath?: string; timeoutMs?: number; env?: Record<string, string> }): Promise<DemoServer> {
  const { port, readyPath = "/sign-in", timeoutMs = 180_000 } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kh-demo-server-"));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
    cwd: root,
    env: { ...process.env, ...options.env, PORT: String(port), PGLITE_DIR: path.join(dataDir, "pglite"), DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: `next start` is a grandchild, stopped with it.
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  while (performance.now() - started < timeoutMs && child.exitCode === null) {
    const page = await fetch(`${url}${readyPath}`).catch(() => null);
    if (page?.ok) {
      await page.arrayBuffer();
      return { url, startSeconds: (performance.now() - started) / 1000, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const why = child.exitCode === null ? `not ready within ${timeoutMs / 1000} s` : `exited with code ${child.exitCode}`;
  await stop();
  throw new Error(`the demo server on port ${port} ${why}\n--- its output ---\n${output}`);
}
