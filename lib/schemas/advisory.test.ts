import { describe, expect, it } from "vitest";
import { englishMessage } from "@/lib/i18n/validation";
import en from "@/lib/i18n/messages/en.json";
import { ADVISORY_BODY_MAX_BYTES, advisoryListQuerySchema, createAdvisorySchema, decodeAdvisoryCursor, encodeAdvisoryCursor, updateAdvisorySchema } from "./advisory";

const valid = {
  title: "Gallium export licensing",
  summary: "Licences are delayed.",
  body: "Check your stock.",
  severity: "moderate",
  tlp: "AMBER+STRICT",
  targets: { products: ["crm_gallium"], countries: ["CN"] },
};

const errorsOf = (value: unknown) => {
  const parsed = createAdvisorySchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: englishMessage(i.message) }));
};

describe("the advisory schemas", () => {
  it("accept a valid draft, defaulting the missing target lists", () => {
    const parsed = createAdvisorySchema.parse(valid);
    expect(parsed.targets).toEqual({ products: ["crm_gallium"], countries: ["CN"], sectors: [], organisations: [] });
  });

  it("refuse unknown product, country and sector codes, each at its path", () => {
    expect(errorsOf({ ...valid, targets: { products: ["crm_gallium", "unobtainium"], countries: ["XX"], sectors: ["jsic_e16", "jsic_zz"] } })).toEqual([
      { path: "targets.products.1", message: en.validation.productCode },
      { path: "targets.countries.0", message: en.validation.country },
      { path: "targets.sectors.1", message: en.validation.sector },
    ]);
    expect(errorsOf({ ...valid, targets: { sectors: ["jsic_e16", "jsic_e16"] } })).toEqual([{ path: "targets.sectors", message: en.advisories.validation.duplicate }]);
  });

  it("take sectors alone as targets", () => {
    expect(createAdvisorySchema.parse({ ...valid, targets: { sectors: ["jsic_e16"] } }).targets).toEqual({ products: [], countries: [], sectors: ["jsic_e16"], organisations: [] });
  });

  it("refuse empty targets", () => {
    expect(errorsOf({ ...valid, targets: {} })).toEqual([{ path: "targets", message: en.advisories.validation.targetsEmpty }]);
    expect(errorsOf({ ...valid, targets: { products: [], countries: [], organisations: [] } })).toEqual([
      { path: "targets", message: en.advisories.validation.targetsEmpty },
    ]);
  });

  it("refuse a TLP label or severity outside the lists", () => {
    expect(errorsOf({ ...valid, tlp: "WHITE", severity: "urgent" })).toEqual([
      { path: "severity", message: en.advisories.validation.severity },
      { path: "tlp", message: en.advisories.validation.tlp },
    ]);
  });

  it("refuse a body over 100 kB of UTF-8 (counted in bytes, not characters)", () => {
    expect(errorsOf({ ...valid, body: "a".repeat(ADVISORY_BODY_MAX_BYTES) })).toEqual([]);
    expect(errorsOf({ ...valid, body: "a".repeat(ADVISORY_BODY_MAX_BYTES + 1) })).toEqual([{ path: "body", message: en.advisories.validation.bodyTooLarge }]);
    expect(errorsOf({ ...valid, body: "磁".repeat(40_000) })).toEqual([{ path: "body", message: en.advisories.validation.bodyTooLarge }]);
  });

  it("refuse unknown fields, duplicates, bad company ids and an empty change", () => {
    expect(errorsOf({ ...valid, publishNow: true }).map((e) => e.path)).toEqual(["(body)"]);
    expect(errorsOf({ ...valid, targets: { countries: ["CN", "CN"], organisations: ["nope"] } })).toEqual([
      { path: "targets.countries", message: en.advisories.validation.duplicate },
      { path: "targets.organisations.0", message: en.validation.uuid },
    ]);
    const empty = updateAdvisorySchema.safeParse({});
    expect(empty.success).toBe(false);
  });

  it("round-trips the list cursor and refuses a forged one", () => {
    const cursor = encodeAdvisoryCursor({ at: "2026-11-28T01:02:03.456789Z", id: "00000000-0000-4000-8000-000000000101" });
    expect(decodeAdvisoryCursor(cursor)).toEqual({ at: "2026-11-28T01:02:03.456789Z", id: "00000000-0000-4000-8000-000000000101" });
    expect(advisoryListQuerySchema.safeParse({ cursor: "bm9wZQ" }).success).toBe(false);
    expect(advisoryListQuerySchema.safeParse({ severity: "urgent" }).success).toBe(false);
  });
});
