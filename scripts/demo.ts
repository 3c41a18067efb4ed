// `npm run demo`: migrate, seed an empty database with the demo world, build if needed, serve on PORT.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase } from "../db/client";
import { isEmpty, seedDemo } from "../lib/demo/seed-demo";
import { authSecret } from "./local-auth-secret";
import { withDatabase } from "./with-database";

const root = process.cwd();

function newestSourceChange(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceChange(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "db", "next.config.js", "package-lock.json"].map((p) => path.join(root, p));
  return sources.some((p) => fs.existsSync(p) && (fs.statSync(p).isDirectory() ? newestSourceChange(p) : fs.statSync(p).mtimeMs) > built);
}

// The seed seals the demo accounts' TOTP secrets with a key derived from AUTH_SECRET (unless
// MFA_ENCRYPTION_KEY is set): it must be the secret the server will run with.
process.env.AUTH_SECRET = authSecret();

await withDatabase(async (database) => {
  await migrateDatabase(database);
  if (await isEmpty(database.db)) {
    await seedDemo(database.db);
    console.log("seeded the demo world");
  }
  console.log(`database ready (${database.kind})`);
});
if (process.exitCode) process.exit(process.exitCode);

const env = {
  ...process.env,
  AUTH_SECRET: authSecret(),
  AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
  DEMO_MODE: process.env.DEMO_MODE ?? "1",
  NEXT_TELEMETRY_DISABLED: "1",
};
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

if (process.env.SKIP_BUILD !== "1" && buildIsStale()) {
  console.log("building the application (next build)…");
  const built = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const port = process.env.PORT ?? "3000";
console.log(`serving Kakehashi on http://localhost:${port} — demo accounts are listed in README.md`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
