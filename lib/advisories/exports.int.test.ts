import validateStrict from "@secvisogram/csaf-validator-lib/validateStrict.js";
import * as basic from "@secvisogram/csaf-validator-lib/basic.js";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateAdvisoryInput } from "@/lib/schemas/advisory";
import { approveAdvisory } from "@/lib/services/approve-advisory";
import { createAdvisory } from "@/lib/services/create-advisory";
import { getAdvisoryDocument } from "@/lib/services/get-advisory-document";
import { getAdvisoryFeed } from "@/lib/services/get-advisory-feed";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { requestAdvisoryApproval } from "@/lib/services/request-advisory-approval";
import { reviseAdvisory } from "@/lib/services/revise-advisory";
import { withdrawAdvisory } from "@/lib/services/withdraw-advisory";
import { callAs, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "@/lib/services/context";
import { toAtom } from "./atom";
import { CAP_NAMESPACE, toCap } from "./cap";
import { toCsaf } from "./csaf";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function value<T>(email: string, call: (ctx: RequestContext) => Promise<T>): Promise<T> {
  const result = await callAs(t, email, call);
  if (result.error) throw result.error;
  return result.value as T;
}

const input = (overrides: Partial<CreateAdvisoryInput> = {}): CreateAdvisoryInput => ({
  title: "Gallium & germanium: export licences <delayed>",
  summary: "Licences for gallium and germanium exports from CN take 45 days or more.",
  body: "## Advice\n\n1. Review inventory.\n2. Qualify a second source.\n\n<script>alert(1)</script>",
  severity: "high",
  tlp: "AMBER+STRICT",
  targets: { products: ["crm_gallium"], countries: ["CN"], organisations: [] },
  ...overrides,
});

async function publish(advisory: CreateAdvisoryInput): Promise<string> {
  const { id } = await value("reviewer@esb.example", (ctx) => createAdvisory({ ctx, input: advisory }));
  await value("reviewer@esb.example", (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
  await value("approver@esb.example", (ctx) => approveAdvisory({ ctx, input: { id } }));
  return id;
}

const doc = (email: string, id: string, format: "csaf" | "cap" = "csaf") => value(email, (ctx) => getAdvisoryDocument({ ctx, input: { id, format } }));

async function expectValidCsaf(document: unknown): Promise<void> {
  const result = await validateStrict(Object.values(basic), document);
  const failed = result.tests.filter((r) => !r.isValid).map((r) => ({ test: r.name, errors: r.errors }));
  expect(failed).toEqual([]);
  expect(result.isValid).toBe(true);
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false, isArray: (name) => name === "parameter" });
type CapAlert = Record<string, string | undefined> & { "@_xmlns": string; info: Record<string, string> & { parameter: { valueName: string; value: string }[] } };
const parseCap = (xml: string) => (parser.parse(xml) as { alert: CapAlert }).alert;
const capDate = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/;

describe(`advisory exports on ${testDatabaseKind()}`, () => {
  let id: string;
  beforeAll(async () => {
    id = await publish(input());
  });

  it("exports a valid CSAF 2.0 csaf_base document (schema and every mandatory test), mapping TLP 2.0 to 1.0", async () => {
    const csaf = toCsaf(await doc("officer@aoba.example", id));
    await expectValidCsaf(csaf);
    // The validator is not a rubber stamp: without its tracking the same document fails.
    const untracked: Record<string, unknown> = { ...csaf.document };
    delete untracked.tracking;
    expect((await validateStrict(Object.values(basic), { document: untracked })).isValid).toBe(false);
    const d = csaf.document;
    expect(d).toMatchObject({
      category: "csaf_base",
      csaf_version: "2.0",
      title: "Gallium & germanium: export licences <delayed>",
      publisher: { category: "coordinator", name: "Economic Security Bureau", namespace: "https://kakehashi.example" },
      // AMBER+STRICT: the 1.0 label that does not widen its audience (AMBER would admit clients).
      distribution: { tlp: { label: "RED", url: "https://www.first.org/tlp/" } },
      tracking: { status: "final", version: "1", revision_history: [{ number: "1", summary: "Initial publication." }] },
    });
    expect(d.tracking.id).toMatch(/^KH-ADV-\d{4}-\d{4}$/);
    expect(d.tracking.initial_release_date).toBe(d.tracking.current_release_date);
    expect(d.notes.map((n) => n.category)).toEqual(["summary", "description", "legal_disclaimer"]);
    expect(d.notes[2]!.text).toContain("TLP:AMBER+STRICT");
    expect(d.notes[2]!.text).toContain("labelled TLP:RED");
    expect(d.references[0]).toMatchObject({ category: "self", url: expect.stringContaining(`/company/advisories/${id}`) });
  });

  it("keeps CSAF valid through revision, withdrawal, a draft and TLP:CLEAR", async () => {
    await value("reviewer@esb.example", (ctx) => reviseAdvisory({ ctx, input: { id, revision: { ...input({ severity: "critical" }), changeSummary: "Licences now refused outright." } } }));
    await value("reviewer@esb.example", (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
    await value("approver@esb.example", (ctx) => approveAdvisory({ ctx, input: { id } }));
    const revised = toCsaf(await doc("officer@aoba.example", id));
    await expectValidCsaf(revised);
    expect(revised.document.tracking).toMatchObject({ version: "2", revision_history: [{ number: "1" }, { number: "2", summary: "Licences now refused outright." }] });
    expect(revised.document.aggregate_severity).toEqual({ text: "Critical" });

    const clear = await publish(input({ tlp: "CLEAR", title: "Public notice" }));
    await value("approver@esb.example", (ctx) => withdrawAdvisory({ ctx, input: { id: clear, reason: "Issued in error, see the bureau's site." } }));
    const withdrawn = toCsaf(await doc("officer@minato.example", clear));
    await expectValidCsaf(withdrawn);
    expect(withdrawn.document.distribution.tlp.label).toBe("WHITE");
    expect(withdrawn.document.tracking).toMatchObject({ status: "final", version: "2", revision_history: [{ number: "1" }, { number: "2", summary: "Withdrawn: Issued in error, see the bureau's site." }] });

    const { id: draft } = await value("reviewer@esb.example", (ctx) => createAdvisory({ ctx, input: input({ tlp: "RED" }) }));
    const drafted = toCsaf(await doc("reviewer@esb.example", draft));
    await expectValidCsaf(drafted);
    expect(drafted.document.tracking).toMatchObject({ status: "draft", version: "0" });
    // Companies never see a draft, whatever the format.
    const company = await callAs(t, "officer@aoba.example", (ctx) => getAdvisoryDocument({ ctx, input: { id: draft, format: "csaf" } }));
    expect(company.error).toBeInstanceOf(NotFoundError);
  });

  it("records every export under limited disclosure (who, which format and revision), and none of shareable content", async () => {
    const limited = await callAs(t, "officer@aoba.example", (ctx) => getAdvisoryDocument({ ctx, input: { id, format: "cap" } }));
    expect(limited.error).toBeNull();
    expect(limited.events).toEqual([
      expect.objectContaining({ action: "advisory.export", outcome: "allowed", targetType: "advisory", targetId: id, details: { format: "cap", revision: limited.value!.revision, tlp: "AMBER+STRICT" } }),
    ]);
    const agency = await callAs(t, "reviewer@esb.example", (ctx) => getAdvisoryDocument({ ctx, input: { id, format: "csaf" } }));
    expect(agency.events).toEqual([expect.objectContaining({ action: "advisory.export", details: expect.objectContaining({ format: "csaf", tlp: "AMBER+STRICT" }) })]);
    const green = await publish(input({ tlp: "GREEN", title: "Community notice" }));
    const shareable = await callAs(t, "officer@aoba.example", (ctx) => getAdvisoryDocument({ ctx, input: { id: green, format: "csaf" } }));
    expect(shareable.error).toBeNull();
    expect(shareable.events).toEqual([]);
  });

  it("exports CAP 1.2 with every required element, msgType following the history, parsed back from the XML", async () => {
    const first = await publish(input({ title: "Alert & <test>", severity: "moderate" }));
    const alert = parseCap(toCap(await doc("officer@aoba.example", first, "cap")));
    expect(alert["@_xmlns"]).toBe(CAP_NAMESPACE);
    expect(alert.identifier).toMatch(/^KH-ADV-\d{4}-\d{4}-1$/);
    expect(alert.sender).toMatch(/^[^\s,<&]+@kakehashi\.example$/);
    expect(alert.sent).toMatch(capDate);
    expect(alert).toMatchObject({ status: "Actual", msgType: "Alert", scope: "Restricted" });
    expect(alert.restriction).toContain("TLP:AMBER+STRICT");
    expect(alert.references).toBeUndefined();
    expect(alert.info).toMatchObject({
      language: "en-US",
      category: "Security",
      event: "Supply-chain advisory",
      urgency: "Future",
      severity: "Moderate",
      certainty: "Possible",
      senderName: "Economic Security Bureau",
      headline: "Alert & <test>",
    });
    expect(alert.info.description).toContain("Licences for gallium");
    expect(alert.info.description).toContain("## Advice");
    expect(alert.info.parameter).toContainEqual({ valueName: "TLP", value: "TLP:AMBER+STRICT" });

    const update = parseCap(toCap(await doc("officer@aoba.example", id, "cap")));
    expect(update).toMatchObject({ msgType: "Update", identifier: expect.stringMatching(/-2$/) });
    expect(update.references).toMatch(new RegExp(`^${update.sender},KH-ADV-\\d{4}-\\d{4}-1,\\S+$`));
    expect(update.info).toMatchObject({ severity: "Extreme", urgency: "Immediate" });

    await value("approver@esb.example", (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "The licensing regime was lifted." } }));
    const cancel = parseCap(toCap(await doc("officer@aoba.example", id, "cap")));
    expect(cancel).toMatchObject({ msgType: "Cancel", status: "Actual", note: "Withdrawn: The licensing regime was lifted." });
    expect(cancel.identifier).toMatch(/-2-cancel$/);
    expect(cancel.references!.split(" ")).toHaveLength(2);
    expect(cancel.info.urgency).toBe("Past");

    const { id: draft } = await value("reviewer@esb.example", (ctx) => createAdvisory({ ctx, input: input() }));
    const drafted = parseCap(toCap(await doc("reviewer@esb.example", draft, "cap")));
    expect(drafted).toMatchObject({ status: "Draft", msgType: "Alert" });
    // A draft's message never shares the identifier of the one its publication will send.
    expect(drafted.identifier).toMatch(/^KH-ADV-\d{4}-\d{4}-1-draft-\d{8}T\d+Z$/);
  });

  it("keeps CAP and Atom well-formed XML whatever the advisory's text holds, and TLP:CLEAR public", async () => {
    // Control characters are refused on the way in now (validation.hiddenCharacters); text written before that
    // rule may still hold them, so the exports are given such text directly.
    const text = { title: `${"x".repeat(159)}𠮷 form\ffeed \u001b[31mred`, summary: "Stocks low\fsee annex", body: "Body\u0007bell" };
    const refused = await callAs(t, "reviewer@esb.example", (ctx) => createAdvisory({ ctx, input: input({ tlp: "CLEAR", ...text }) }));
    expect((refused.error as ValidationError).fieldErrors.map((e) => e.message)).toEqual(["validation.hiddenCharacters", "validation.hiddenCharacters", "validation.hiddenCharacters"]);
    const pasted = await publish(input({ tlp: "CLEAR" }));
    const cap = toCap({ ...(await doc("officer@aoba.example", pasted, "cap")), ...text });
    const feed = await value("officer@aoba.example", (ctx) => getAdvisoryFeed({ ctx, input: undefined }));
    const entries = feed.entries.map((e) => (e.id === pasted ? { ...e, ...text } : e));
    for (const xml of [cap, toAtom(feed.company, entries)]) {
      expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      expect(xml.isWellFormed()).toBe(true);
    }
    const alert = parseCap(cap);
    expect(alert).toMatchObject({ scope: "Public" });
    expect(alert.restriction).toBeUndefined();
    // Cut at 160 characters, never inside a surrogate pair.
    const headline = alert.info.headline!;
    expect(headline.isWellFormed()).toBe(true);
    expect(Array.from(headline)).toHaveLength(160);
  });

  it("lists in a company's Atom feed only what was delivered to it", async () => {
    const aoba = await value("officer@aoba.example", (ctx) => getAdvisoryFeed({ ctx, input: undefined }));
    const minato = await value("officer@minato.example", (ctx) => getAdvisoryFeed({ ctx, input: undefined }));
    expect(aoba.entries.map((e) => e.id)).toContain(id);
    expect(minato.entries.map((e) => e.id)).not.toContain(id);
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" }).parse(toAtom(aoba.company, aoba.entries)) as {
      feed: { title: string; entry: { id: string; title: { "#text": string } }[] };
    };
    expect(xml.feed.title).toBe("Kakehashi advisories for Aoba Semiconductor Materials");
    const entry = xml.feed.entry.find((e) => e.id === `urn:uuid:${id}`)!;
    expect(entry.title["#text"]).toContain("[WITHDRAWN]");
    // Under limited disclosure, the withdrawal's reason is read (and recorded) on its page only.
    expect(JSON.stringify(entry)).not.toContain("licensing regime was lifted");
    // Nor its title or summary: like an email, the feed says only that there is something to read, and where.
    expect(entry.title["#text"]).toMatch(/^\[CRITICAL\] \[TLP:AMBER\+STRICT\] \[WITHDRAWN\] \S+$/);
    expect(JSON.stringify(entry)).not.toContain("Gallium");
    expect(JSON.stringify(entry)).toContain("Limited disclosure: sign in to Kakehashi to read it; each reading is recorded.");
    // The service hands the feed nothing more: the words of a limited advisory never leave it unrecorded.
    const given = aoba.entries.find((e) => e.id === id)!;
    expect(given).toMatchObject({ title: "", summary: "", body: "", withdrawal: { reason: "" } });
    expect(given.history.every((h) => h.changeSummary === null)).toBe(true);
    expect(JSON.stringify(given)).not.toMatch(/Gallium|licensing regime was lifted/);
    const agency = await callAs(t, "reviewer@esb.example", (ctx) => getAdvisoryFeed({ ctx, input: undefined }));
    expect(agency.error).toBeInstanceOf(NotFoundError);
  });

  it("says the feed's own words in the language asked for (?lang=ja), the advisory's as written; any other language or parameter is refused", async () => {
    const feed = await value("officer@aoba.example", (ctx) => getAdvisoryFeed({ ctx, input: { query: { lang: "ja" } } }));
    expect(feed.language).toBe("ja");
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" }).parse(toAtom(feed.company, feed.entries, feed.language)) as {
      feed: { title: string; rights: string; link: { "@_rel"?: string; "@_href": string }[]; entry: { id: string; title: { "#text": string }; summary: { "#text": string }; author: { name: string } }[] };
    };
    expect(xml.feed.title).toBe(`架け橋（Kakehashi）の勧告：${feed.company.nameJa}`);
    expect(xml.feed.rights).toBe("各勧告の TLP ラベルが、共有してよい範囲を定めます。");
    expect(xml.feed.link.find((l) => l["@_rel"] === "self")!["@_href"]).toMatch(/\/api\/v1\/advisories\/feed\.atom\?lang=ja$/);
    const entry = xml.feed.entry.find((e) => e.id === `urn:uuid:${id}`)!;
    expect(entry.title["#text"]).toMatch(/^\[緊急\] \[TLP:AMBER\+STRICT\] \[撤回\] \S+$/);
    expect(entry.summary["#text"]).toBe("撤回されました。\n\n限定開示：架け橋にサインインして読んでください。閲覧はすべて記録されます。");
    expect(entry.author.name).toBe("経済安全保障局");
    // Not given, or blank, English.
    for (const query of [{}, { lang: "" }]) expect((await value("officer@aoba.example", (ctx) => getAdvisoryFeed({ ctx, input: { query } }))).language).toBe("en");
    for (const query of [{ lang: "fr" }, { lang: ["ja", "en"] }, { since: "2026-01-01" }]) {
      const refused = await callAs(t, "officer@aoba.example", (ctx) => getAdvisoryFeed({ ctx, input: { query } }));
      expect(refused.error).toBeInstanceOf(ValidationError);
      expect((refused.error as ValidationError).fieldErrors[0]!.path).toBe(Object.keys(query)[0]);
    }
  });

  it("orders and cuts a company's Atom feed by each advisory's latest change, its entry's updated: a withdrawal or supersession of an old advisory reaches it", async () => {
    const feed = (size: number) => value("officer@aoba.example", (ctx) => getAdvisoryFeed({ ctx, input: undefined }, size));
    const published: string[] = [];
    for (const title of ["First", "Second", "Third", "Fourth"]) published.push(await publish(input({ title })));
    const [first, second, third, fourth] = published as [string, string, string, string];
    expect((await feed(3)).entries.map((e) => e.id)).toEqual([fourth, third, second]);

    // The oldest, withdrawn: a compliance system learns of a withdrawal from the feed alone.
    await value("approver@esb.example", (ctx) => withdrawAdvisory({ ctx, input: { id: first, reason: "Issued in error." } }));
    const withdrawnAt = (await doc("officer@aoba.example", first)).withdrawal!.at;
    const afterWithdrawal = await feed(3);
    expect(afterWithdrawal.entries.map((e) => e.id)).toEqual([first, fourth, third]);
    // Still a limited entry: the withdrawal's time, never its reason.
    expect(afterWithdrawal.entries[0]).toMatchObject({ updated: withdrawnAt, title: "", withdrawal: { at: withdrawnAt, reason: "" } });

    // The second, superseded: updated when its replacement is published, and sorted by that time.
    const replacement = await publish(input({ title: "Replacement", supersedes: second }));
    const supersededAt = (await doc("officer@aoba.example", replacement)).firstPublishedAt!;
    const { company, entries } = await feed(4);
    expect(new Set(entries.slice(0, 2).map((e) => e.id))).toEqual(new Set([replacement, second]));
    expect(entries.slice(2).map((e) => e.id)).toEqual([first, fourth]);
    expect(entries.find((e) => e.id === second)).toMatchObject({ status: "superseded", updated: supersededAt });
    expect(entries.map((e) => e.updated)).toEqual(entries.map((e) => e.updated).sort().reverse());

    // The Atom document dates each entry by that same time.
    const xml = new XMLParser({ isArray: (name) => name === "entry" }).parse(toAtom(company, entries)) as { feed: { updated: string; entry: { id: string; updated: string }[] } };
    const updated = Object.fromEntries(xml.feed.entry.map((e) => [e.id, e.updated]));
    expect(updated[`urn:uuid:${first}`]).toBe(withdrawnAt);
    expect(updated[`urn:uuid:${second}`]).toBe(supersededAt);
    expect(xml.feed.updated).toBe(supersededAt);
  });
});
