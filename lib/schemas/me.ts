import "./jitless";
import { z } from "zod";
import { organisationTypes, roles } from "@/db/schema";
import { emailLocaleSchema } from "./email-locale";

export const meSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), emailLocale: emailLocaleSchema }),
    organisation: z.object({ id: z.uuid(), type: z.enum(organisationTypes), nameEn: z.string(), nameJa: z.string() }),
    role: z.enum(roles),
  })
  .meta({ id: "Me" });

export type Me = z.infer<typeof meSchema>;
