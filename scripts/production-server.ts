// The production build: whether it is stale (`npm run demo` rebuilds then), and the production image's
// server run here — the image's own command (read from the Dockerfile) on the standalone output, in
// production mode, no demo, secrets from the environment (the smoke test and the fault run start it this way).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
const standalone = path.join(root, ".next", "standalone");

function newestSourceChange(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceChange(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether any source is newer than the last `next build` (or there is none). */
export function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "db", "next.config.js", "package-lock.json"].map((p) => path.join(root, p));
  return sources.some((p) => fs.existsSync(p) && (fs.statSync(p).isDirectory() ? newestSourceChange(p) : fs.statSync(p).mtimeMs) > built);
}

export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

/** Runs `next build` when the build is stale (unless SKIP_BUILD=1); exits the process if the build fails. */
export function buildIfStale(env: NodeJS.ProcessEnv = process.env): void {
  if (env.SKIP_BUILD === "1" || !buildIsStale()) return;
  console.log("building the application (next build)…");
  const built = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env, cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** Checks that `next build` wrote the standalone server, and copies beside it what the Dockerfile copies. */
export function prepareStandalone(): void {
  if (!fs.existsSync(path.join(standalone, "server.js"))) {
    throw new Error("no .next/standalone/server.js: run `next build` first (next.config.js sets output: standalone)");
  }
  fs.cpSync(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"), { recursive: true });
  fs.cpSync(path.join(root, "db", "migrations"), path.join(standalone, "db", "migrations"), { recursive: true });
}

/** The secrets a production start needs, fresh; keep them to restart a server on the same data. */
export function productionSecrets(): { AUTH_SECRET: string; AUDIT_SIGNING_KEY: string; MFA_ENCRYPTION_KEY: string; PSEUDONYM_SECRET: string } {
  return {
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PSEUDONYM_SECRET: randomBytes(32).toString("base64"),
  };
}

/**
 * The arguments the production image gives Node for its server: the runtime stage's CMD in the
 * Dockerfile (its last `CMD`), read here so that the smoke test, the benchmarks and the fault runs start
 * the server with the image's own flags, not a copy of them.
 */
export function imageServerArguments(dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8")): string[] {
  const command = [...dockerfile.matchAll(/^CMD (\[.*\])\s*$/gm)].at(-1)?.[1];
  const parsed: unknown = command ? JSON.parse(command) : null;
  if (!Array.isArray(parsed) || parsed[0] !== "node" || parsed.at(-1) !== "server.js" || !parsed.every((a) => typeof a === "string")) {
    throw new Error('the Dockerfile\'s last CMD is not ["node", …, "server.js"] in JSON form');
  }
  return parsed.slice(1) as string[];
}

export interface StandaloneServer {
  base: string;
  process: ChildProcess;
  /** The last `chars` characters the server wrote to stdout and stderr. */
  output(chars?: number): string;
  /** Polls /api/health until it answers 200; resolves with the milliseconds it took. */
  waitForHealth(timeoutMs?: number): Promise<number>;
  /** Sends `signal` and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The environment of the standalone server on 127.0.0.1:`port`: `env` (a database, secrets) on top of a
 * production one, whose links point at that address unless `env` gives APP_URL (a production start
 * refuses to run without it).
 */
export function standaloneEnv(port: number, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    AUTH_TRUST_HOST: "true",
    APP_URL: `http://127.0.0.1:${port}`,
    ...env,
    NODE_ENV: "production",
  };
}

/** Starts the standalone server on 127.0.0.1:`port` with `standaloneEnv`; `onOutput` sees everything it writes. */
export function startStandalone(port: number, env: Record<string, string>, onOutput?: (text: string) => void): StandaloneServer {
  const server = spawn(process.execPath, imageServerArguments(), {
    cwd: standalone,
    env: standaloneEnv(port, env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-200_000);
    onOutput?.(text);
  };
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve() : server.once("exit", () => resolve())));
  return {
    base,
    process: server,
    output: (chars = 4000) => output.slice(-chars),
    async waitForHealth(timeoutMs = 60_000) {
      const started = Date.now();
      while (Date.now() - started < timeoutMs && server.exitCode === null && server.signalCode === null) {
        const health = await fetch(`${base}/api/health`).catch(() => null);
        if (health?.ok) return Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the server did not answer /api/health with 200 within ${timeoutMs / 1000} s (exit code ${server.exitCode}, signal ${server.signalCode})`);
    },
    async stop(signal = "SIGTERM") {
      if (server.exitCode === null && server.signalCode === null) server.kill(signal);
      await exited;
    },
  };
}
