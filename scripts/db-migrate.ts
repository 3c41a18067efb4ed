import { migrateDatabase } from "../db/client";
import { installJobQueue } from "../lib/jobs/queue";
import { withDatabase } from "./with-database";

// The owner's step before a release (README, "Production database roles"): the schema's migrations, and
// the job queue's own schema, which the application's production role may use but not create.
await withDatabase(async (database) => {
  await migrateDatabase(database);
  await installJobQueue(database);
  console.log(`migrations applied, job queue ready (${database.kind})`);
});
