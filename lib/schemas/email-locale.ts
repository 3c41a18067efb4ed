import "./jitless";
import { z } from "zod";
import { emailLocales } from "@/db/schema";

/** The language a user's emails are written in; null: both, Japanese then English (the default). */
export const emailLocaleSchema = z
  .enum(emailLocales, { error: "validation.emailLocale" })
  .nullable()
  .meta({ id: "EmailLocale", description: "The language of the user's emails: `en` or `ja`; null for both, Japanese then English (the default)." });

/** The caller's own choice of email language, as the account page's form and the server take it. */
export const emailLocaleInputSchema = z.object({ emailLocale: emailLocaleSchema }).strict().meta({ id: "EmailLocaleInput" });
export type EmailLocaleInput = z.infer<typeof emailLocaleInputSchema>;
