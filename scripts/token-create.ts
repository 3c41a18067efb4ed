import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { issueCliToken } from "../lib/services/issue-cli-token";
import { ServiceError } from "../lib/services/errors";
import { withDatabase } from "./with-database";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string", default: "command-line token" },
    days: { type: "string", default: "90" },
  },
});

const days = Number(values.days);
if (!values.email || !Number.isInteger(days) || days < 1 || days > 365) {
  console.error("usage: npm run token:create -- --email <email> [--name <label>] [--days <1-365>]");
  process.exit(64);
}

await withDatabase(async (database) => {
  const ctx = { db: database.db, actor: null, requestId: `cli-${randomUUID()}`, userAgent: "token:create" };
  try {
    const { token, id } = await issueCliToken({ ctx, input: { email: values.email!, name: values.name!, expiresInDays: days } });
    console.log(`token ${id} for ${values.email}, valid ${days} days; shown once:`);
    console.log(token);
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
});
