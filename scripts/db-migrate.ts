import { migrateDatabase } from "../db/client";
import { withDatabase } from "./with-database";

await withDatabase(async (database) => {
  await migrateDatabase(database);
  console.log(`migrations applied (${database.kind})`);
});
