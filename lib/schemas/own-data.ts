import "./jitless";
import { z } from "zod";
import { auditOutcomes, emailStates, organisationTypes, roles, sessionRevocationReasons } from "@/db/schema";
import { emailLocaleSchema } from "./email-locale";

/**
 * The most recent of the caller's own audit events an export holds, and of those about them and of the
 * emails sent to them; older ones are counted, not listed.
 */
export const OWN_DATA_EVENT_LIMIT = 1000;

const instant = z.string().meta({ format: "date-time" });

/**
 * Everything the portal keeps about the person asking (APPI's disclosure of retained personal data;
 * ASVS V8.3.2): their account, organisation and role, second factor, sessions, API tokens, product
 * assignments and conflicts of interest, what they did as recorded in the audit log, what others did to
 * their account (without naming who: that is the others' data), the emails written to them (never a body:
 * an invitation's or reset's link is a live secret), and the failed sign-ins counted against their
 * account. No secret is in it: no password digest, TOTP secret, recovery code or token digest.
 */
export const ownDataSchema = z
  .object({
    exportedAt: instant,
    account: z.object({
      id: z.uuid(),
      email: z.string(),
      displayName: z.string(),
      emailLocale: emailLocaleSchema,
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
    aboutYou: z.object({
      total: z.number().int().meta({ description: "Audit events about the caller's account (target user) by anyone else, or by no one signed in." }),
      events: z
        .array(z.object({ id: z.number().int(), occurredAt: instant, action: z.string(), outcome: z.enum(auditOutcomes), by: z.enum(["another_user", "no_one_signed_in"]) }))
        .meta({ description: `The newest ${OWN_DATA_EVENT_LIMIT} of them, newest first; who acted is not said, only whether it was another user or no one signed in (a failed sign-in as the caller, say).` }),
    }),
    emails: z.object({
      total: z.number().int().meta({ description: "Emails written to the caller's address." }),
      messages: z
        .array(z.object({ id: z.uuid(), kind: z.string(), subject: z.string(), state: z.enum(emailStates), createdAt: instant, sentAt: instant.nullable() }))
        .meta({ description: `The newest ${OWN_DATA_EVENT_LIMIT} of them, newest first, without their bodies.` }),
    }),
    signInThrottle: z
      .object({ failures: z.number().int(), lastFailureAt: instant, blockedUntil: instant.nullable() })
      .nullable()
      .meta({ description: "Failed sign-ins counted against the caller's account, if any are." }),
  })
  .meta({ id: "OwnData" });

export type OwnData = z.infer<typeof ownDataSchema>;
