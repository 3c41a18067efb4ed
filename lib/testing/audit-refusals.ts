import { expect } from "vitest";
import type { RequestContext } from "@/lib/services/context";
import { NotFoundError } from "@/lib/services/errors";
import { callAs, type TestDatabase } from "./test-database";

/**
 * The audit log's services are for auditors: anyone else tried one gets "not found" (NotFoundError), and
 * exactly one refusal is on record — `audit.read`, refused for want of the permission — with `expected`.
 */
export async function expectAuditReadRefused(t: TestDatabase, email: string, call: (ctx: RequestContext) => Promise<unknown>, expected: Record<string, unknown> = {}): Promise<void> {
  const { error, events } = await callAs(t, email, call);
  expect(error).toBeInstanceOf(NotFoundError);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ action: "access.denied", outcome: "denied", details: { attempted: "audit.read", reason: "role_lacks_permission" }, ...expected });
}
