import { configFromEnv, openDatabase, type Database } from "../db/client";
import { DataFolderLockedError } from "../db/lock";

/** Opens the configured database for a command-line task, and reports a locked PGlite folder plainly. */
export async function withDatabase(task: (database: Database) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  try {
    database = await openDatabase(configFromEnv());
    await task(database);
  } catch (error) {
    if (error instanceof DataFolderLockedError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  } finally {
    await database?.close();
  }
}
