import "./jitless";
import { z } from "zod";
import { writtenText } from "./text";

export const apiTokenCreateSchema = z
  .object({
    name: writtenText({ max: 100, min: 1 }),
    expiresInDays: z.coerce.number().int("validation.integer").min(1, "validation.expiryRange").max(365, "validation.expiryRange"),
  })
  .strict();

export type ApiTokenCreateInput = z.infer<typeof apiTokenCreateSchema>;
