// The first platform admin of a fresh installation (README, "Production: the first platform admin").
import { englishMessage } from "../lib/i18n/validation";
import { accountLinkUrl } from "../lib/notifications/account-link-email";
import { bootstrapPlatformAdmin } from "../lib/services/bootstrap-platform-admin";
import { ServiceError, ValidationError } from "../lib/services/errors";
import { unchecked } from "../lib/services/input";
import { cliArgs } from "./cli";
import { withDatabase } from "./with-database";
import { operatorContext } from "../lib/services/context";

const USAGE = 'npm run admin:bootstrap -- --email <email> --name "<display name>" [--operator-en "<name>"] [--operator-ja "<name>"]';
const values = cliArgs(
  {
    email: { type: "string" },
    name: { type: "string" },
    "operator-en": { type: "string", default: "Platform operator" },
    "operator-ja": { type: "string", default: "プラットフォーム運営者" },
  },
  USAGE,
);

if (!values.email || !values.name) {
  console.error(`usage: ${USAGE}`);
  process.exit(64);
}

await withDatabase(async (database) => {
  const ctx = operatorContext(database.db, "admin:bootstrap");
  try {
    const input = { email: values.email, displayName: values.name, operatorNameEn: values["operator-en"], operatorNameJa: values["operator-ja"] };
    const { link } = await bootstrapPlatformAdmin({ ctx, input: unchecked(input) });
    console.log(`platform admin ${values.email} invited; the invitation works once, until ${link.expiresAt.toISOString()} (it is in the email outbox too):`);
    console.log(accountLinkUrl("invitation", link.token));
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const field of error.fieldErrors) console.error(`error: ${field.path}: ${englishMessage(field.message)}`);
      process.exitCode = 1;
      return;
    }
    if (error instanceof ServiceError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
});
