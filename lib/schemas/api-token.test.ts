import { describe, expect, it } from "vitest";
import { apiTokenCreateSchema } from "./api-token";

describe("apiTokenCreateSchema", () => {
  it.each([1, 30, 365, "90"])("accepts an expiry of %s days", (expiresInDays) => {
    const parsed = apiTokenCreateSchema.parse({ name: " compliance sync ", expiresInDays });
    expect(parsed).toEqual({ name: "compliance sync", expiresInDays: Number(expiresInDays) });
  });

  it.each([0, -1, 366, 10_000])("rejects an expiry of %s days as out of range", (expiresInDays) => {
    const result = apiTokenCreateSchema.safeParse({ name: "sync", expiresInDays });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["validation.expiryRange"]);
  });

  it("rejects a fractional expiry", () => {
    const result = apiTokenCreateSchema.safeParse({ name: "sync", expiresInDays: 1.5 });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["validation.integer"]);
  });

  it("rejects a blank name and unknown fields", () => {
    const result = apiTokenCreateSchema.safeParse({ name: "  ", expiresInDays: 30, scope: "all" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join(".") || i.code);
    expect(paths).toContain("name");
    expect(result.error!.issues.some((i) => i.code === "unrecognized_keys")).toBe(true);
  });
});
