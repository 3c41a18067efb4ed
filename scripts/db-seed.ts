import { migrateDatabase } from "../db/client";
import { seedDemo } from "../lib/demo/seed-demo";
import { withDatabase } from "./with-database";

await withDatabase(async (database) => {
  await migrateDatabase(database);
  await seedDemo(database.db);
  console.log(`demo world seeded (${database.kind})`);
});
