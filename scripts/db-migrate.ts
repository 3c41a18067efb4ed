import { AppRolePasswordError, appRolePasswordProblem } from "../db/production-roles";
import { CliError, cliArgs } from "./cli";
import { prepareDatabase } from "./db-prepare";
import { withDatabase } from "./with-database";

cliArgs({}, "npm run db:migrate (no arguments; KAKEHASHI_APP_PASSWORD and DATABASE_URL from the environment)");

// The owner's step before a release (README, "Production database roles"): the schema's migrations, and
// the job queue's own schema, which the application's production role may use but not create. With
// KAKEHASHI_APP_PASSWORD set (compose.yaml sets it), also the application's login role, kakehashi_app,
// with that password and the grants of db/production-roles.sql — so that the server never connects as
// the owner, who could change the audit log.
const appPassword = process.env.KAKEHASHI_APP_PASSWORD;
const problem = appPassword === undefined ? null : appRolePasswordProblem(appPassword);
if (problem) {
  console.error(`error: KAKEHASHI_APP_PASSWORD is refused: ${problem} (for example: openssl rand -hex 32)`);
  process.exit(2);
}

await withDatabase(async (database) => {
  if (appPassword !== undefined && database.kind !== "postgres") {
    console.error("error: KAKEHASHI_APP_PASSWORD applies to PostgreSQL only (the embedded database has no roles)");
    process.exitCode = 2;
    return;
  }
  try {
    await prepareDatabase(database, appPassword);
  } catch (error) {
    if (error instanceof AppRolePasswordError) throw new CliError(error.message);
    throw error;
  }
  console.log(`migrations applied, job queue ready (${database.kind})`);
  if (appPassword !== undefined) console.log("role kakehashi_app ready: password set, db/production-roles.sql applied");
});
