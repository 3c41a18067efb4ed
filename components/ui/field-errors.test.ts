import { describe, expect, it } from "vitest";
import { placeFieldErrors, shownPaths } from "./field-errors";

describe("placeFieldErrors", () => {
  const fieldFor = shownPaths("companyId", "reason", "validFrom", "validUntil");

  it("puts each error on the field that shows it, the first message of each, in the server's order", () => {
    expect(placeFieldErrors({ reason: ["validation.conflictReason", "validation.tooLong"], validUntil: ["validation.dateRange"] }, fieldFor)).toEqual({
      placed: [
        { field: "reason", message: "validation.conflictReason" },
        { field: "validUntil", message: "validation.dateRange" },
      ],
      unplaced: [],
    });
  });

  it("keeps apart what no control shows (a hidden id), so that the form can say it in words", () => {
    expect(placeFieldErrors({ userId: ["validation.agencyStaffConflict"], companyId: ["validation.company"] }, fieldFor)).toEqual({
      placed: [{ field: "companyId", message: "validation.company" }],
      unplaced: ["validation.agencyStaffConflict"],
    });
  });

  it("says each message once, and nothing for no errors", () => {
    expect(placeFieldErrors({ "a.0": ["validation.x"], "a.1": ["validation.x"] }, () => undefined)).toEqual({ placed: [], unplaced: ["validation.x"] });
    expect(placeFieldErrors(undefined, fieldFor)).toEqual({ placed: [], unplaced: [] });
    expect(placeFieldErrors({ reason: [] }, fieldFor)).toEqual({ placed: [], unplaced: [] });
  });

  it("lets a form map several paths onto one field (the first error wins)", () => {
    const toTargets = (path: string) => (path.startsWith("targets.") ? path.split(".").slice(0, 2).join(".") : undefined);
    expect(placeFieldErrors({ "targets.products.0": ["validation.product"], "targets.products.3": ["validation.other"] }, toTargets).placed).toEqual([
      { field: "targets.products", message: "validation.product" },
    ]);
  });
});
