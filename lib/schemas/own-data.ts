import "./jitless";
import { z } from "zod";
import { auditOutcomes, organisationTypes, roles, sessionRevocationReasons } from "@/db/schema";

/** The most recent of the caller's own audit events an export holds; older ones are counted, not listed. */
export const OWN_DATA_EVENT_LIMIT = 1000;

const instant = z.string().meta({ format: "date-time" });

/**
 * Everything the portal keeps about the person asking (APPI's disclosure of retained personal data;
 * ASVS V8.3.2): their account, organisation and role, second factor, sessions, API tokens, product
 * assignments and conflicts of interest, and what they did as recorded in the audit log. No secret is in
 * it: no password digest, TOTP secret, recovery code or token digest.
 */
export const ownDataSchema = z
  .object({
    exportedAt: instant,
    account: z.object({
      id: z.uuid(),
      email: z.string(),
      displayName: z.string(),
      createdAt: instant,
      organisation: z.object({ id: z.uuid(), type: z.enum(organisationTypes), nameEn: z.string(), nameJa: z.string() }),
      role: z.enum(roles),
    }),
    secondFactor: z.object({ enrolledAt: instant.nullable(), recoveryCodesLeft: z.number().int() }),
    sessions: z.array(
      z.object({
        id: z.uuid(),
        createdAt: instant,
        lastSeenAt: instant,
        expiresAt: instant,
        endedAt: instant.nullable(),
        endedBecause: z.enum(sessionRevocationReasons).nullable(),
        mfa: z.boolean(),
        clientIp: z.string().nullable(),
        userAgent: z.string().nullable(),
      }),
    ),
    apiTokens: z.array(
      z.object({ id: z.uuid(), name: z.string(), prefix: z.string(), createdAt: instant, expiresAt: instant, lastUsedAt: instant.nullable(), revokedAt: instant.nullable() }),
    ),
    productAssignments: z.array(z.string()).meta({ description: "Critical product codes assigned to the caller (agency staff)." }),
    conflicts: z.array(
      z.object({ company: z.object({ id: z.uuid(), nameEn: z.string(), nameJa: z.string() }), reason: z.string(), validFrom: z.string(), validUntil: z.string().nullable() }),
    ),
    activity: z.object({
      total: z.number().int().meta({ description: "Audit events with the caller as actor." }),
      events: z
        .array(
          z.object({
            id: z.number().int(),
            occurredAt: instant,
            action: z.string(),
            outcome: z.enum(auditOutcomes),
            targetType: z.string().nullable(),
            targetId: z.string().nullable(),
            purpose: z.string().nullable(),
            clientIp: z.string().nullable(),
            userAgent: z.string().nullable(),
          }),
        )
        .meta({ description: `The newest ${OWN_DATA_EVENT_LIMIT} of them, newest first.` }),
    }),
  })
  .meta({ id: "OwnData" });

export type OwnData = z.infer<typeof ownDataSchema>;
