import { XMLBuilder } from "fast-xml-parser";
import type { AdvisorySeverity } from "@/db/schema";
import { publisherNamespace } from "./csaf";
import type { AdvisoryDocument } from "./document";
import { tlpRuleEn } from "./emails";
import { firstCharacters, xmlText } from "./xml-text";

export const CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";

const capSeverity: Record<AdvisorySeverity, string> = { critical: "Extreme", high: "Severe", moderate: "Moderate", low: "Minor", info: "Unknown" };
const capUrgency: Record<AdvisorySeverity, string> = { critical: "Immediate", high: "Expected", moderate: "Future", low: "Future", info: "Unknown" };
const capCertainty: Record<AdvisorySeverity, string> = { critical: "Likely", high: "Likely", moderate: "Possible", low: "Possible", info: "Unknown" };

/** CAP dates have no fraction and no "Z": UTC is written -00:00. */
export const capDateTime = (isoUtc: string) => `${isoUtc.slice(0, 19)}-00:00`;

/** The CAP sender of an agency: its id at the publisher's domain (no spaces, commas, < or &). */
export function capSender(agencyId: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${agencyId}@${new URL(publisherNamespace(env)).hostname}`;
}

/**
 * The advisory's latest message as CAP 1.2: msgType Alert for a first publication, Update for a later
 * revision or one that supersedes another advisory (referencing the earlier messages), Cancel once
 * withdrawn; status Draft before publication, under an identifier of its own (the published message must
 * not share one with a draft); scope Public for TLP:CLEAR, else Restricted with the TLP rule as the
 * restriction. Every text is one XML 1.0 admits (`xmlText`).
 */
export function toCap(doc: AdvisoryDocument, env: NodeJS.ProcessEnv = process.env): string {
  const sender = capSender(doc.agency.id, env);
  const message = (number: number) => `${doc.reference}-${number}`;
  const earlier = doc.history.filter((h) => h.number < doc.revision || doc.withdrawal).map((h) => `${sender},${message(h.number)},${capDateTime(h.publishedAt)}`);
  if (doc.supersedes?.lastPublishedAt && doc.supersedes.revision) {
    earlier.unshift(`${sender},${doc.supersedes.reference}-${doc.supersedes.revision},${capDateTime(doc.supersedes.lastPublishedAt)}`);
  }
  const msgType = doc.withdrawal && !doc.draft ? "Cancel" : earlier.length > 0 ? "Update" : "Alert";
  const published = doc.history.find((h) => h.number === doc.revision);
  const sent = msgType === "Cancel" ? doc.withdrawal!.at : doc.draft || !published ? doc.generatedAt : published.publishedAt;
  const notes = [
    doc.withdrawal ? `Withdrawn: ${doc.withdrawal.reason}` : null,
    doc.supersededBy ? `Superseded by ${doc.supersededBy.reference}.` : null,
  ].filter((n): n is string => n !== null);
  const alert = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    alert: {
      "@_xmlns": CAP_NAMESPACE,
      identifier: msgType === "Cancel" ? `${message(doc.revision)}-cancel` : doc.draft ? `${message(doc.revision)}-draft-${doc.generatedAt.replace(/[-:.]/g, "")}` : message(doc.revision),
      sender,
      sent: capDateTime(sent),
      status: doc.draft ? "Draft" : "Actual",
      msgType,
      source: "Kakehashi",
      ...(doc.tlp === "CLEAR" ? { scope: "Public" } : { scope: "Restricted", restriction: `TLP:${doc.tlp}. ${tlpRuleEn[doc.tlp]}` }),
      ...(notes.length ? { note: xmlText(notes.join(" ")) } : {}),
      ...(earlier.length && msgType !== "Alert" ? { references: earlier.join(" ") } : {}),
      info: {
        language: "en-US",
        category: "Security",
        event: "Supply-chain advisory",
        ...(msgType === "Cancel" ? { responseType: "AllClear" } : { responseType: "Monitor" }),
        urgency: msgType === "Cancel" ? "Past" : capUrgency[doc.severity],
        severity: capSeverity[doc.severity],
        certainty: capCertainty[doc.severity],
        senderName: xmlText(doc.agency.nameEn),
        headline: firstCharacters(xmlText(doc.title), 160),
        // A company's copy of a withdrawn advisory carries no text: the withdrawal is its description.
        description: xmlText([doc.summary, doc.body].filter(Boolean).join("\n\n") || (doc.withdrawal ? `Withdrawn: ${doc.withdrawal.reason}` : "")),
        web: doc.url,
        parameter: [
          { valueName: "TLP", value: `TLP:${doc.tlp}` },
          { valueName: "reference", value: doc.reference },
          { valueName: "revision", value: String(doc.revision) },
        ],
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, suppressEmptyNode: true });
  return builder.build(alert) as string;
}
