import { z } from "zod";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    retryAfterSeconds: z.number().optional().meta({ description: "With 429: how long to wait before trying again (also the Retry-After header)." }),
    current: z.record(z.string(), z.unknown()).optional().meta({ description: "With 409 for a stale If-Match: the resource as it now is." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

export const healthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.enum(["pglite", "postgres"]),
    auditReplica: z
      .enum(["ok", "unreachable"])
      .optional()
      .meta({ description: "Only with a read replica for the auditors: whether it answered within a second. It never fails the check." }),
  })
  .meta({ id: "Health" });

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer" as const, minimum: 1 } },
};

/** The answers of every operation that needs a caller: none, or one whose address sent too many bad tokens. */
export const authenticated = {
  401: problemResponse("No valid API token or session."),
  429: { ...problemResponse("Too many rejected API tokens from this address: wait for Retry-After seconds."), headers: retryAfter },
};
