import { describe, expect, it } from "vitest";
import { conflictDeclarationSchema, invitationSchema, organisationCreateSchema, ownConflictDeclarationSchema } from "./admin";

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);

describe("admin schemas", () => {
  it("needs a valid corporate number for a company, and none for other organisations", () => {
    expect(issues(organisationCreateSchema.safeParse({ type: "company", nameEn: "Kiri Metals", nameJa: "桐メタル", corporateNumber: "5010001000101" }))).toEqual([]);
    expect(issues(organisationCreateSchema.safeParse({ type: "company", nameEn: "Kiri Metals", nameJa: "桐メタル", corporateNumber: "5010001000102" }))).toEqual([
      "corporateNumber:validation.corporateNumber",
    ]);
    expect(issues(organisationCreateSchema.safeParse({ type: "agency", nameEn: "X", nameJa: "X", corporateNumber: "5010001000101" }))).toEqual([
      "corporateNumber:validation.corporateNumberCompaniesOnly",
    ]);
  });

  it("lower-cases an invited email and refuses an unknown role", () => {
    expect(invitationSchema.parse({ email: " New@ESB.example ", displayName: "N", organisationId: "00000000-0000-4000-8000-000000000201", role: "agency_reviewer" }).email).toBe(
      "new@esb.example",
    );
    expect(issues(invitationSchema.safeParse({ email: "x@y.example", displayName: "N", organisationId: "00000000-0000-4000-8000-000000000201", role: "root" }))).toEqual([
      "role:validation.role",
    ]);
  });

  it("takes a person's name only: no line breaks, control or bidirectional characters, nor a web address (it heads an invitation email)", () => {
    const invite = (displayName: string) => issues(invitationSchema.safeParse({ email: "x@y.example", displayName, organisationId: "00000000-0000-4000-8000-000000000201", role: "agency_reviewer" }));
    expect(invite("佐藤 遥 (Haruka Sato)")).toEqual([]);
    expect(invite("O'Brien-Smith, J.")).toEqual([]);
    for (const name of ["Sato\n\nYour account is locked", "Sato\u202Egnp.exe", "Sato\u0007", "Sato https://evil.example/reset", "Sato www.evil.example"]) {
      expect(invite(name), JSON.stringify(name)).toEqual(["displayName:validation.personName"]);
    }
  });

  it("wants a reason and a period that does not end before it starts", () => {
    expect(
      issues(conflictDeclarationSchema.safeParse({ companyId: "00000000-0000-4000-8000-000000000101", reason: "short", validFrom: "2026-12-01", validUntil: "2026-11-01" })),
    ).toEqual(["reason:validation.conflictReason", "validUntil:validation.dateRange"]);
  });

  it("takes only days of the calendar as a conflict's dates", () => {
    const declared = (validFrom: string, validUntil?: string) =>
      issues(conflictDeclarationSchema.safeParse({ companyId: "00000000-0000-4000-8000-000000000101", reason: "Former employee, until 2025.", validFrom, validUntil }));
    expect(declared(" 2028-02-29 ", "2028-03-01")).toEqual([]);
    expect(declared("2026-02-29")).toEqual(["validFrom:validation.date"]);
    expect(declared("2026-02-30")).toEqual(["validFrom:validation.date"]);
    expect(declared("2026-13-01")).toEqual(["validFrom:validation.date"]);
    expect(declared("0000-01-01")).toEqual(["validFrom:validation.date"]);
    expect(declared("2026-01-01", "2026-04-31")).toEqual(["validUntil:validation.date"]);
  });

  it("takes one's own declaration from the day it is checked on or earlier, and with no end date", () => {
    const own = (validFrom: string, validUntil?: string) =>
      issues(ownConflictDeclarationSchema("2026-05-01").safeParse({ companyId: "00000000-0000-4000-8000-000000000101", reason: "Former employee, until 2025.", validFrom, validUntil }));
    expect(own("2026-05-01")).toEqual([]);
    expect(own(" 2020-01-01 ", "")).toEqual([]);
    expect(own("2026-05-02")).toEqual(["validFrom:validation.conflictStartsLater"]);
    expect(own("2099-01-01")).toEqual(["validFrom:validation.conflictStartsLater"]);
    // A day that is no day is only that.
    expect(own("2099-02-30")).toEqual(["validFrom:validation.date"]);
    expect(own("2026-01-01", "2099-12-31")).toEqual(["validUntil:validation.conflictEndByAdmin"]);
    expect(own("2026-05-01", "2026-05-01")).toEqual(["validUntil:validation.conflictEndByAdmin"]);
    expect(own("2026-05-01", "not a day")).toEqual(["validUntil:validation.conflictEndByAdmin"]);
    // An admin's declaration may start later and end.
    expect(issues(conflictDeclarationSchema.safeParse({ companyId: "00000000-0000-4000-8000-000000000101", reason: "Former employee, until 2025.", validFrom: "2099-01-01", validUntil: "2099-12-31" }))).toEqual([]);
  });
});
