import { randomUUID } from "node:crypto";
import { OPERATOR_REQUEST_PREFIX } from "@/lib/audit/events";
import type { Executor } from "@/db/client";
import type { OrganisationType, Role } from "@/db/schema";

export interface Actor {
  userId: string;
  orgId: string;
  orgType: OrganisationType;
  role: Role;
  /** Set when the request carries a browser session. */
  sessionId?: string;
  /** Set when the request authenticated with an API token. */
  tokenId?: string;
}

export interface RequestContext {
  db: Executor;
  actor: Actor | null;
  requestId: string;
  clientIp?: string;
  userAgent?: string;
}

export interface ServiceCall<I> {
  ctx: RequestContext;
  input: I;
}


/** The context of an operator's command (`npm run token:create`…): no actor, the command as the user agent. */
export function operatorContext(db: Executor, command: string): RequestContext {
  return { db, actor: null, requestId: `${OPERATOR_REQUEST_PREFIX}${randomUUID()}`, userAgent: command };
}
