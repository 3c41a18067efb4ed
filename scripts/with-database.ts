import { configFromEnv, openDatabase, type Database } from "../db/client";
import { DataFolderLockedError } from "../db/lock";
import { isDatabaseUnavailable } from "../db/unavailable";
import { CliError } from "./cli";

/**
 * Opens the configured database for a command-line task. What the person at the command line can mend —
 * a locked PGlite folder, a configuration refused, a database that cannot be reached, a `CliError` of the
 * task — is said in one line with exit 2; anything else is a fault and keeps its stack trace.
 */
export async function withDatabase(task: (database: Database) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  try {
    let config;
    try {
      config = configFromEnv();
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    database = await openDatabase(config);
    await task(database);
  } catch (error) {
    if (error instanceof DataFolderLockedError || error instanceof CliError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    if (isDatabaseUnavailable(error)) {
      console.error("error: the database cannot be reached (check DATABASE_URL and that the server is up)");
      process.exitCode = 2;
      return;
    }
    throw error;
  } finally {
    await database?.close();
  }
}
