import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { approveAdvisory } from "./approve-advisory";
import { getAdvisory } from "./get-advisory";
import { getAdvisoryDocument } from "./get-advisory-document";
import { listAdvisories } from "./list-advisories";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";

// Where an advisory's words are served. A revision's change summary is the revision's own words, so a
// company reads it only where it may read the revision — one delivered to it, or TLP:CLEAR: relabelling an
// advisory CLEAR does not open its earlier, restricted revisions' words. And under limited disclosure
// (AMBER, AMBER+STRICT, RED) the words are read on the advisory's page only, where each reading is recorded:
// lists carry no summary of it.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const { as, published } = advisoryKit(() => t);

async function publishRevision(id: string, revision: ReturnType<typeof magnets> & { changeSummary: string }) {
  expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision } }))).error).toBeNull();
  expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
  expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }))).error).toBeNull();
}

describe(`advisory revision history on ${testDatabaseKind()}`, () => {
  it("shows a company that was not sent the restricted revisions none of their change summaries once the advisory is relabelled CLEAR", async () => {
    const id = await published(magnets({ title: "Magnet licences", tlp: "AMBER" }));
    await publishRevision(id, { ...magnets({ title: "Magnet licences", tlp: "AMBER" }), changeSummary: "Hoshino's Dy stock is the one at risk (ZZ-amber-words)." });
    await publishRevision(id, { ...magnets({ title: "Magnet licences", tlp: "CLEAR" }), changeSummary: "Made public." });

    // Aoba deals in no magnets: it reads the CLEAR advisory, not what its AMBER revisions said.
    const outsider = await as("officer@aoba.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(outsider.value).toMatchObject({ revision: 3, tlp: "CLEAR", delivery: null });
    expect(outsider.value!.revisions.map((r) => [r.number, r.changeSummary])).toEqual([[1, null], [2, null], [3, "Made public."]]);
    for (const format of ["csaf", "cap"] as const) {
      const document = await as("officer@aoba.example", (ctx) => getAdvisoryDocument({ ctx, input: { id, format } }));
      expect(document.error).toBeNull();
      expect(JSON.stringify(document.value)).not.toContain("ZZ-amber-words");
    }

    // Tsubame was sent every revision: it reads every summary.
    const sent = await as("officer@tsubame.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(sent.value!.revisions.map((r) => [r.number, r.changeSummary])).toEqual([[1, null], [2, "Hoshino's Dy stock is the one at risk (ZZ-amber-words)."], [3, "Made public."]]);
    const csaf = await as("officer@tsubame.example", (ctx) => getAdvisoryDocument({ ctx, input: { id, format: "csaf" } }));
    expect(JSON.stringify(csaf.value)).toContain("ZZ-amber-words");
  });

  it("lists a limited-disclosure advisory without its summary, to companies and agency staff alike; a shareable one with it", async () => {
    const amber = await published(magnets({ title: "Amber listing", summary: "ZZ-amber-summary", tlp: "AMBER" }));
    const green = await published(magnets({ title: "Green listing", summary: "Stocks are low.", tlp: "GREEN" }));
    for (const email of ["officer@tsubame.example", REVIEWER]) {
      const { value } = await as(email, (ctx) => listAdvisories({ ctx, input: { limit: 100 } }));
      const item = (id: string) => value!.items.find((i) => i.id === id)!;
      expect({ email, amber: item(amber).summary, green: item(green).summary }).toEqual({ email, amber: "", green: "Stocks are low." });
      expect(item(amber).title).toBe("Amber listing");
    }
  });
});
