import { migrateDatabase } from "../db/client";
import { seedDemo } from "../lib/demo/seed-demo";
import { authSecret } from "./local-auth-secret";
import { withDatabase } from "./with-database";
import { cliArgs } from "./cli";

cliArgs({}, "npm run db:seed (no arguments; DATABASE_URL or PGLITE_DIR from the environment)");

// The demo accounts' TOTP secrets are sealed under a key derived from the secret the server runs with.
if (!process.env.DATABASE_URL) process.env.AUTH_SECRET = authSecret();

await withDatabase(async (database) => {
  await migrateDatabase(database);
  await seedDemo(database.db);
  console.log(`demo world seeded (${database.kind})`);
});
