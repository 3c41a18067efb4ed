import "./jitless";
import { z } from "zod";

export const apiTokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, "validation.required").max(100, "validation.tooLong"),
    expiresInDays: z.coerce.number().int("validation.integer").min(1, "validation.expiryRange").max(365, "validation.expiryRange"),
  })
  .strict();

export type ApiTokenCreateInput = z.infer<typeof apiTokenCreateSchema>;
