import type { Role } from "@/db/schema";
import { can, type Permission } from "@/lib/authz/policy";

const homes: Record<Role, string> = {
  company_officer: "/company",
  company_admin: "/company",
  agency_reviewer: "/agency",
  agency_approver: "/agency",
  auditor: "/oversight",
  platform_admin: "/admin",
};

export function homePathFor(role: Role): string {
  return homes[role];
}

export type NavItem = { href: string; labelKey: string };

const items: { href: string | ((role: Role) => string); labelKey: string; permission: Permission }[] = [
  { href: homePathFor, labelKey: "dashboard", permission: "me.read" },
  { href: "/company/disclosures", labelKey: "disclosures", permission: "disclosure.read_own" },
  { href: "/agency/disclosures", labelKey: "disclosureReview", permission: "disclosure.review" },
  { href: "/company/advisories", labelKey: "advisories", permission: "advisory.read_delivered" },
  { href: "/agency/advisories", labelKey: "advisories", permission: "advisory.draft" },
  { href: "/agency/insights", labelKey: "insights", permission: "insights.read" },
  { href: "/company/access-log", labelKey: "accessLog", permission: "access_log.read_own" },
  { href: "/company/profile", labelKey: "profile", permission: "profile.update_own" },
  { href: "/company/tokens", labelKey: "tokens", permission: "api_token.manage_company" },
  { href: "/oversight/events", labelKey: "auditLog", permission: "audit.read" },
  { href: "/oversight/anomalies", labelKey: "anomalies", permission: "audit.read" },
  { href: "/oversight/access", labelKey: "accessReport", permission: "audit.read" },
  { href: "/oversight/verify", labelKey: "auditVerify", permission: "audit.verify" },
  { href: "/admin/outbox", labelKey: "outbox", permission: "notification.read_outbox" },
  { href: "/company/users", labelKey: "companyUsers", permission: "company_user.manage" },
  { href: "/admin/users", labelKey: "users", permission: "user.manage" },
  { href: "/agency/conflicts", labelKey: "conflicts", permission: "conflict.declare_own" },
  { href: "/account", labelKey: "account", permission: "account.manage_own" },
];

/** The navigation a role sees: only what its permissions allow. */
export function navItemsFor(role: Role): NavItem[] {
  return items
    .filter((item) => can(role, item.permission))
    .map((item) => ({ href: typeof item.href === "function" ? item.href(role) : item.href, labelKey: item.labelKey }));
}

/** Only a path on this site is followed after sign-in; of an absolute URL only its path is kept. */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2000) return "/";
  try {
    const url = new URL(value, "http://placeholder.invalid");
    const path = url.pathname + url.search;
    return path.startsWith("/") && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}
