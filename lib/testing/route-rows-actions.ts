import { demoOrgIds } from "@/lib/demo/demo-ids";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo";
import { callers, roleOf, company, agency, isHoshino, action, junkValues, junkField, disclosureTargets, idOf, disclosureInScope, ownDisclosure, bureauStaff, freshAdvisoryContent, type Caller, type Target, type Row } from "./route-inventory";

// The server-action half of the route inventory (route-inventory.ts has the callers, targets and rules):
// a row per exported action (per command, for the forms that carry several), grouped by page.

// ---- Server actions ----

const file = {
  account: "app/(portal)/account/actions.ts",
  admin: "app/(portal)/admin/users/actions.ts",
  agencyAdvisories: "app/(portal)/agency/advisories/actions.ts",
  agencyDisclosures: "app/(portal)/agency/disclosures/actions.ts",
  companyAdvisories: "app/(portal)/company/advisories/actions.ts",
  companyDisclosures: "app/(portal)/company/disclosures/actions.ts",
  profile: "app/(portal)/company/profile/actions.ts",
  tokens: "app/(portal)/company/tokens/actions.ts",
  companyUsers: "app/(portal)/company/users/actions.ts",
  verify: "app/(portal)/oversight/verify/actions.ts",
  links: "app/_account-links/actions.ts",
  root: "app/actions.ts",
  signIn: "app/sign-in/actions.ts",
};
const userTargets = ["hoshino", "aoba"] as const;
/** A platform admin manages every user; a company admin those of the own company. */
const managesUser = (c: Caller, t: Target) => c === "platformAdmin" || (c === "hoshinoAdmin" && t === "hoshino");
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};

export const actionRows: Row[] = [
  // ---- Before sign-in: the session plays no part, so every caller gets the same answer ----
  { route: `${file.signIn}#signInAction`, who: "anyone", status: 422, call: () => action({ email: "not an address", password: "" }, "/") },
  { route: `${file.signIn}#beginEnrolmentAction`, who: "anyone", status: 422, call: () => action({ email: "not an address", password: "" }) },
  { route: `${file.signIn}#demoCodeAction`, who: "anyone", call: () => action("nobody@example.test") },
  { route: `${file.links}#requestResetAction`, who: "anyone", call: () => action({ email: "nobody@example.test" }) },
  // A link that names no invitation is refused alike for everyone (and recorded as such).
  {
    route: `${file.links}#completeLinkAction`,
    who: "anyone",
    status: 422,
    audits: "account_link.rejected",
    // Only the purpose is wrong (the page's script sends it): refused before any link is looked up.
    malformed: () => action("administrator", { token: "k".repeat(43), email: "", password: "A long enough passphrase 1", confirmPassword: "A long enough passphrase 1" }),
    call: () => action("invitation", { token: "k".repeat(43), email: "", password: "A long enough passphrase 1", confirmPassword: "A long enough passphrase 1" }),
  },
  // Whether a link still works (its page asks before showing the form): one that names no link is "unknown"
  // alike for everyone, and nothing is recorded; a purpose the portal has not is refused.
  {
    route: `${file.links}#inspectLinkAction`,
    who: "anyone",
    malformed: () => action("administrator", { token: "k".repeat(43) }),
    call: () => action("invitation", { token: "k".repeat(43) }),
  },
  { route: `${file.root}#setLanguage`, who: "anyone", call: () => action(form({ locale: "ja" })) },

  // ---- Everyone's own account ----
  // Signing out ends the caller's own session only (an anonymous caller has none): the harness signs it in again.
  { route: `${file.root}#signOutAction`, who: "anyone", audits: (c) => (c === "anonymous" ? null : "auth.sign_out"), call: () => action() },
  // A wrong current password is refused after the gate (422), so no session ends here.
  {
    route: `${file.account}#changePasswordAction`,
    malformed: junkValues,
    who: "signed-in",
    status: 422,
    call: () => action({ currentPassword: "not the password", email: "", password: "A long enough passphrase 1", confirmPassword: "A long enough passphrase 1" }),
  },
  // The language of one's own emails: set to both (null), as every demo account's is, so the rows after meet the world as it was.
  { route: `${file.account}#setEmailLocaleAction`, malformed: junkValues, who: "signed-in", audits: "account.email_locale", call: () => action({ emailLocale: null }) },
  // Every demo account with a second factor has one already; the others may start one, with the current password.
  {
    route: `${file.account}#startEnrolmentAction`,
    malformed: junkValues,
    who: "signed-in",
    status: (c) => (hasAuthenticator(c) ? 409 : 200),
    call: () => action({ currentPassword: DEMO_PASSWORD }),
  },
  { route: `${file.account}#confirmEnrolmentAction`, malformed: junkValues, who: "signed-in", status: (c) => (hasAuthenticator(c) ? 409 : 422), call: () => action({ code: "000000" }) },
  // Changes to the second factor ask for the current password again (the demo's, here).
  {
    route: `${file.account}#regenerateCodesAction`,
    malformed: junkValues,
    who: "signed-in",
    status: (c) => (hasAuthenticator(c) ? 200 : 409),
    audits: "mfa.recovery_codes_regenerate",
    call: () => action({ currentPassword: DEMO_PASSWORD }),
  },
  // Those who must keep a second factor are refused (409); the company officers have none to remove.
  {
    route: `${file.account}#removeAuthenticatorAction`,
    malformed: junkValues,
    who: "signed-in",
    status: (c) => (mustKeepSecondFactor(c) ? 409 : 200),
    call: () => action({ currentPassword: DEMO_PASSWORD }),
  },
  {
    route: `${file.account}#revokeSessionAction`,
    who: "signed-in",
    audits: "session.revoke",
    call: async (fx, _t, c) => action(null, form({ sessionId: c === "anonymous" ? "00000000-0000-4000-8000-000000000000" : await fx.otherSession(c) })),
  },

  // ---- Disclosures ----
  {
    route: `${file.companyDisclosures}#createDisclosureAction`,
    malformed: junkValues,
    who: company,
    audits: "disclosure.create",
    call: (_fx, _t, c) => action({ reportingPeriod: `${2070 + callers.indexOf(c)}-H2`, items: [] }),
  },
  {
    route: `${file.companyDisclosures}#saveDraftAction`,
    malformed: junkField("changes"),
    who: company,
    targets: disclosureTargets,
    inScope: ownDisclosure,
    status: (_c, t) => (t === "hoshinoDraft" ? 200 : 409),
    audits: "disclosure.update",
    call: async (fx, t) => action({ id: idOf(t), revision: await fx.revisionOf(idOf(t)), changes: { notes: "Route matrix." } }),
  },
  {
    route: `${file.companyDisclosures}#submitDisclosureAction`,
    malformed: junkField("revision"),
    who: company,
    targets: ["minatoSubmitted", "-"],
    inScope: (c, t) => ownDisclosure(c, t === "-" ? "hoshinoDraft" : t),
    audits: "disclosure.submit",
    call: async (fx, t) => action(t === "-" ? await fx.hoshinoDraft() : { id: idOf(t) }),
  },
  {
    route: `${file.companyDisclosures}#withdrawDisclosureAction`,
    who: company,
    targets: ["minatoSubmitted", "-"],
    inScope: (c, t) => ownDisclosure(c, t === "-" ? "hoshinoDraft" : t),
    audits: "disclosure.withdraw",
    call: async (fx, t) => action({ id: t === "-" ? (await fx.hoshinoDraft()).id : idOf(t) }),
  },
  {
    route: `${file.agencyDisclosures}#reviewDisclosureAction`,
    malformed: junkField("review"),
    who: agency,
    targets: disclosureTargets,
    inScope: disclosureInScope,
    audits: "disclosure.review",
    call: (_fx, t) => action({ id: idOf(t), review: { decision: "comment", comment: "Route matrix." } }),
  },
  {
    route: `${file.agencyDisclosures}#breakGlassAction`,
    malformed: junkField("justification"),
    who: ["agency_approver"],
    targets: disclosureTargets,
    inScope: (_c, t) => t !== "hoshinoDraft",
    audits: "disclosure.read",
    call: (_fx, t) => action({ id: idOf(t), justification: "Route matrix: checking who may break the glass." }),
  },

  // ---- Company profile and tokens ----
  {
    route: `${file.profile}#saveProfileAction`,
    malformed: junkValues,
    who: company,
    audits: "profile.update",
    call: () => action({ contactName: "Route Matrix", contactEmail: "matrix@example.test", contactPhone: "+81 3-0000-0000", productCodes: ["permanent_magnets"] }),
  },
  { route: `${file.tokens}#createTokenAction`, malformed: junkValues, who: ["company_admin"], audits: "api_token.create", call: () => action({ name: "Route matrix", expiresInDays: 7 }) },
  {
    route: `${file.tokens}#revokeTokenAction`,
    who: ["company_admin"],
    // Hoshino's admin's own token; Aoba has no admin among the callers.
    audits: "api_token.revoke",
    call: async (fx) => action(null, form({ tokenId: await fx.hoshinoToken() })),
  },

  // ---- Advisories ----
  {
    route: `${file.agencyAdvisories}#saveAdvisoryAction`,
    malformed: junkField("values"),
    inScope: (c, t) => t === "-" || bureauStaff(c),
    who: agency,
    targets: ["-", "advisoryPublished"],
    // "-" creates one; editing a published advisory is refused (409): it is revised instead.
    status: (_c, t) => (t === "-" ? 200 : 409),
    audits: (_c, t) => (t === "-" ? "advisory.create" : null),
    call: (_fx, t) => action(t === "-" ? { mode: "create", values: freshAdvisoryContent } : { mode: "edit", id: idOf(t), values: { summary: "Changed by the route matrix." } }),
  },
  {
    route: `${file.agencyAdvisories}#previewReachAction`,
    malformed: junkValues,
    who: agency,
    call: () => action({ products: ["permanent_magnets"], countries: [], organisations: [] }),
  },
  {
    route: `${file.agencyAdvisories}#requestApprovalAction`,
    inScope: bureauStaff,
    who: agency,
    targets: ["-"],
    // A fresh draft of the reviewer's: only its writer sends it for approval.
    forbidden: (c) => c !== "reviewer",
    audits: "advisory.request_approval",
    call: async (fx) => action({ id: await fx.advisory("draft") }),
  },
  {
    route: `${file.agencyAdvisories}#approveAction`,
    inScope: bureauStaff,
    who: ["agency_approver"],
    targets: ["-"],
    audits: "advisory.approve",
    call: async (fx) => action({ id: await fx.advisory("pending_approval") }),
  },
  {
    route: `${file.agencyAdvisories}#withdrawAction`,
    malformed: junkField("reason"),
    inScope: bureauStaff,
    who: agency,
    targets: ["-"],
    // A fresh draft of the reviewer's: its writer or an approver withdraws it, not a colleague who did not write it.
    forbidden: (c) => c === "reviewer2",
    audits: "advisory.withdraw",
    call: async (fx) => action({ id: await fx.advisory("draft"), reason: "Withdrawn by the route matrix." }),
  },
  {
    route: `${file.agencyAdvisories}#returnAction`,
    malformed: junkField("reason"),
    inScope: bureauStaff,
    who: agency,
    targets: ["-"],
    // A fresh advisory awaiting approval, drafted and sent by the reviewer: its writer or an approver returns it, not a colleague who did not write it.
    forbidden: (c) => c === "reviewer2",
    audits: "advisory.return",
    call: async (fx) => action({ id: await fx.advisory("pending_approval"), reason: "Returned by the route matrix.", revision: 1 }),
  },
  {
    route: `${file.companyAdvisories}#acknowledgeAction`,
    malformed: junkField("acknowledgement"),
    who: company,
    targets: ["-"],
    inScope: (c) => isHoshino(c),
    audits: "advisory.acknowledge",
    call: async (fx) => action({ id: await fx.advisory("published"), acknowledgement: { note: "Seen by the route matrix." } }),
  },

  // ---- The audit log ----
  { route: `${file.verify}#verifyAction`, malformed: junkField("checkpoints"), who: ["auditor"], hidden: true, audits: "audit.verify", call: () => action({ checkpoints: [] }) },
  { route: `${file.verify}#sealAction`, who: ["auditor"], hidden: true, call: () => action() },

  // ---- Administration: platform admins everywhere, company admins within their company ----
  {
    route: `${file.admin}#inviteUserAction`,
    malformed: junkField("email"),
    who: ["platform_admin", "company_admin"],
    targets: userTargets,
    inScope: managesUser,
    audits: "user.invite",
    call: (_fx, t, c) => action({ email: `matrix-${callers.indexOf(c)}-${t}@example.test`, displayName: "Route Matrix", organisationId: idOf(t), role: "company_officer" }),
  },
  {
    route: `${file.admin}#createOrganisationAction`,
    malformed: junkValues,
    who: ["platform_admin"],
    audits: "organisation.create",
    call: (_fx, _t, c) => action({ type: "agency", nameEn: `Matrix agency ${callers.indexOf(c)}`, nameJa: `マトリクス庁 ${callers.indexOf(c)}` }),
  },
  {
    route: `${file.admin}#changeRoleAction`,
    malformed: junkField("role"),
    who: ["platform_admin", "company_admin"],
    targets: userTargets,
    inScope: managesUser,
    audits: "user.role_change",
    call: async (fx, t) => action({ userId: await fx.user(t as "hoshino" | "aoba"), role: "company_admin" }),
  },
  {
    route: `${file.admin}#setAssignmentsAction`,
    malformed: junkField("productCodes"),
    who: ["platform_admin"],
    audits: "product_assignment.change",
    // A new reviewer, assigned a product.
    call: async (fx) => action({ userId: await fx.user("esb"), productCodes: ["permanent_magnets"] }),
  },
  {
    route: `${file.admin}#declareConflictAction`,
    malformed: junkField("reason"),
    // Agency staff declare their own; the platform admin declares anyone's (here a new reviewer's: the reviewer
    // declares the same days with Tsubame in their own column, and a second declaration over them is refused).
    who: ["platform_admin", ...agency],
    audits: "conflict.declare",
    call: async (fx, _t, c) =>
      action({
        ...(c === "platformAdmin" ? { userId: await fx.user("esb") } : {}),
        companyId: demoOrgIds.tsubame,
        reason: "Route matrix: a declared interest.",
        validFrom: "2026-01-01",
      }),
  },
  // Ending someone's sessions, resetting their second factor and lifting their sign-in lock are the platform admin's alone.
  ...(["disable", "enable", "revoke-sessions", "reset-mfa", "unlock", "send-reset"] as const).map(
    (command): Row => ({
      route: `${file.admin}#userCommandAction`,
      label: command,
      who: command === "revoke-sessions" || command === "reset-mfa" || command === "unlock" ? ["platform_admin"] : ["platform_admin", "company_admin"],
      targets: userTargets,
      inScope: managesUser,
      call: async (fx, t) => action(null, form({ userId: await fx.user(t as "hoshino" | "aoba"), command })),
    }),
  ),
  {
    route: `${file.admin}#userCommandAction`,
    label: "end-conflict",
    who: ["platform_admin"],
    audits: "conflict.end",
    call: async (fx) => action(null, form({ command: "end-conflict", conflictId: await fx.conflict() })),
  },
  // A command the form does not have: refused as the commands are, else 422 on `command`, nothing done.
  ...([`${file.admin}#userCommandAction`, `${file.companyUsers}#companyUserCommandAction`] as const).map(
    (route): Row => ({
      route,
      label: "an unknown command",
      who: ["platform_admin", "company_admin"],
      status: 422,
      call: async (fx) => action(null, form({ userId: await fx.user("hoshino"), command: "make-platform-admin" })),
    }),
  ),
  ...(["disable", "make-admin", "send-reset"] as const).map(
    (command): Row => ({
      route: `${file.companyUsers}#companyUserCommandAction`,
      label: command,
      who: ["platform_admin", "company_admin"],
      targets: userTargets,
      inScope: managesUser,
      call: async (fx, t) => action(null, form({ userId: await fx.user(t as "hoshino" | "aoba"), command })),
    }),
  ),
];

/** Agency staff, auditors and both kinds of admin: their role requires a second factor (SPEC §6), enrolled or not. */
function mustKeepSecondFactor(c: Caller): boolean {
  const role = roleOf[c];
  return role === "company_admin" || role === "agency_reviewer" || role === "agency_approver" || role === "auditor" || role === "platform_admin";
}

/** The demo accounts that sign in with an authenticator: the company admin, agency staff, the auditor and the platform admin (SPEC §6). */
function hasAuthenticator(c: Caller): boolean {
  return c === "hoshinoAdmin" || c === "reviewer" || c === "reviewer2" || c === "approver" || c === "auditor" || c === "platformAdmin";
}
