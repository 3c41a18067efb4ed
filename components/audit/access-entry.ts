// How a company's access log (and the auditors' dashboard) names what government staff did and why.

export type Translate = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

/**
 * The purposes Kakehashi records in its own words (constants of the services, in English), and their
 * catalogue entries under `accessLog.purposes`. Any other purpose was written by a person — a break-glass
 * justification, the purpose an API client gave — and is shown as written.
 */
export const fixedPurposes: Readonly<Record<string, string>> = {
  "disclosure review": "disclosureReview",
  "risk insights drill-down": "insightsDrillDown",
  "advisory reach preview": "advisoryReachPreview",
  "advisory deliveries": "advisoryDeliveries",
  "company profile review": "companyProfileReview",
  "issued from the operator command line": "operatorToken",
  "the first platform admin, from the operator command line": "firstPlatformAdmin",
};

/** A stored purpose in the reader's language where Kakehashi wrote it, else as written; null for none. `t`: `accessLog`. */
export function purposeText(t: Translate, purpose: string | null): string | null {
  if (!purpose) return null;
  const key = Object.hasOwn(fixedPurposes, purpose) ? `purposes.${fixedPurposes[purpose]}` : null;
  return key && t.has(key) ? t(key) : purpose;
}

/**
 * The actions government staff can take on a company's data, each with an entry under `accessLog.actions`
 * (dots as underscores). One the log does not know yet still reads as a sentence, naming its code.
 */
export const accessLogActions = ["disclosure.read", "disclosure.review", "profile.read", "insights.drill_down", "advisory.reach_preview", "conflict.declare", "access.denied"] as const;

/** An access log action in the reader's language. `t`: `accessLog`. */
export function actionText(t: Translate, action: string): string {
  const key = `actions.${action.replaceAll(".", "_")}`;
  return t.has(key) ? t(key) : t("otherAction", { action });
}
