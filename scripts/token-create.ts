import { issueCliToken } from "../lib/services/issue-cli-token";
import { ServiceError } from "../lib/services/errors";
import { apiTokenCreateSchema } from "../lib/schemas/api-token";
import { cliArgs } from "./cli";
import { withDatabase } from "./with-database";
import { operatorContext } from "../lib/services/context";

const USAGE = "npm run token:create -- --email <email> [--name <label, 1-100 characters>] [--days <1-365>]";
const values = cliArgs(
  {
    email: { type: "string" },
    name: { type: "string", default: "command-line token" },
    days: { type: "string", default: "90" },
  },
  USAGE,
);

const days = Number(values.days);
const name = apiTokenCreateSchema.shape.name.safeParse(values.name);
if (!values.email || !Number.isInteger(days) || days < 1 || days > 365 || !name.success) {
  console.error(`usage: ${USAGE}`);
  process.exit(64);
}

await withDatabase(async (database) => {
  const ctx = operatorContext(database.db, "token:create");
  try {
    const { token, id } = await issueCliToken({ ctx, input: { email: values.email!, name: name.data, expiresInDays: days } });
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
