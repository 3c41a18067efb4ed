// `npm run demo`: migrate, seed an empty database with the demo world, build if needed, serve on PORT.
import { spawn } from "node:child_process";
import { migrateDatabase } from "../db/client";
import { isEmpty, seedDemo } from "../lib/demo/seed-demo";
import { authSecret } from "./local-auth-secret";
import { buildIfStale, nextBin } from "./production-server";
import { withDatabase } from "./with-database";
import { cliArgs } from "./cli";

cliArgs({}, "npm run demo (no arguments; PORT and PGLITE_DIR from the environment)");

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

const port = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  AUTH_SECRET: authSecret(),
  AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
  DEMO_MODE: process.env.DEMO_MODE ?? "1",
  // Links point at the server started here, even when it runs as a production start (DEMO_MODE=0), which needs APP_URL.
  APP_URL: process.env.APP_URL || `http://localhost:${port}`,
  // Served directly, no proxy in front: the client's address is the connection's (README, "Configuration").
  TRUSTED_PROXY_HOPS: process.env.TRUSTED_PROXY_HOPS || "0",
  NEXT_TELEMETRY_DISABLED: "1",
};
buildIfStale(env);

console.log(`serving Kakehashi on http://localhost:${port} — demo accounts are listed in README.md`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
// A server killed by a signal (the OOM killer, a crash) is a failure, not a clean exit.
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
