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
